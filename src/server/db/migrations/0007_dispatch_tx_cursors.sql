ALTER TABLE "consents" ADD COLUMN "tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "message_cursors" ADD COLUMN "position_tx" "xid8" DEFAULT '0'::xid8 NOT NULL;--> statement-breakpoint
CREATE INDEX "consents_tx_idx" ON "consents" USING btree ("tx","id");--> statement-breakpoint
CREATE INDEX "ledger_dispatch_idx" ON "ledger_entries" USING btree ("brand_id","kind","tx","seq");--> statement-breakpoint
-- Existing rows all got this migration's xid as tx; cursors placed at it keep their id position (hand-written).
UPDATE "message_cursors" SET "position_tx" = pg_current_xact_id();
