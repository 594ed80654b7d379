ALTER TABLE "messages" ADD COLUMN "render_notes" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "dev_mode" boolean DEFAULT false NOT NULL;