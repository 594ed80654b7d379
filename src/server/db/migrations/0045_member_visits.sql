CREATE TABLE "member_visits" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"stores" uuid[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_visits" ADD CONSTRAINT "member_visits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_visits_brand_idx" ON "member_visits" USING btree ("brand_id","last_at");--> statement-breakpoint
-- The summary's maintenance (decision 0046): a ledger row that can change a member's visits (an
-- earn at a store, a reversal) recomputes that member's summary from their own entries, in the
-- transaction that writes the row. Recomputing (not adding) is what keeps it exact whatever the
-- order of rows in one statement: a reversal and its earn inserted together give the same row.
-- A member's entries are few and indexed by member, so it costs one small aggregate per earn.
CREATE FUNCTION member_visits_refresh_of(m uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH v AS (
    SELECT e.brand_id, min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
      array_agg(DISTINCT e.store_id ORDER BY e.store_id) AS stores
    FROM ledger_entries e
    WHERE e.member_id = m AND e.kind = 'earn' AND e.store_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.member_id = m AND x.kind = 'reversal' AND x.ref_entry_id = e.id)
    GROUP BY e.brand_id
  ), up AS (
    INSERT INTO member_visits (member_id, brand_id, first_at, last_at, stores)
    SELECT m, v.brand_id, v.first_at, v.last_at, v.stores FROM v
    ON CONFLICT (member_id) DO UPDATE
      SET brand_id = excluded.brand_id, first_at = excluded.first_at, last_at = excluded.last_at, stores = excluded.stores
    RETURNING 1
  )
  DELETE FROM member_visits WHERE member_id = m AND NOT EXISTS (SELECT 1 FROM v);
END $$;
--> statement-breakpoint
CREATE FUNCTION member_visits_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.kind = 'earn' AND NEW.store_id IS NOT NULL) OR NEW.kind = 'reversal' THEN
    PERFORM member_visits_refresh_of(NEW.member_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The ledger is append-only (no update or delete of entries anywhere): inserts are all it needs.
CREATE TRIGGER member_visits_refresh
AFTER INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION member_visits_refresh();
--> statement-breakpoint
-- Backfill from the ledger as it stands (the same definition as the function's).
INSERT INTO member_visits (member_id, brand_id, first_at, last_at, stores)
SELECT e.member_id, min(e.brand_id::text)::uuid, min(e.occurred_at), max(e.occurred_at), array_agg(DISTINCT e.store_id ORDER BY e.store_id)
FROM ledger_entries e
WHERE e.kind = 'earn' AND e.store_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.kind = 'reversal' AND x.ref_entry_id = e.id)
GROUP BY e.member_id;
