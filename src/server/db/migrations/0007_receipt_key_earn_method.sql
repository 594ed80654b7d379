DROP INDEX "ledger_receipt_uq";--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "receipt_key" text;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "qr_scans" ADD COLUMN "earn_key" text;--> statement-breakpoint
-- Backfill (hand-written): receipt_key = domain/loyalty/receipt.ts receiptKey(receipt_no) —
-- NFKC, surrounding non-alphanumerics stripped, upper case. Receipts written so far passed the
-- ASCII receipt rule, where this SQL and the TypeScript agree. A receipt that already earned
-- twice under two spellings (HD-0001 and hd-0001) keeps its key on the first row; the later
-- rows get a key no typed receipt can have ('~' is never in a key), so history stays as it is
-- and the unique index can be built.
UPDATE "ledger_entries" SET "receipt_key" = upper(regexp_replace(normalize("receipt_no", NFKC), '^[^[:alnum:]]+|[^[:alnum:]]+$', '', 'g'))
  WHERE "receipt_no" IS NOT NULL;--> statement-breakpoint
UPDATE "ledger_entries" e SET "receipt_key" = e."receipt_key" || '~' || e."seq"
  FROM (SELECT "id", row_number() OVER (PARTITION BY "brand_id", "store_id", "receipt_key" ORDER BY "seq") AS n
        FROM "ledger_entries" WHERE "kind" = 'earn' AND "receipt_key" IS NOT NULL) d
  WHERE d."id" = e."id" AND d.n > 1;--> statement-breakpoint
UPDATE "ledger_entries" SET "method" = 'qr' WHERE "kind" = 'earn' AND "store_id" IS NOT NULL AND "actor_id" IS NOT NULL;--> statement-breakpoint
-- Earn idempotency keys are `<store id>:<receipt key>` from now on; rewrite the old
-- `<store id>:<receipt as typed>` ones. Where several spellings of one receipt have a key, only
-- the oldest is rewritten (the others stay, unreachable; the ledger index still answers for them).
UPDATE "idempotency_keys" k SET "key" = c.nk
  FROM (SELECT "brand_id", "key", nk, row_number() OVER (PARTITION BY "brand_id", nk ORDER BY "created_at", "key") AS n
        FROM (SELECT "brand_id", "key", "created_at",
                split_part("key", ':', 1) || ':' || upper(regexp_replace(normalize(substr("key", length(split_part("key", ':', 1)) + 2), NFKC), '^[^[:alnum:]]+|[^[:alnum:]]+$', '', 'g')) AS nk
              FROM "idempotency_keys" WHERE "scope" = 'earn') r) c
  WHERE k."scope" = 'earn' AND k."brand_id" = c."brand_id" AND k."key" = c."key" AND c.n = 1 AND c."key" <> c.nk
    AND NOT EXISTS (SELECT 1 FROM "idempotency_keys" o WHERE o."brand_id" = k."brand_id" AND o."scope" = 'earn' AND o."key" = c.nk);--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_receipt_uq" ON "ledger_entries" USING btree ("brand_id","store_id","receipt_key") WHERE "ledger_entries"."kind" = 'earn';
