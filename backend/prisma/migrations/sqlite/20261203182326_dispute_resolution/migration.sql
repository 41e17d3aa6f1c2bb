-- CreateTable
CREATE TABLE "DisputeResolution" (
    "bookingId" TEXT NOT NULL PRIMARY KEY,
    "refundMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "resolvedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
