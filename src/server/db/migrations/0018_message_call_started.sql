ALTER TABLE "messages" ADD COLUMN "lease_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "call_started_at" timestamp with time zone;--> statement-breakpoint
-- Rows claimed before this column existed may have been mid-call: treat them as started (in doubt
-- when their lease ends), never as unsent.
UPDATE "messages" SET "call_started_at" = now() WHERE "status" = 'sending';
