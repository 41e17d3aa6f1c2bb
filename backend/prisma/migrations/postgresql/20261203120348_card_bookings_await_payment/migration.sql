-- AlterEnum
ALTER TYPE "BookingStatus" ADD VALUE 'awaiting_payment';

-- A card booking waiting for its authorisation holds the provider's time like a request
-- does (docs/decisions/0016): the overlap trigger counts it among the active states.
CREATE OR REPLACE FUNCTION "Booking_no_overlap"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status"::text IN ('awaiting_payment', 'requested', 'accepted', 'in_progress') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('Booking:' || NEW."providerId", 0));
    IF EXISTS (
      SELECT 1 FROM "Booking" b
      WHERE b."id" <> NEW."id"
        AND b."providerId" = NEW."providerId"
        AND b."status"::text IN ('awaiting_payment', 'requested', 'accepted', 'in_progress')
        AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
    ) THEN
      RAISE EXCEPTION 'Booking_no_overlap' USING ERRCODE = 'exclusion_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
