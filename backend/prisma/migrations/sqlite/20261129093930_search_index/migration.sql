-- CreateTable
CREATE TABLE "SearchTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "term" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Service" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerId" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "translations" TEXT NOT NULL DEFAULT '{}',
    "priceModel" TEXT NOT NULL DEFAULT 'fixed',
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'MAD',
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "cityId" TEXT NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "radiusKm" INTEGER NOT NULL DEFAULT 10,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "searchText" TEXT NOT NULL DEFAULT '',
    "titleText" TEXT NOT NULL DEFAULT '',
    "listed" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Service_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Service_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Service_cityId_fkey" FOREIGN KEY ("cityId") REFERENCES "City" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Service" ("categoryId", "cityId", "createdAt", "currency", "description", "durationMinutes", "id", "latitude", "locale", "longitude", "priceMinor", "priceModel", "providerId", "publishedAt", "radiusKm", "searchText", "slug", "status", "title", "translations", "updatedAt") SELECT "categoryId", "cityId", "createdAt", "currency", "description", "durationMinutes", "id", "latitude", "locale", "longitude", "priceMinor", "priceModel", "providerId", "publishedAt", "radiusKm", "searchText", "slug", "status", "title", "translations", "updatedAt" FROM "Service";
DROP TABLE "Service";
ALTER TABLE "new_Service" RENAME TO "Service";
CREATE UNIQUE INDEX "Service_slug_key" ON "Service"("slug");
CREATE INDEX "Service_categoryId_status_idx" ON "Service"("categoryId", "status");
CREATE INDEX "Service_cityId_status_idx" ON "Service"("cityId", "status");
CREATE INDEX "Service_providerId_idx" ON "Service"("providerId");
CREATE INDEX "Service_status_publishedAt_idx" ON "Service"("status", "publishedAt");
CREATE INDEX "Service_status_priceMinor_idx" ON "Service"("status", "priceMinor");
CREATE INDEX "Service_listed_categoryId_idx" ON "Service"("listed", "categoryId");
CREATE INDEX "Service_listed_cityId_idx" ON "Service"("listed", "cityId");
CREATE INDEX "Service_listed_publishedAt_idx" ON "Service"("listed", "publishedAt");
CREATE INDEX "Service_listed_priceMinor_idx" ON "Service"("listed", "priceMinor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SearchTerm_term_key" ON "SearchTerm"("term");

-- Full-text search (written by hand: Prisma models neither FTS5 tables nor triggers).
-- "ServiceFts" holds each service's normalised search text; "serviceId" is indexed too,
-- so the triggers find a service's entry without a scan. A later migration that redefines
-- "Service" (DROP TABLE + RENAME) drops these triggers and must create them again; the
-- search tests fail if it does not.
CREATE VIRTUAL TABLE "ServiceFts" USING fts5("serviceId", "searchText", tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO "ServiceFts" ("serviceId", "searchText") SELECT "id", "searchText" FROM "Service";
CREATE TRIGGER "Service_fts_insert" AFTER INSERT ON "Service" BEGIN
  INSERT INTO "ServiceFts" ("serviceId", "searchText") VALUES (new."id", new."searchText");
END;
CREATE TRIGGER "Service_fts_update" AFTER UPDATE OF "searchText" ON "Service" BEGIN
  DELETE FROM "ServiceFts" WHERE rowid IN (SELECT rowid FROM "ServiceFts" WHERE "ServiceFts" MATCH '{serviceId} : "' || old."id" || '"');
  INSERT INTO "ServiceFts" ("serviceId", "searchText") VALUES (new."id", new."searchText");
END;
CREATE TRIGGER "Service_fts_delete" AFTER DELETE ON "Service" BEGIN
  DELETE FROM "ServiceFts" WHERE rowid IN (SELECT rowid FROM "ServiceFts" WHERE "ServiceFts" MATCH '{serviceId} : "' || old."id" || '"');
END;
