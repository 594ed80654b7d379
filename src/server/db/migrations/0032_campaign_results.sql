ALTER TABLE "zns_campaign_recipients" ADD COLUMN "click_code" text;--> statement-breakpoint
ALTER TABLE "zns_campaign_recipients" ADD COLUMN "clicked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD COLUMN "conversion_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "zns_campaign_recipients_click_uq" ON "zns_campaign_recipients" USING btree ("click_code");--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD CONSTRAINT "zns_campaigns_conversion_days_ck" CHECK ("zns_campaigns"."conversion_days" between 1 and 90);