CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"note" text,
	"outcome" text,
	"message_id" uuid,
	"voucher_id" uuid,
	"from_score" integer,
	"to_score" integer,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "feedback_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"store_id" uuid,
	"member_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"answer_id" uuid NOT NULL,
	"current_answer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"opened_score" integer NOT NULL,
	"score" integer NOT NULL,
	"band" text NOT NULL,
	"transaction_ref" text,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"outcome" text,
	"answer_changed_at" timestamp with time zone,
	"assigned_to" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "feedback_cases_status_ck" CHECK ("feedback_cases"."status" in ('open', 'contacted', 'closed')),
	CONSTRAINT "feedback_cases_closed_ck" CHECK (("feedback_cases"."status" = 'closed') = ("feedback_cases"."closed_at" is not null and "feedback_cases"."outcome" is not null))
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_idem_uq" ON "case_events" USING btree ("case_id","idempotency_key") WHERE "case_events"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_voucher_uq" ON "case_events" USING btree ("case_id") WHERE "case_events"."kind" = 'voucher_granted';--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_cases_answer_uq" ON "feedback_cases" USING btree ("answer_id");--> statement-breakpoint
CREATE INDEX "feedback_cases_current_answer_idx" ON "feedback_cases" USING btree ("current_answer_id");--> statement-breakpoint
CREATE INDEX "feedback_cases_unclosed_idx" ON "feedback_cases" USING btree ("brand_id","store_id","opened_at") WHERE "feedback_cases"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "feedback_cases_brand_opened_idx" ON "feedback_cases" USING btree ("brand_id","opened_at");--> statement-breakpoint
CREATE INDEX "feedback_cases_member_idx" ON "feedback_cases" USING btree ("member_id","opened_at");