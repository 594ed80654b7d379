CREATE TABLE "current_consents" (
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"brand_id" uuid NOT NULL,
	"granted" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"consent_id" bigint NOT NULL,
	CONSTRAINT "current_consents_user_id_purpose_pk" PRIMARY KEY("user_id","purpose")
);
--> statement-breakpoint
ALTER TABLE "current_consents" ADD CONSTRAINT "current_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "current_consents_brand_idx" ON "current_consents" USING btree ("brand_id","purpose","user_id","granted");--> statement-breakpoint
CREATE INDEX "ledger_reversal_of_idx" ON "ledger_entries" USING btree ("ref_entry_id") WHERE "ledger_entries"."kind" = 'reversal';--> statement-breakpoint
CREATE INDEX "vouchers_open_idx" ON "vouchers" USING btree ("member_id","expires_at") WHERE "vouchers"."status" = 'issued';--> statement-breakpoint
-- The table's maintenance (decision 0048): each consent row inserted becomes its user's current
-- decision for its purpose unless a later row (a higher id) is already there. So the rows of one
-- statement in any order, and two transactions deciding at once (the upsert's row lock orders
-- them), leave the latest by id: the order the ledger is read in (consentAt, segments).
CREATE FUNCTION current_consents_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO current_consents (user_id, purpose, brand_id, granted, at, consent_id)
  SELECT NEW.user_id, NEW.purpose, u.brand_id, NEW.granted, NEW.created_at, NEW.id FROM users u WHERE u.id = NEW.user_id
  ON CONFLICT (user_id, purpose) DO UPDATE
    SET granted = excluded.granted, at = excluded.at, consent_id = excluded.consent_id
    WHERE current_consents.consent_id < excluded.consent_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The consent ledger is append-only (no update or delete of decisions anywhere; erasure appends
-- withdrawals): inserts are all it needs.
CREATE TRIGGER current_consents_refresh
AFTER INSERT ON consents
FOR EACH ROW EXECUTE FUNCTION current_consents_refresh();
--> statement-breakpoint
-- Backfill from the ledger as it stands (the same definition: the latest row by id).
INSERT INTO current_consents (user_id, purpose, brand_id, granted, at, consent_id)
SELECT DISTINCT ON (c.user_id, c.purpose) c.user_id, c.purpose, u.brand_id, c.granted, c.created_at, c.id
FROM consents c JOIN users u ON u.id = c.user_id
ORDER BY c.user_id, c.purpose, c.id DESC;
--> statement-breakpoint
-- Segment counts (decision 0048): the window scans read everything they need from the index.
-- Same keys and predicates as before (every existing use stays), wider entries: "visits in the
-- last N days" reads the brand's earns of the window with their member, store and id (for the
-- reversal probe); "points expiring within N days" sums the window's open lots per member.
DROP INDEX "ledger_earn_time_idx";--> statement-breakpoint
CREATE INDEX "ledger_earn_time_idx" ON "ledger_entries" USING btree ("brand_id","occurred_at") INCLUDE ("member_id","store_id","id") WHERE "ledger_entries"."kind" = 'earn';--> statement-breakpoint
DROP INDEX "lots_expiry_idx";--> statement-breakpoint
CREATE INDEX "lots_expiry_idx" ON "point_lots" USING btree ("expires_at") INCLUDE ("member_id","remaining") WHERE "point_lots"."remaining" > 0;
