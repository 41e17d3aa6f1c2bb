-- CreateTable
CREATE TABLE "SmsQuietHours" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
