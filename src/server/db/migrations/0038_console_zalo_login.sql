CREATE TABLE "console_zalo_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"brand_id" uuid NOT NULL,
	"user_id" uuid,
	"session_id" text,
	"binding_hash" text NOT NULL,
	"code_verifier" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "console_invites" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "console_zalo_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "console_zalo_linked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "console_zalo_states" ADD CONSTRAINT "console_zalo_states_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_zalo_states" ADD CONSTRAINT "console_zalo_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_brand_console_zalo_uq" ON "users" USING btree ("brand_id","console_zalo_id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed', 'survey_settings_changed', 'game_campaign_changed', 'game_settings_changed', 'oa_connected', 'campaign_changed', 'store_changed', 'staff_invited', 'staff_joined', 'staff_changed', 'zalo_site_verification_changed', 'trigger_changed', 'programme_changed', 'console_zalo_linked', 'console_signed_in', 'console_invite_cancelled'));