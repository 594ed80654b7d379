CREATE TABLE "survey_answer_days" (
	"brand_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" integer NOT NULL,
	"survey_id" uuid NOT NULL,
	"store_id" uuid,
	"touchpoint" text NOT NULL,
	"source" text NOT NULL,
	"score" integer NOT NULL,
	"answers" integer NOT NULL,
	CONSTRAINT "survey_answer_days_key" UNIQUE NULLS NOT DISTINCT("brand_id","kind","day","survey_id","store_id","touchpoint","source","score")
);
--> statement-breakpoint
CREATE TABLE "survey_reason_days" (
	"brand_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" integer NOT NULL,
	"survey_id" uuid NOT NULL,
	"store_id" uuid,
	"touchpoint" text NOT NULL,
	"source" text NOT NULL,
	"band" text NOT NULL,
	"reason" text NOT NULL,
	"answers" integer NOT NULL,
	CONSTRAINT "survey_reason_days_key" UNIQUE NULLS NOT DISTINCT("brand_id","kind","day","survey_id","store_id","touchpoint","source","band","reason")
);
--> statement-breakpoint
CREATE INDEX "survey_answers_comments_idx" ON "survey_answers" USING btree ("brand_id","kind","answered_at","band","store_id") WHERE "survey_answers"."superseded_at" is null and "survey_answers"."comment" is not null;--> statement-breakpoint
-- The rollup's maintenance (decision 0035): one row of survey_answers adds (delta 1) or removes
-- (delta -1) itself from its buckets. An upsert per bucket, answers = answers + delta: the row
-- lock makes parallel answers to one bucket take turns, none lost. Reasons are grouped first so
-- one statement never touches a bucket twice.
CREATE FUNCTION survey_rollup_apply(r survey_answers, delta integer, scores boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d integer := floor((extract(epoch from r.answered_at) + 25200) / 86400)::integer;
BEGIN
  IF scores THEN
    INSERT INTO survey_answer_days (brand_id, kind, day, survey_id, store_id, touchpoint, source, score, answers)
    VALUES (r.brand_id, r.kind, d, r.survey_id, r.store_id, r.touchpoint, r.source, r.score, delta)
    ON CONFLICT ON CONSTRAINT survey_answer_days_key DO UPDATE SET answers = survey_answer_days.answers + excluded.answers;
  END IF;
  IF cardinality(r.reasons) > 0 THEN
    INSERT INTO survey_reason_days (brand_id, kind, day, survey_id, store_id, touchpoint, source, band, reason, answers)
    SELECT r.brand_id, r.kind, d, r.survey_id, r.store_id, r.touchpoint, r.source, r.band, x.reason, (count(*) * delta)::integer
    FROM unnest(r.reasons) AS x(reason) GROUP BY x.reason ORDER BY x.reason
    ON CONFLICT ON CONSTRAINT survey_reason_days_key DO UPDATE SET answers = survey_reason_days.answers + excluded.answers;
  END IF;
END $$;
--> statement-breakpoint
-- Current rows (superseded_at is null) are what the dashboards count. An update that only
-- touches the comment (erasure, a ZNS rating's words) fires nothing; one that changes reasons
-- only (the follow-up) moves the reason buckets only.
CREATE FUNCTION survey_answers_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  moved boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.superseded_at IS NULL THEN PERFORM survey_rollup_apply(NEW, 1, true); END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.superseded_at IS NULL THEN PERFORM survey_rollup_apply(OLD, -1, true); END IF;
  ELSE
    moved := (OLD.superseded_at IS NULL, OLD.brand_id, OLD.kind, OLD.answered_at, OLD.survey_id, OLD.store_id, OLD.touchpoint, OLD.source, OLD.score, OLD.band)
      IS DISTINCT FROM (NEW.superseded_at IS NULL, NEW.brand_id, NEW.kind, NEW.answered_at, NEW.survey_id, NEW.store_id, NEW.touchpoint, NEW.source, NEW.score, NEW.band);
    IF moved THEN
      IF OLD.superseded_at IS NULL THEN PERFORM survey_rollup_apply(OLD, -1, true); END IF;
      IF NEW.superseded_at IS NULL THEN PERFORM survey_rollup_apply(NEW, 1, true); END IF;
    ELSIF NEW.superseded_at IS NULL AND OLD.reasons IS DISTINCT FROM NEW.reasons THEN
      PERFORM survey_rollup_apply(OLD, -1, false);
      PERFORM survey_rollup_apply(NEW, 1, false);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER survey_answers_rollup
AFTER INSERT OR DELETE OR UPDATE OF superseded_at, brand_id, kind, answered_at, survey_id, store_id, touchpoint, source, score, band, reasons
ON survey_answers FOR EACH ROW EXECUTE FUNCTION survey_answers_rollup();
--> statement-breakpoint
-- Backfill from the answers already stored (the same bucket as the trigger's).
INSERT INTO survey_answer_days (brand_id, kind, day, survey_id, store_id, touchpoint, source, score, answers)
SELECT brand_id, kind, floor((extract(epoch from answered_at) + 25200) / 86400)::integer, survey_id, store_id, touchpoint, source, score, count(*)::integer
FROM survey_answers WHERE superseded_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO survey_reason_days (brand_id, kind, day, survey_id, store_id, touchpoint, source, band, reason, answers)
SELECT a.brand_id, a.kind, floor((extract(epoch from a.answered_at) + 25200) / 86400)::integer, a.survey_id, a.store_id, a.touchpoint, a.source, a.band, x.reason, count(*)::integer
FROM survey_answers a CROSS JOIN LATERAL unnest(a.reasons) AS x(reason) WHERE a.superseded_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
-- The comments' word filter (ILIKE '%words%'): a trigram index where pg_trgm can be created
-- (PostgreSQL with contrib). PGlite loads extensions only when the engine is built with them,
-- so there it is skipped and the filter scans the comments index (decision 0035).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX survey_answers_comment_trgm_idx ON survey_answers USING gin (comment gin_trgm_ops)
        WHERE superseded_at IS NULL AND comment IS NOT NULL;
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
      RAISE NOTICE 'pg_trgm unavailable (%): comments are searched without a trigram index', SQLERRM;
    END;
  END IF;
END $$;
