-- A card booking waiting for its authorisation holds the provider's time like a request
-- does (docs/decisions/0016): the overlap triggers count it among the active states.
DROP TRIGGER "Booking_no_overlap_insert";
DROP TRIGGER "Booking_no_overlap_update";

CREATE TRIGGER "Booking_no_overlap_insert" BEFORE INSERT ON "Booking"
WHEN NEW."status" IN ('awaiting_payment', 'requested', 'accepted', 'in_progress')
BEGIN
  SELECT RAISE(ABORT, 'Booking_no_overlap') WHERE EXISTS (
    SELECT 1 FROM "Booking" b
    WHERE b."providerId" = NEW."providerId"
      AND b."status" IN ('awaiting_payment', 'requested', 'accepted', 'in_progress')
      AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
  );
END;

CREATE TRIGGER "Booking_no_overlap_update" BEFORE UPDATE OF "status", "blockStart", "blockEnd", "providerId" ON "Booking"
WHEN NEW."status" IN ('awaiting_payment', 'requested', 'accepted', 'in_progress')
BEGIN
  SELECT RAISE(ABORT, 'Booking_no_overlap') WHERE EXISTS (
    SELECT 1 FROM "Booking" b
    WHERE b."id" <> NEW."id"
      AND b."providerId" = NEW."providerId"
      AND b."status" IN ('awaiting_payment', 'requested', 'accepted', 'in_progress')
      AND b."blockStart" < NEW."blockEnd" AND b."blockEnd" > NEW."blockStart"
  );
END;
