-- CreateTable
CREATE TABLE "ProviderSchedule" (
    "providerId" TEXT NOT NULL PRIMARY KEY,
    "timeZone" TEXT NOT NULL DEFAULT 'Africa/Casablanca',
    "weeklyPlan" TEXT NOT NULL DEFAULT '[]',
    "minNoticeMinutes" INTEGER NOT NULL DEFAULT 120,
    "horizonDays" INTEGER NOT NULL DEFAULT 60,
    "bufferBeforeMinutes" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMinutes" INTEGER NOT NULL DEFAULT 15,
    "responseHours" INTEGER NOT NULL DEFAULT 24,
    "freeCancellationHours" INTEGER NOT NULL DEFAULT 24,
    "lateCancellationFeeBps" INTEGER NOT NULL DEFAULT 2000,
    "calendarTokenHash" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProviderSchedule_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AvailabilityException" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "start" TEXT,
    "end" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AvailabilityException_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "seriesId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "startAt" DATETIME NOT NULL,
    "endAt" DATETIME NOT NULL,
    "blockStart" DATETIME NOT NULL,
    "blockEnd" DATETIME NOT NULL,
    "timeZone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" REAL,
    "longitude" REAL,
    "notes" TEXT NOT NULL DEFAULT '',
    "photoIds" TEXT NOT NULL DEFAULT '[]',
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'MAD',
    "paymentMethod" TEXT NOT NULL DEFAULT 'cash',
    "cancellationFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "cancelledBy" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "proposedStartAt" DATETIME,
    "proposedBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" DATETIME,
    "acceptedAt" DATETIME,
    "checkedInAt" DATETIME,
    "completedAt" DATETIME,
    "confirmedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Booking_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Booking_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Booking_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Booking_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "BookingSeries" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BookingSeries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "everyWeeks" INTEGER NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ProviderSchedule_calendarTokenHash_key" ON "ProviderSchedule"("calendarTokenHash");

-- CreateIndex
CREATE INDEX "AvailabilityException_providerId_date_idx" ON "AvailabilityException"("providerId", "date");

-- CreateIndex
CREATE INDEX "Booking_providerId_blockStart_idx" ON "Booking"("providerId", "blockStart");

-- CreateIndex
CREATE INDEX "Booking_clientId_startAt_idx" ON "Booking"("clientId", "startAt");

-- CreateIndex
CREATE INDEX "Booking_seriesId_idx" ON "Booking"("seriesId");

-- CreateIndex
CREATE INDEX "Booking_serviceId_idx" ON "Booking"("serviceId");

-- No two active bookings of one provider overlap, buffers included. SQLite has no exclusion
-- constraint; these triggers run inside the writing statement, and SQLite runs one write
-- at a time, so the check and the write cannot be separated by another booking.
-- (Instants are stored as ISO-8601 UTC text of one fixed width: text order is time order.)
CREATE TRIGGER "Booking_no_overlap_insert" BEFORE INSERT ON "Booking"
WHEN NEW."status" IN ('requested', 'accepted', 'in_progress')
BEGIN
  SELECT RAISE(ABORT, 'Booking_no_overlap') WHERE EXISTS (
    SELECT 1 FROM "Booking" b
    WHERE b."providerId" = NEW."providerId"
      AND b."status" IN ('requested', 'accepted', 'in_progress')
      AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
  );
END;

CREATE TRIGGER "Booking_no_overlap_update" BEFORE UPDATE OF "status", "blockStart", "blockEnd", "providerId" ON "Booking"
WHEN NEW."status" IN ('requested', 'accepted', 'in_progress')
BEGIN
  SELECT RAISE(ABORT, 'Booking_no_overlap') WHERE EXISTS (
    SELECT 1 FROM "Booking" b
    WHERE b."id" <> NEW."id"
      AND b."providerId" = NEW."providerId"
      AND b."status" IN ('requested', 'accepted', 'in_progress')
      AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
  );
END;
