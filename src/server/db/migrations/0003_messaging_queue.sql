CREATE TABLE "message_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_quota" (
	"brand_id" uuid NOT NULL,
	"day" integer NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"promo" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "message_quota_brand_id_day_pk" PRIMARY KEY("brand_id","day")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"channel" text DEFAULT 'zns' NOT NULL,
	"purpose" text NOT NULL,
	"tag" text NOT NULL,
	"source" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"tracking_id" text NOT NULL,
	"template_data" jsonb NOT NULL,
	"important" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"msg_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "messages_tracking_id_unique" UNIQUE("tracking_id")
);
--> statement-breakpoint
CREATE TABLE "oa_tokens" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"access_token_enc" text NOT NULL,
	"refresh_token_enc" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_inbox" (
	"msg_id" text PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"tracking_id" text NOT NULL,
	"phone" text NOT NULL,
	"zns_template_id" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"key" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zns_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"zns_template_id" text NOT NULL,
	"tag" text NOT NULL,
	"params" jsonb NOT NULL,
	"preview" text NOT NULL,
	"trigger" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_quota" ADD CONSTRAINT "message_quota_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_template_id_zns_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."zns_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_tokens" ADD CONSTRAINT "oa_tokens_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_inbox" ADD CONSTRAINT "sandbox_inbox_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zns_templates" ADD CONSTRAINT "zns_templates_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_dedupe_uq" ON "messages" USING btree ("brand_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("not_before") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "messages_lease_idx" ON "messages" USING btree ("lease_until") WHERE "messages"."status" in ('sending', 'in_doubt');--> statement-breakpoint
CREATE INDEX "messages_member_idx" ON "messages" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_msg_id_idx" ON "messages" USING btree ("msg_id");--> statement-breakpoint
CREATE INDEX "sandbox_inbox_brand_idx" ON "sandbox_inbox" USING btree ("brand_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "zns_templates_brand_zns_uq" ON "zns_templates" USING btree ("brand_id","zns_template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "zns_templates_trigger_uq" ON "zns_templates" USING btree ("brand_id","trigger");