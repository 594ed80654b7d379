CREATE TABLE "oa_limits" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"daily_quota" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oa_limits" ADD CONSTRAINT "oa_limits_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;