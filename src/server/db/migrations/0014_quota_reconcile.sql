ALTER TABLE "message_quota" ADD COLUMN "zalo_used" integer;--> statement-breakpoint
ALTER TABLE "message_quota" ADD COLUMN "sent_at_zalo" integer;--> statement-breakpoint
ALTER TABLE "message_quota" ADD COLUMN "zalo_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message_quota" ADD COLUMN "hold" text;--> statement-breakpoint
ALTER TABLE "message_quota" ADD COLUMN "probe_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "quota_day" integer;