CREATE TABLE "game_campaign_versions" (
	"campaign_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"changes_odds" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "game_campaign_versions_campaign_id_version_pk" PRIMARY KEY("campaign_id","version")
);
--> statement-breakpoint
CREATE TABLE "game_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"spins" bigint DEFAULT 0 NOT NULL,
	"wins" bigint DEFAULT 0 NOT NULL,
	"points_given" bigint DEFAULT 0 NOT NULL,
	"vouchers_given" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "game_campaigns_status_ck" CHECK ("game_campaigns"."status" in ('draft', 'running', 'paused', 'ended')),
	CONSTRAINT "game_campaigns_counters_ck" CHECK ("game_campaigns"."spins" >= 0 and "game_campaigns"."wins" >= 0 and "game_campaigns"."wins" <= "game_campaigns"."spins" and "game_campaigns"."points_given" >= 0)
);
--> statement-breakpoint
CREATE TABLE "game_days" (
	"campaign_id" uuid NOT NULL,
	"day" integer NOT NULL,
	"spins" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "game_days_campaign_id_day_pk" PRIMARY KEY("campaign_id","day"),
	CONSTRAINT "game_days_counters_ck" CHECK ("game_days"."spins" >= 0 and "game_days"."wins" >= 0 and "game_days"."wins" <= "game_days"."spins" and "game_days"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "game_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"brand_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"day" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"play_source" text NOT NULL,
	"random" bigint NOT NULL,
	"weights" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"segment_index" integer NOT NULL,
	"segment_id" text NOT NULL,
	"prize" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"reward_id" uuid,
	"ledger_entry_id" uuid,
	"voucher_id" uuid,
	CONSTRAINT "game_draws_seq_unique" UNIQUE("seq"),
	CONSTRAINT "game_draws_random_ck" CHECK ("game_draws"."random" >= 0 and "game_draws"."random" < 4294967296),
	CONSTRAINT "game_draws_play_source_ck" CHECK ("game_draws"."play_source" in ('free', 'extra')),
	CONSTRAINT "game_draws_outcome_ck" CHECK (("game_draws"."prize" = 'points' and "game_draws"."points" > 0 and "game_draws"."ledger_entry_id" is not null and "game_draws"."voucher_id" is null)
        or ("game_draws"."prize" = 'reward' and "game_draws"."points" = 0 and "game_draws"."voucher_id" is not null and "game_draws"."ledger_entry_id" is null)
        or ("game_draws"."prize" = 'nothing' and "game_draws"."points" = 0 and "game_draws"."voucher_id" is null and "game_draws"."ledger_entry_id" is null))
);
--> statement-breakpoint
CREATE TABLE "game_play_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"day" integer NOT NULL,
	"source" text NOT NULL,
	"plays" integer NOT NULL,
	"source_key" text NOT NULL,
	"ledger_entry_id" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "game_play_grants_plays_ck" CHECK ("game_play_grants"."plays" > 0)
);
--> statement-breakpoint
CREATE TABLE "game_prize_stock" (
	"campaign_id" uuid NOT NULL,
	"segment_id" text NOT NULL,
	"stock_left" integer,
	"won" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "game_prize_stock_campaign_id_segment_id_pk" PRIMARY KEY("campaign_id","segment_id"),
	CONSTRAINT "game_prize_stock_ck" CHECK (("game_prize_stock"."stock_left" is null or "game_prize_stock"."stock_left" >= 0) and "game_prize_stock"."won" >= 0)
);
--> statement-breakpoint
ALTER TABLE "game_campaign_versions" ADD CONSTRAINT "game_campaign_versions_campaign_id_game_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."game_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_campaign_versions" ADD CONSTRAINT "game_campaign_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_campaigns" ADD CONSTRAINT "game_campaigns_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_days" ADD CONSTRAINT "game_days_campaign_id_game_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."game_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_campaign_id_game_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."game_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_draws" ADD CONSTRAINT "game_draws_voucher_id_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_play_grants" ADD CONSTRAINT "game_play_grants_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_play_grants" ADD CONSTRAINT "game_play_grants_campaign_id_game_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."game_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_play_grants" ADD CONSTRAINT "game_play_grants_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_play_grants" ADD CONSTRAINT "game_play_grants_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_prize_stock" ADD CONSTRAINT "game_prize_stock_campaign_id_game_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."game_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "game_campaigns_brand_status_idx" ON "game_campaigns" USING btree ("brand_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "game_draws_member_key_uq" ON "game_draws" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "game_draws_campaign_idx" ON "game_draws" USING btree ("campaign_id","seq");--> statement-breakpoint
CREATE INDEX "game_draws_member_idx" ON "game_draws" USING btree ("member_id","campaign_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "game_play_grants_source_uq" ON "game_play_grants" USING btree ("campaign_id","member_id","source_key");--> statement-breakpoint
CREATE INDEX "game_play_grants_member_idx" ON "game_play_grants" USING btree ("member_id","campaign_id");