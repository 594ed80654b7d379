DROP INDEX "survey_answers_survey_time_idx";--> statement-breakpoint
CREATE INDEX "survey_answers_survey_time_idx" ON "survey_answers" USING btree ("survey_id","answered_at","id");