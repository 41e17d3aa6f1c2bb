-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('requested', 'accepted', 'declined', 'expired', 'in_progress', 'completed', 'confirmed', 'no_show', 'cancelled', 'disputed');

-- CreateTable
CREATE TABLE "ProviderSchedule" (
    "providerId" TEXT NOT NULL,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderSchedule_pkey" PRIMARY KEY ("providerId")
);

-- CreateTable
CREATE TABLE "AvailabilityException" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "start" TEXT,
    "end" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AvailabilityException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "seriesId" TEXT,
    "status" "BookingStatus" NOT NULL DEFAULT 'requested',
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "blockStart" TIMESTAMP(3) NOT NULL,
    "blockEnd" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "notes" TEXT NOT NULL DEFAULT '',
    "photoIds" TEXT NOT NULL DEFAULT '[]',
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'MAD',
    "paymentMethod" TEXT NOT NULL DEFAULT 'cash',
    "cancellationFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "cancelledBy" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "proposedStartAt" TIMESTAMP(3),
    "proposedBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "checkedInAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookingSeries" (
    "id" TEXT NOT NULL,
    "everyWeeks" INTEGER NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BookingSeries_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ProviderSchedule" ADD CONSTRAINT "ProviderSchedule_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilityException" ADD CONSTRAINT "AvailabilityException_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "ProviderProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "BookingSeries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- No two active bookings of one provider overlap, buffers included: the database refuses
-- the second, whatever the application does and however many requests arrive at once.
-- (An EXCLUDE USING gist constraint would say the same, but Prisma's schema engine cannot
-- read one back, which breaks the migration-drift check; see docs/decisions/0016.)
-- The trigger takes a lock per provider until its transaction ends, then looks for an
-- overlap: in READ COMMITTED each statement sees what committed before it, so a second
-- writer waits for the first and then sees its booking.
CREATE FUNCTION "Booking_no_overlap"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" IN ('requested', 'accepted', 'in_progress') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('Booking:' || NEW."providerId", 0));
    IF EXISTS (
      SELECT 1 FROM "Booking" b
      WHERE b."id" <> NEW."id"
        AND b."providerId" = NEW."providerId"
        AND b."status" IN ('requested', 'accepted', 'in_progress')
        AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
    ) THEN
      RAISE EXCEPTION 'Booking_no_overlap' USING ERRCODE = 'exclusion_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Booking_no_overlap" BEFORE INSERT OR UPDATE OF "status", "blockStart", "blockEnd", "providerId" ON "Booking"
FOR EACH ROW EXECUTE FUNCTION "Booking_no_overlap"();
