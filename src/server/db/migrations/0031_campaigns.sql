CREATE TABLE "campaign_settings" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"approval_threshold" integer DEFAULT 1000 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zns_campaign_arms" (
	"campaign_id" uuid NOT NULL,
	"key" text NOT NULL,
	"template_id" uuid NOT NULL,
	"params" jsonb NOT NULL,
	"share_percent" integer NOT NULL,
	CONSTRAINT "zns_campaign_arms_campaign_id_key_pk" PRIMARY KEY("campaign_id","key"),
	CONSTRAINT "zns_campaign_arms_share_ck" CHECK ("zns_campaign_arms"."share_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "zns_campaign_recipients" (
	"campaign_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"arm" text NOT NULL,
	"plan_day" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "zns_campaign_recipients_campaign_id_member_id_pk" PRIMARY KEY("campaign_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "zns_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"segment_id" uuid NOT NULL,
	"segment_version" integer NOT NULL,
	"control_percent" integer NOT NULL,
	"send_at" timestamp with time zone,
	"important" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"audience" integer,
	"paused_from" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"rejection_note" text,
	"materialised_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "zns_campaigns_control_ck" CHECK ("zns_campaigns"."control_percent" between 0 and 90)
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD CONSTRAINT "campaign_settings_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaign_arms" ADD CONSTRAINT "zns_campaign_arms_campaign_id_zns_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."zns_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaign_arms" ADD CONSTRAINT "zns_campaign_arms_template_id_zns_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."zns_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaign_recipients" ADD CONSTRAINT "zns_campaign_recipients_campaign_id_zns_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."zns_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaign_recipients" ADD CONSTRAINT "zns_campaign_recipients_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD CONSTRAINT "zns_campaigns_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD CONSTRAINT "zns_campaigns_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD CONSTRAINT "zns_campaigns_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_campaigns" ADD CONSTRAINT "zns_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "zns_campaign_recipients_arm_idx" ON "zns_campaign_recipients" USING btree ("campaign_id","arm");--> statement-breakpoint
CREATE INDEX "zns_campaigns_brand_idx" ON "zns_campaigns" USING btree ("brand_id","updated_at");--> statement-breakpoint
CREATE INDEX "zns_campaigns_due_idx" ON "zns_campaigns" USING btree ("status") WHERE "zns_campaigns"."status" in ('scheduled', 'sending');--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed', 'survey_settings_changed', 'game_campaign_changed', 'game_settings_changed', 'oa_connected', 'campaign_changed'));