-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Service_status_publishedAt_idx" ON "Service"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Service_status_priceMinor_idx" ON "Service"("status", "priceMinor");
