ALTER TABLE "rewards" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "description_en" text;