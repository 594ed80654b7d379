ALTER TABLE "messages" ADD COLUMN "error_detail" jsonb;--> statement-breakpoint
-- Errors written as sentences before: the code stays, what it carried moves to error_detail.
UPDATE "messages" SET "error_detail" = jsonb_build_object('params', jsonb_build_object('gaveUpAfter', (substring("last_error" from ' \(gave up after (\d+) attempts\)$'))::int)), "last_error" = substring("last_error" from '^(.*) \(gave up after \d+ attempts\)$') WHERE "last_error" ~ ' \(gave up after \d+ attempts\)$';--> statement-breakpoint
UPDATE "messages" SET "last_error" = 'render_invalid' WHERE "last_error" LIKE 'render:%';--> statement-breakpoint
UPDATE "messages" SET "last_error" = 'reconciled' WHERE "last_error" LIKE 'reconciled:%';
