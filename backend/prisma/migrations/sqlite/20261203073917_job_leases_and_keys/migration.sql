-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "idempotencyKey" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "lockedBy" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- The dead letter is called dead now (it was failed).
UPDATE "OutboxMessage" SET "status" = 'dead' WHERE "status" = 'failed';
