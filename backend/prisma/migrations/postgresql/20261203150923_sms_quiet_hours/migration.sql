-- CreateTable
CREATE TABLE "SmsQuietHours" (
    "userId" TEXT NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmsQuietHours_pkey" PRIMARY KEY ("userId")
);
