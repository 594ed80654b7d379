ALTER TABLE "trigger_firings" ADD COLUMN "click_code" text;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD COLUMN "clicked_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "trigger_firings_click_code_uq" ON "trigger_firings" USING btree ("click_code");