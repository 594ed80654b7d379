ALTER TABLE "messages" ADD COLUMN "survey_ask_id" uuid;--> statement-breakpoint
ALTER TABLE "zns_templates" ADD COLUMN "kind" text DEFAULT 'custom' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_survey_ask_id_survey_asks_id_fk" FOREIGN KEY ("survey_ask_id") REFERENCES "public"."survey_asks"("id") ON DELETE no action ON UPDATE no action;