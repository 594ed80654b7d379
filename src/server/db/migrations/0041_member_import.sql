CREATE TABLE "imported_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"name" text NOT NULL,
	"birth_year" integer,
	"birth_month" integer,
	"birth_day" integer,
	"tier" text,
	"points" bigint NOT NULL,
	"store_id" uuid,
	"claimed_member_id" uuid,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_profiles_member_id_unique" UNIQUE("member_id"),
	CONSTRAINT "imported_profiles_points_ck" CHECK ("imported_profiles"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "member_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "imported_profiles" ADD CONSTRAINT "imported_profiles_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_profiles" ADD CONSTRAINT "imported_profiles_import_id_member_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."member_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_profiles" ADD CONSTRAINT "imported_profiles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_profiles" ADD CONSTRAINT "imported_profiles_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_profiles" ADD CONSTRAINT "imported_profiles_claimed_member_id_members_id_fk" FOREIGN KEY ("claimed_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "imported_profiles_brand_phone_uq" ON "imported_profiles" USING btree ("brand_id","phone");--> statement-breakpoint
CREATE INDEX "member_imports_brand_idx" ON "member_imports" USING btree ("brand_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed', 'survey_settings_changed', 'game_campaign_changed', 'game_settings_changed', 'oa_connected', 'campaign_changed', 'store_changed', 'staff_invited', 'staff_joined', 'staff_changed', 'zalo_site_verification_changed', 'trigger_changed', 'programme_changed', 'console_zalo_linked', 'console_signed_in', 'console_invite_cancelled', 'api_key_created', 'api_key_revoked', 'webhook_endpoint_changed', 'members_imported'));