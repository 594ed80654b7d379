ALTER TABLE "ledger_entries" ADD COLUMN "actor_kind" text;--> statement-breakpoint
-- Backfill who caused the rows written before this column (docs/decisions/0017): people by the
-- kind of entry they could write, rows with no user (demo seed, imports, erasure write-offs,
-- expiry) by the system. Devices of past earns are unknown and stay null.
UPDATE "ledger_entries" SET "actor_kind" = CASE
  WHEN "kind" = 'expire' THEN 'system'
  WHEN "kind" = 'game_prize' THEN 'game'
  WHEN "kind" = 'bonus' AND "reason" = 'profile_completed' THEN 'survey'
  WHEN "kind" = 'bonus' THEN 'system'
  WHEN "actor_id" IS NULL THEN 'system'
  WHEN "kind" = 'earn' THEN 'staff'
  WHEN "kind" = 'redeem' THEN 'member'
  ELSE 'manager'
END;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "actor_kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "actor_device" text;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "member_reason" text;--> statement-breakpoint
ALTER TABLE "vouchers" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_refund_uq" ON "ledger_entries" USING btree ("voucher_id") WHERE "ledger_entries"."kind" = 'refund';--> statement-breakpoint
CREATE INDEX "ledger_actor_idx" ON "ledger_entries" USING btree ("brand_id","actor_id","seq");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_actor_kind_ck" CHECK ("ledger_entries"."actor_kind" in ('staff', 'manager', 'member', 'system', 'game', 'survey'));