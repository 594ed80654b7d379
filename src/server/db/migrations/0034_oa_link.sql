CREATE TABLE "oa_link" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"site_verification" text,
	"oa_name" text,
	"last_event_at" timestamp with time zone,
	"last_event_name" text,
	"last_rejected_at" timestamp with time zone,
	"last_check" jsonb
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "oa_link" ADD CONSTRAINT "oa_link_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed', 'survey_settings_changed', 'game_campaign_changed', 'game_settings_changed', 'oa_connected', 'campaign_changed', 'store_changed', 'staff_invited', 'staff_joined', 'staff_changed', 'zalo_site_verification_changed'));