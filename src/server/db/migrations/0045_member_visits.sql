CREATE TABLE "member_visits" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"stores" uuid[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_visits" ADD CONSTRAINT "member_visits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_visits_brand_idx" ON "member_visits" USING btree ("brand_id","last_at");