CREATE TABLE "reward_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "image_id" uuid;--> statement-breakpoint
ALTER TABLE "reward_images" ADD CONSTRAINT "reward_images_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reward_images_brand_idx" ON "reward_images" USING btree ("brand_id");--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_image_id_reward_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."reward_images"("id") ON DELETE no action ON UPDATE no action;