-- CreateIndex
CREATE INDEX "Service_updatedAt_idx" ON "Service"("updatedAt");
