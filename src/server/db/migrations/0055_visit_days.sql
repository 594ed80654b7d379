ALTER TABLE "member_visits" ADD COLUMN "visit_days" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
-- The member's recent visits as data (decision 0046, addendum on visit days): visit_days holds one
-- Vietnam day number (vietnamDayNumber: days from 1970-01-01 to the civil date at UTC+7) per
-- distinct (store, day) visit, ascending, so "≥ k visits in the last N days" is one element of one
-- row: visit_days[cardinality - k + 1] >= the window's first day. Only the visits within 730 days
-- (MAX_VISIT_WINDOW_DAYS, the longest window a rule may ask: domain/segments/fields.ts) of the
-- earlier of the member's latest visit and the day the row is written are kept: a window of at most
-- 730 days that ends on or after that day (today, for every count: the clock only moves on) starts
-- no earlier, so an older visit never falls in it and dropping it is exact. Recomputed from the
-- member's entries like the rest of the row, so a reversal takes its visit out.
CREATE OR REPLACE FUNCTION member_visits_refresh_of(m uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH e AS (
    SELECT e.brand_id, e.occurred_at, e.store_id,
      (((e.occurred_at + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01') AS day
    FROM ledger_entries e
    WHERE e.member_id = m AND e.kind = 'earn' AND e.store_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.member_id = m AND x.kind = 'reversal' AND x.ref_entry_id = e.id)
  ), v AS (
    SELECT e.brand_id, min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
      array_agg(DISTINCT e.store_id ORDER BY e.store_id) AS stores, max(e.day) AS last_day
    FROM e
    GROUP BY e.brand_id
  ), d AS (
    SELECT coalesce(array_agg(x.day ORDER BY x.day), '{}'::int[]) AS days
    FROM (
      SELECT DISTINCT e.store_id, e.day FROM e, v
      WHERE e.day >= least(v.last_day, ((now() + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01') - 729
    ) x
  ), up AS (
    INSERT INTO member_visits (member_id, brand_id, first_at, last_at, stores, visit_days)
    SELECT m, v.brand_id, v.first_at, v.last_at, v.stores, d.days FROM v, d
    ON CONFLICT (member_id) DO UPDATE
      SET brand_id = excluded.brand_id, first_at = excluded.first_at, last_at = excluded.last_at, stores = excluded.stores,
        visit_days = excluded.visit_days
    RETURNING 1
  )
  DELETE FROM member_visits WHERE member_id = m AND NOT EXISTS (SELECT 1 FROM v);
END $$;
--> statement-breakpoint
-- Backfill from the ledger as it stands (the same definition as the function's).
UPDATE member_visits mv SET visit_days = d.days
FROM (
  SELECT x.member_id, array_agg(x.day ORDER BY x.day) AS days
  FROM (
    SELECT DISTINCT e.member_id, e.store_id, (((e.occurred_at + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01') AS day
    FROM ledger_entries e JOIN member_visits v ON v.member_id = e.member_id
    WHERE e.kind = 'earn' AND e.store_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.kind = 'reversal' AND x.ref_entry_id = e.id)
      AND (((e.occurred_at + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01')
        >= least((((v.last_at + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01'),
          ((now() + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01') - 729
  ) x
  GROUP BY x.member_id
) d
WHERE d.member_id = mv.member_id;
