CREATE TABLE "programme_versions" (
	"brand_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"changed" text[] NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_versions_brand_id_version_pk" PRIMARY KEY("brand_id","version")
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "loyalty_settings" ADD COLUMN "programme_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_versions" ADD CONSTRAINT "programme_versions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_versions" ADD CONSTRAINT "programme_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed', 'survey_settings_changed', 'game_campaign_changed', 'game_settings_changed', 'oa_connected', 'campaign_changed', 'store_changed', 'staff_invited', 'staff_joined', 'staff_changed', 'zalo_site_verification_changed', 'trigger_changed', 'programme_changed'));