ALTER TABLE "oa_tokens" ADD COLUMN "refresh_lease_by" text;--> statement-breakpoint
ALTER TABLE "oa_tokens" ADD COLUMN "refresh_lease_until" timestamp with time zone;