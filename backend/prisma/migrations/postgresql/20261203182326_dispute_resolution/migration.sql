-- AlterEnum
ALTER TYPE "BookingStatus" ADD VALUE 'resolved';

-- CreateTable
CREATE TABLE "DisputeResolution" (
    "bookingId" TEXT NOT NULL,
    "refundMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "resolvedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisputeResolution_pkey" PRIMARY KEY ("bookingId")
);
