-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "KycStatus" ADD VALUE 'in_review';
ALTER TYPE "KycStatus" ADD VALUE 'suspended';

-- AlterTable
ALTER TABLE "ProviderProfile" ADD COLUMN     "businessNumber" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "certificateVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "extraCities" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "identityVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "kycApplicantId" TEXT,
ADD COLUMN     "kycDecidedAt" TIMESTAMP(3),
ADD COLUMN     "kycReason" TEXT,
ADD COLUMN     "kycSubmittedAt" TIMESTAMP(3),
ADD COLUMN     "kycVendorSeenAt" TIMESTAMP(3),
ADD COLUMN     "onboardingSteps" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "photoUploadId" TEXT,
ADD COLUMN     "skills" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "yearsExperience" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "KycDocument" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "uploadId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KycDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KycWebhookEvent" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KycWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "KycDocument_uploadId_key" ON "KycDocument"("uploadId");

-- CreateIndex
CREATE UNIQUE INDEX "KycDocument_profileId_type_key" ON "KycDocument"("profileId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "KycWebhookEvent_key_key" ON "KycWebhookEvent"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderProfile_kycApplicantId_key" ON "ProviderProfile"("kycApplicantId");

-- CreateIndex
CREATE INDEX "ProviderProfile_kycStatus_kycSubmittedAt_idx" ON "ProviderProfile"("kycStatus", "kycSubmittedAt");

-- AddForeignKey
ALTER TABLE "KycDocument" ADD CONSTRAINT "KycDocument_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "ProviderProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KycDocument" ADD CONSTRAINT "KycDocument_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;
