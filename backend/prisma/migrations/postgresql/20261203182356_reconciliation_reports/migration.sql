-- CreateTable
CREATE TABLE "ReconciliationReport" (
    "id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "stripeCount" INTEGER NOT NULL,
    "ledgerCount" INTEGER NOT NULL,
    "differences" INTEGER NOT NULL,
    "ranAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationLine" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "balanceTransaction" TEXT,
    "stripeAmountMinor" INTEGER,
    "ledgerAmountMinor" INTEGER,
    "currency" TEXT NOT NULL,

    CONSTRAINT "ReconciliationLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationReport_day_key" ON "ReconciliationReport"("day");

-- CreateIndex
CREATE INDEX "ReconciliationLine_reportId_idx" ON "ReconciliationLine"("reportId");

-- AddForeignKey
ALTER TABLE "ReconciliationLine" ADD CONSTRAINT "ReconciliationLine_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ReconciliationReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
