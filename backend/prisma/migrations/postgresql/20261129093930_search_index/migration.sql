-- DropIndex (substring search through pg_trgm gives way to the tsvector below)
DROP INDEX "Service_searchText_idx";

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "listed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "searchText")) STORED,
ADD COLUMN     "titleText" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "SearchTerm" (
    "id" SERIAL NOT NULL,
    "term" TEXT NOT NULL,

    CONSTRAINT "SearchTerm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchTerm_term_key" ON "SearchTerm"("term");

-- CreateIndex
CREATE INDEX "Service_listed_categoryId_idx" ON "Service"("listed", "categoryId");

-- CreateIndex
CREATE INDEX "Service_listed_cityId_idx" ON "Service"("listed", "cityId");

-- CreateIndex
CREATE INDEX "Service_listed_publishedAt_idx" ON "Service"("listed", "publishedAt");

-- CreateIndex
CREATE INDEX "Service_listed_priceMinor_idx" ON "Service"("listed", "priceMinor");

-- CreateIndex
CREATE INDEX "Service_searchVector_idx" ON "Service" USING GIN ("searchVector");

-- "searchVector" (written by hand: Prisma knows it only as an unsupported type) is generated
-- from "searchText", which is already normalised, hence the 'simple' configuration.
-- Substring matching through pg_trgm gave way to it (the extension stays for later use).
