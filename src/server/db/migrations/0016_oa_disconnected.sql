ALTER TABLE "oa_tokens" ADD COLUMN "refresh_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oa_tokens" ADD COLUMN "disconnected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oa_tokens" ADD COLUMN "disconnect_reason" text;--> statement-breakpoint
ALTER TABLE "oa_tokens" ADD COLUMN "disconnect_zalo_error" integer;