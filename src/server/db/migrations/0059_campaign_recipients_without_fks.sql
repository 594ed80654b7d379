-- Decision 0051: a campaign's recipients are written 100,000 at a time by materialise alone, from the
-- campaign as loaded and the members just selected; campaigns and members are never deleted. Each
-- row's foreign-key checks locked its campaign and member rows: 1.7 s of 3.9 s, and a MultiXact per
-- member while the messages' checks locked the same rows.
ALTER TABLE "zns_campaign_recipients" DROP CONSTRAINT "zns_campaign_recipients_campaign_id_zns_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "zns_campaign_recipients" DROP CONSTRAINT "zns_campaign_recipients_member_id_members_id_fk";
