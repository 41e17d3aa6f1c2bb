-- AlterTable
ALTER TABLE "ProviderProfile" ADD COLUMN     "unlisted" BOOLEAN NOT NULL DEFAULT false;
