ALTER TABLE "members" ADD COLUMN "consent_bits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Decision 0051: the purposes a member's user grants now, as bits on the member row, so a segment
-- tests consent while it reads the member (a filter) instead of probing current_consents once per
-- candidate (1,000,000 members: 127,000 probes in "birthday or likes drinks and detractor") or
-- hashing 650,000 decisions ("lapsed with promotion consent"). One bit per purpose, fixed here
-- and in CONSENT_BITS (domain/consent/purposes.ts; a test checks they agree): a new purpose is a
-- new bit in both, never a renumbering.
CREATE FUNCTION consent_bit(purpose text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE purpose
    WHEN 'membership' THEN 1 WHEN 'zns_care' THEN 2 WHEN 'zns_promo' THEN 4 WHEN 'app_notifications' THEN 8
    WHEN 'oa_messages' THEN 16 WHEN 'personalisation' THEN 32 WHEN 'analytics' THEN 64 ELSE 0 END
$$;
--> statement-breakpoint
-- Kept from current_consents (itself kept from the consent ledger, decision 0048): a decision that
-- changes a user's current row sets or clears its bit. Each UPDATE computes from the member row
-- it updates, so PostgreSQL re-reads the latest version when another transaction changed it first
-- (two purposes decided at once both stay), and decisions on one purpose are already ordered by
-- the current row's lock. A user without a member row updates nothing; a member created later
-- takes its user's bits when inserted (below).
CREATE FUNCTION members_consent_bits_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A decision repeated (a new consent row, the same state) changes no bit: no member write.
  IF TG_OP = 'UPDATE' AND (OLD.user_id, OLD.purpose, OLD.granted) = (NEW.user_id, NEW.purpose, NEW.granted) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.granted THEN
    UPDATE members SET consent_bits = consent_bits & ~consent_bit(OLD.purpose)
    WHERE user_id = OLD.user_id AND consent_bits & consent_bit(OLD.purpose) <> 0;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.granted THEN
    UPDATE members SET consent_bits = consent_bits | consent_bit(NEW.purpose)
    WHERE user_id = NEW.user_id AND consent_bits & consent_bit(NEW.purpose) = 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER members_consent_bits_refresh
AFTER INSERT OR DELETE OR UPDATE OF granted, purpose, user_id ON current_consents
FOR EACH ROW EXECUTE FUNCTION members_consent_bits_refresh();
--> statement-breakpoint
-- A member row takes its user's current grants when it is created or moved to another user.
CREATE FUNCTION members_consent_bits_of_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.consent_bits := coalesce(
    (SELECT bit_or(consent_bit(cc.purpose)) FROM current_consents cc WHERE cc.user_id = NEW.user_id AND cc.granted), 0);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER members_consent_bits_insert
BEFORE INSERT ON members
FOR EACH ROW EXECUTE FUNCTION members_consent_bits_of_user();
--> statement-breakpoint
CREATE TRIGGER members_consent_bits_user
BEFORE UPDATE OF user_id ON members
FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION members_consent_bits_of_user();
--> statement-breakpoint
-- Backfill from the current decisions as they stand.
UPDATE members m SET consent_bits = g.bits
FROM (SELECT cc.user_id, bit_or(consent_bit(cc.purpose)) AS bits FROM current_consents cc WHERE cc.granted GROUP BY cc.user_id) g
WHERE g.user_id = m.user_id;
