-- CreateTable
CREATE TABLE "KycDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "profileId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "uploadId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KycDocument_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "ProviderProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "KycDocument_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KycWebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProviderProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "languages" TEXT NOT NULL DEFAULT 'fr',
    "cityId" TEXT,
    "serviceRadiusKm" INTEGER NOT NULL DEFAULT 20,
    "skills" TEXT NOT NULL DEFAULT '',
    "extraCities" TEXT NOT NULL DEFAULT '',
    "yearsExperience" INTEGER NOT NULL DEFAULT 0,
    "photoUploadId" TEXT,
    "businessNumber" TEXT NOT NULL DEFAULT '',
    "onboardingSteps" TEXT NOT NULL DEFAULT '[]',
    "kycStatus" TEXT NOT NULL DEFAULT 'draft',
    "kycReason" TEXT,
    "kycSubmittedAt" DATETIME,
    "kycDecidedAt" DATETIME,
    "identityVerifiedAt" DATETIME,
    "certificateVerifiedAt" DATETIME,
    "kycApplicantId" TEXT,
    "kycVendorSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProviderProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProviderProfile_cityId_fkey" FOREIGN KEY ("cityId") REFERENCES "City" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ProviderProfile" ("bio", "cityId", "createdAt", "id", "kycStatus", "languages", "serviceRadiusKm", "updatedAt", "userId") SELECT "bio", "cityId", "createdAt", "id", "kycStatus", "languages", "serviceRadiusKm", "updatedAt", "userId" FROM "ProviderProfile";
DROP TABLE "ProviderProfile";
ALTER TABLE "new_ProviderProfile" RENAME TO "ProviderProfile";
CREATE UNIQUE INDEX "ProviderProfile_userId_key" ON "ProviderProfile"("userId");
CREATE UNIQUE INDEX "ProviderProfile_kycApplicantId_key" ON "ProviderProfile"("kycApplicantId");
CREATE INDEX "ProviderProfile_cityId_idx" ON "ProviderProfile"("cityId");
CREATE INDEX "ProviderProfile_kycStatus_kycSubmittedAt_idx" ON "ProviderProfile"("kycStatus", "kycSubmittedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "KycDocument_uploadId_key" ON "KycDocument"("uploadId");

-- CreateIndex
CREATE UNIQUE INDEX "KycDocument_profileId_type_key" ON "KycDocument"("profileId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "KycWebhookEvent_key_key" ON "KycWebhookEvent"("key");
