-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "ServicePhoto" (
    "serviceId" TEXT NOT NULL,
    "uploadId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ServicePhoto_pkey" PRIMARY KEY ("serviceId","uploadId")
);

-- CreateIndex
CREATE INDEX "ServicePhoto_uploadId_idx" ON "ServicePhoto"("uploadId");

-- AddForeignKey
ALTER TABLE "ServicePhoto" ADD CONSTRAINT "ServicePhoto_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServicePhoto" ADD CONSTRAINT "ServicePhoto_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;
