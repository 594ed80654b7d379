CREATE TABLE "zns_prices" (
	"brand_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"vnd_per_message" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "zns_prices_brand_id_tag_pk" PRIMARY KEY("brand_id","tag"),
	CONSTRAINT "zns_prices_vnd_ck" CHECK ("zns_prices"."vnd_per_message" >= 0)
);
--> statement-breakpoint
ALTER TABLE "zns_prices" ADD CONSTRAINT "zns_prices_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_earn_time_idx" ON "ledger_entries" USING btree ("brand_id","occurred_at") WHERE "ledger_entries"."kind" = 'earn';--> statement-breakpoint
CREATE INDEX "messages_sent_idx" ON "messages" USING btree ("brand_id","sent_at") WHERE "messages"."status" in ('sent', 'delivered');