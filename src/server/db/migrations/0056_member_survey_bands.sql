CREATE TABLE "member_survey_bands" (
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"brand_id" uuid NOT NULL,
	"band" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"answer_id" uuid NOT NULL,
	CONSTRAINT "member_survey_bands_member_id_kind_pk" PRIMARY KEY("member_id","kind")
);
--> statement-breakpoint
DROP INDEX "survey_answers_last_band_idx";--> statement-breakpoint
ALTER TABLE "member_survey_bands" ADD CONSTRAINT "member_survey_bands_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_survey_bands_brand_idx" ON "member_survey_bands" USING btree ("brand_id","kind","band","member_id");--> statement-breakpoint
-- The table's maintenance (decision 0050): an answer written, superseded, moved or deleted
-- recomputes its member's row for its kind from their current answers (the latest answered_at,
-- then the highest id: the order segments always read them in). Recomputing, not comparing, so a
-- superseded latest answer falls back to the one before it. The member's row is locked first
-- (NO KEY UPDATE: it waits for another answer's recompute or recordAnswer's lockMember, not for a
-- foreign key check), and the recompute reads after the lock, so two answers of one member
-- written at once in any order leave the latest of both. A member's answers are few and indexed
-- by member (survey_answers_member_idx).
CREATE FUNCTION member_survey_bands_refresh_of(m uuid, k text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM members WHERE id = m FOR NO KEY UPDATE;
  WITH last AS (
    SELECT a.brand_id, a.band, a.answered_at, a.id FROM survey_answers a
    WHERE a.member_id = m AND a.kind = k AND a.superseded_at IS NULL
    ORDER BY a.answered_at DESC, a.id DESC LIMIT 1
  ), up AS (
    INSERT INTO member_survey_bands (member_id, kind, brand_id, band, answered_at, answer_id)
    SELECT m, k, last.brand_id, last.band, last.answered_at, last.id FROM last
    ON CONFLICT (member_id, kind) DO UPDATE
      SET brand_id = excluded.brand_id, band = excluded.band, answered_at = excluded.answered_at, answer_id = excluded.answer_id
    RETURNING 1
  )
  DELETE FROM member_survey_bands WHERE member_id = m AND kind = k AND NOT EXISTS (SELECT 1 FROM last);
END $$;
--> statement-breakpoint
CREATE FUNCTION member_survey_bands_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM member_survey_bands_refresh_of(OLD.member_id, OLD.kind); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (OLD.member_id, OLD.kind) IS DISTINCT FROM (NEW.member_id, NEW.kind)) THEN
    PERFORM member_survey_bands_refresh_of(NEW.member_id, NEW.kind);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only what decides a member's latest band: a follow-up (reasons, comment) fires nothing.
CREATE TRIGGER member_survey_bands_refresh
AFTER INSERT OR DELETE OR UPDATE OF superseded_at, answered_at, band, kind, member_id, brand_id
ON survey_answers FOR EACH ROW EXECUTE FUNCTION member_survey_bands_refresh();
--> statement-breakpoint
-- Backfill from the answers as they stand (the same definition as the function's).
INSERT INTO member_survey_bands (member_id, kind, brand_id, band, answered_at, answer_id)
SELECT DISTINCT ON (a.member_id, a.kind) a.member_id, a.kind, a.brand_id, a.band, a.answered_at, a.id
FROM survey_answers a WHERE a.superseded_at IS NULL
ORDER BY a.member_id, a.kind, a.answered_at DESC, a.id DESC;
