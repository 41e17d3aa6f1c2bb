-- AlterTable
ALTER TABLE "Payment" ADD COLUMN "payBy" DATETIME;
ALTER TABLE "Payment" ADD COLUMN "paymentMethodId" TEXT;
ALTER TABLE "Payment" ADD COLUMN "setupIntentId" TEXT;

-- CreateTable
CREATE TABLE "StripeCustomer" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "StripeCustomer_customerId_key" ON "StripeCustomer"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_setupIntentId_key" ON "Payment"("setupIntentId");
