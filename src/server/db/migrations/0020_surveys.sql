CREATE TABLE "survey_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"survey_version" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"score" integer NOT NULL,
	"band" text NOT NULL,
	"touchpoint" text NOT NULL,
	"store_id" uuid,
	"source" text NOT NULL,
	"transaction_ref" text,
	"ask_id" uuid,
	"client_answer_id" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"first_answered_at" timestamp with time zone NOT NULL,
	"supersedes" uuid,
	"superseded_at" timestamp with time zone,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"comment" text,
	"followed_up_at" timestamp with time zone,
	"reward_points" integer DEFAULT 0 NOT NULL,
	"ledger_entry_id" uuid,
	CONSTRAINT "survey_answers_score_ck" CHECK ("survey_answers"."score" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "survey_asks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"survey_version" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"touchpoint" text NOT NULL,
	"store_id" uuid,
	"transaction_ref" text,
	"asked_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"throttle_rule" text,
	"message_id" uuid,
	"answer_id" uuid,
	"source_key" text,
	CONSTRAINT "survey_asks_outcome_ck" CHECK ("survey_asks"."outcome" in ('pending', 'answered', 'throttled', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_versions_survey_id_version_pk" PRIMARY KEY("survey_id","version")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"touchpoint" text NOT NULL,
	"channel" text NOT NULL,
	"store_ids" uuid[],
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	CONSTRAINT "surveys_status_ck" CHECK ("surveys"."status" in ('draft', 'active', 'archived'))
);
--> statement-breakpoint
ALTER TABLE "loyalty_settings" ADD COLUMN "survey_global_throttle_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_asks" ADD CONSTRAINT "survey_asks_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_asks" ADD CONSTRAINT "survey_asks_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_asks" ADD CONSTRAINT "survey_asks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_asks" ADD CONSTRAINT "survey_asks_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_client_uq" ON "survey_answers" USING btree ("member_id","client_answer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_current_uq" ON "survey_answers" USING btree ("survey_id","member_id","transaction_ref") WHERE "survey_answers"."superseded_at" is null and "survey_answers"."transaction_ref" is not null;--> statement-breakpoint
CREATE INDEX "survey_answers_member_idx" ON "survey_answers" USING btree ("member_id","survey_id","answered_at");--> statement-breakpoint
CREATE INDEX "survey_answers_brand_time_idx" ON "survey_answers" USING btree ("brand_id","answered_at") WHERE "survey_answers"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "survey_answers_brand_store_time_idx" ON "survey_answers" USING btree ("brand_id","store_id","answered_at") WHERE "survey_answers"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "survey_answers_survey_time_idx" ON "survey_answers" USING btree ("survey_id","answered_at") WHERE "survey_answers"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "survey_asks_member_idx" ON "survey_asks" USING btree ("member_id","asked_at");--> statement-breakpoint
CREATE INDEX "survey_asks_brand_idx" ON "survey_asks" USING btree ("brand_id","asked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_asks_source_uq" ON "survey_asks" USING btree ("brand_id","source_key") WHERE "survey_asks"."source_key" is not null;--> statement-breakpoint
CREATE INDEX "surveys_brand_status_idx" ON "surveys" USING btree ("brand_id","status","touchpoint");