ALTER TABLE "members" ADD COLUMN "consent_changed_at" timestamp with time zone;--> statement-breakpoint
-- Decision 0051: beside the bits, the latest `at` of the user's current decisions (an upper bound:
-- never lowered), so the queue's "may we contact them at this moment" reads the member row alone
-- for a moment after it, and the current decisions and the ledger only for the others. Every
-- decision that reaches current_consents now writes the member row (a repeated one moves `at`).
CREATE OR REPLACE FUNCTION members_consent_bits_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.granted
    AND (TG_OP = 'DELETE' OR NOT NEW.granted OR (OLD.user_id, OLD.purpose) IS DISTINCT FROM (NEW.user_id, NEW.purpose)) THEN
    UPDATE members SET consent_bits = consent_bits & ~consent_bit(OLD.purpose) WHERE user_id = OLD.user_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE members
    SET consent_bits = CASE WHEN NEW.granted THEN consent_bits | consent_bit(NEW.purpose) ELSE consent_bits END,
      consent_changed_at = greatest(consent_changed_at, NEW.at)
    WHERE user_id = NEW.user_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION members_consent_bits_of_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT coalesce(bit_or(consent_bit(cc.purpose)) FILTER (WHERE cc.granted), 0), max(cc.at)
  INTO NEW.consent_bits, NEW.consent_changed_at
  FROM current_consents cc WHERE cc.user_id = NEW.user_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
UPDATE members m SET consent_changed_at = g.at
FROM (SELECT cc.user_id, max(cc.at) AS at FROM current_consents cc GROUP BY cc.user_id) g
WHERE g.user_id = m.user_id;
