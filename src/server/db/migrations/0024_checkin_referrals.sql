CREATE TABLE "checkin_settings" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"points_per_day" integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "checkin_settings_days_ck" CHECK (cardinality("checkin_settings"."points_per_day") = 7)
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"day" date NOT NULL,
	"streak" integer NOT NULL,
	"cycle_day" integer NOT NULL,
	"points" integer NOT NULL,
	"ledger_entry_id" uuid,
	"idempotency_key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkins_streak_ck" CHECK ("checkins"."streak" >= 1 and "checkins"."cycle_day" between 1 and 7 and "checkins"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "referral_settings" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"referrer_points" integer NOT NULL,
	"friend_points" integer NOT NULL,
	"monthly_cap" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"referrer_member_id" uuid NOT NULL,
	"friend_user_id" uuid NOT NULL,
	"friend_member_id" uuid,
	"code" text NOT NULL,
	"state" text NOT NULL,
	"reject_reason" text,
	"invited_at" timestamp with time zone NOT NULL,
	"joined_at" timestamp with time zone,
	"purchased_at" timestamp with time zone,
	"rewarded_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"purchase_entry_id" uuid,
	"referrer_entry_id" uuid,
	"friend_entry_id" uuid,
	"referrer_points" integer DEFAULT 0 NOT NULL,
	"friend_points" integer DEFAULT 0 NOT NULL,
	"referrer_capped" boolean DEFAULT false NOT NULL,
	CONSTRAINT "referrals_state_ck" CHECK ("referrals"."state" in ('invited', 'joined', 'purchased', 'rewarded', 'rejected')),
	CONSTRAINT "referrals_points_ck" CHECK ("referrals"."referrer_points" >= 0 and "referrals"."friend_points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_ck";--> statement-breakpoint
ALTER TABLE "checkin_settings" ADD CONSTRAINT "checkin_settings_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_settings" ADD CONSTRAINT "checkin_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_settings" ADD CONSTRAINT "referral_settings_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_settings" ADD CONSTRAINT "referral_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_member_id_members_id_fk" FOREIGN KEY ("referrer_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_friend_user_id_users_id_fk" FOREIGN KEY ("friend_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_friend_member_id_members_id_fk" FOREIGN KEY ("friend_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_purchase_entry_id_ledger_entries_id_fk" FOREIGN KEY ("purchase_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_entry_id_ledger_entries_id_fk" FOREIGN KEY ("referrer_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_friend_entry_id_ledger_entries_id_fk" FOREIGN KEY ("friend_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_member_day_uq" ON "checkins" USING btree ("member_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_member_idem_uq" ON "checkins" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "checkins_brand_day_idx" ON "checkins" USING btree ("brand_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_friend_uq" ON "referrals" USING btree ("friend_user_id");--> statement-breakpoint
CREATE INDEX "referrals_referrer_idx" ON "referrals" USING btree ("referrer_member_id","invited_at");--> statement-breakpoint
CREATE INDEX "referrals_brand_invited_idx" ON "referrals" USING btree ("brand_id","invited_at");--> statement-breakpoint
CREATE INDEX "referrals_friend_joined_idx" ON "referrals" USING btree ("friend_member_id") WHERE "referrals"."state" = 'joined';--> statement-breakpoint
CREATE INDEX "referrals_referrer_rewarded_idx" ON "referrals" USING btree ("referrer_member_id","rewarded_at") WHERE "referrals"."state" = 'rewarded';--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_ck" CHECK ("audit_events"."action" in ('voucher_code_revealed', 'ledger_exported', 'checkin_config_changed', 'referral_config_changed'));