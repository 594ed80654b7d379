CREATE TABLE "preference_options" (
	"question_id" text NOT NULL,
	"option_id" text NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "preference_options_question_id_option_id_member_id_pk" PRIMARY KEY("question_id","option_id","member_id")
);
--> statement-breakpoint
DROP INDEX "preference_answers_birthday_idx";--> statement-breakpoint
ALTER TABLE "preference_answers" ADD COLUMN "birthday_key" integer GENERATED ALWAYS AS (case when question_id = 'birthday' then (value->>'month')::int * 100 + (value->>'day')::int end) STORED;--> statement-breakpoint
ALTER TABLE "preference_options" ADD CONSTRAINT "preference_options_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "preference_options_member_idx" ON "preference_options" USING btree ("member_id","question_id");--> statement-breakpoint
CREATE INDEX "preference_answers_birthday_key_idx" ON "preference_answers" USING btree ("birthday_key","member_id") WHERE "preference_answers"."birthday_key" is not null;
--> statement-breakpoint
-- The table's maintenance (decision 0050): an answer written, replaced or deleted replaces its
-- options — a multi's optionIds, a single's optionId (what segments' "has any / has none" test).
-- Writers of one answer take turns on the answer's own row (its primary key), so its options
-- are never interleaved.
CREATE FUNCTION preference_options_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM preference_options WHERE member_id = OLD.member_id AND question_id = OLD.question_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO preference_options (question_id, option_id, member_id)
    SELECT DISTINCT NEW.question_id, o.id, NEW.member_id
    FROM jsonb_array_elements_text(CASE
      WHEN jsonb_typeof(NEW.value->'optionIds') = 'array' THEN NEW.value->'optionIds'
      WHEN jsonb_typeof(NEW.value->'optionId') = 'string' THEN jsonb_build_array(NEW.value->'optionId')
      ELSE '[]'::jsonb END) AS o(id)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER preference_options_refresh
AFTER INSERT OR DELETE OR UPDATE OF member_id, question_id, value
ON preference_answers FOR EACH ROW EXECUTE FUNCTION preference_options_refresh();
--> statement-breakpoint
-- Backfill from the answers as they stand (the same definition as the function's).
INSERT INTO preference_options (question_id, option_id, member_id)
SELECT DISTINCT pa.question_id, o.id, pa.member_id
FROM preference_answers pa CROSS JOIN LATERAL jsonb_array_elements_text(CASE
  WHEN jsonb_typeof(pa.value->'optionIds') = 'array' THEN pa.value->'optionIds'
  WHEN jsonb_typeof(pa.value->'optionId') = 'string' THEN jsonb_build_array(pa.value->'optionId')
  ELSE '[]'::jsonb END) AS o(id);
