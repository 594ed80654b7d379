ALTER TABLE "referrals" DROP CONSTRAINT "referrals_state_ck";--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "friend_shortfall" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referrer_shortfall" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "referrals_purchase_idx" ON "referrals" USING btree ("purchase_entry_id") WHERE "referrals"."purchase_entry_id" is not null;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_shortfall_ck" CHECK ("referrals"."friend_shortfall" between 0 and "referrals"."friend_points" and "referrals"."referrer_shortfall" between 0 and "referrals"."referrer_points");--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_state_ck" CHECK ("referrals"."state" in ('invited', 'joined', 'purchased', 'rewarded', 'rejected', 'reversed'));