-- AlterTable (a column with a default: no table rebuild, so the triggers on the table stay)
ALTER TABLE "ProviderProfile" ADD COLUMN "unlisted" BOOLEAN NOT NULL DEFAULT false;
