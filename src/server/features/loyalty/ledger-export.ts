/**
 * The console's ledger as CSV (decision 0021): the entries the page shows for the same filters,
 * every one of them up to LEDGER_EXPORT_MAX_ROWS, streamed in batches so a big brand's file is
 * never held whole in memory. Members' names are personal data: each export leaves an
 * audit_events row (who, when, which filters, how many rows) before the first byte is sent.
 */
import { max } from "drizzle-orm";
import { LEDGER_EXPORT_MAX_ROWS } from "../../../contract/loyalty";
import { CSV_BOM, csvRow } from "../../../domain/csv/csv";
import type { Locale } from "../../../domain/locale/locale";
import { ledgerCsvHeader, ledgerCsvRecord } from "../../../domain/loyalty/ledger-csv";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { Db } from "../../db/client";
import { auditEvents, ledgerEntries } from "../../db/schema";
import type { Outcome } from "../../db/transaction";
import { formatMemberNo } from "../members/cards";
import type { Actor } from "./posting";
import { consoleLedgerRows, countConsoleLedger, olderThanSeq, type ConsoleLedgerFilter, type ConsoleLedgerRow } from "./summary";

/** Rows read per query while streaming: small enough for memory, large enough to keep round trips few. */
const BATCH = 1_000;

export type LedgerExport = { rows: number; filename: string; body: ReadableStream<Uint8Array> };

/**
 * Checks the size, records the export and returns the file to stream. Entries posted while the
 * file streams are left out (the export is of the ledger as it stood when asked), so the row
 * count in the audit log is the count in the file.
 */
export async function exportLedger(
  db: Db,
  now: number,
  actor: Actor,
  filter: ConsoleLedgerFilter & { locale: Locale },
  /** Rows per query while streaming (tests make it small to cross batch boundaries). */
  batch = BATCH,
): Promise<Outcome<LedgerExport>> {
  const [top] = await db.select({ seq: max(ledgerEntries.seq) }).from(ledgerEntries);
  const upTo = Number(top?.seq ?? 0);
  const asOf = { ...filter, throughSeq: upTo };
  const rows = await countConsoleLedger(db, asOf, LEDGER_EXPORT_MAX_ROWS + 1);
  if (rows > LEDGER_EXPORT_MAX_ROWS) {
    return {
      ok: false,
      code: "export_too_large",
      message: `More than ${LEDGER_EXPORT_MAX_ROWS} entries match; narrow the dates or who.`,
      params: { max: LEDGER_EXPORT_MAX_ROWS },
    };
  }
  const detail: Record<string, string | number> = { rows, locale: filter.locale };
  for (const key of ["actorId", "actorKind", "from", "to"] as const) if (filter[key]) detail[key] = filter[key];
  await db.insert(auditEvents).values({
    brandId: actor.brandId,
    actorId: actor.userId,
    action: "ledger_exported",
    subjectId: actor.brandId,
    at: new Date(now),
    detail,
  });
  return { ok: true, value: { rows, filename: exportFilename(now, filter), body: csvStream(db, asOf, filter.locale, batch) } };
}

function exportFilename(now: number, filter: { from?: string; to?: string }): string {
  const day = civilDateText(vietnamDate(now));
  const range = filter.from || filter.to ? `_${filter.from ?? "start"}_${filter.to ?? day}` : `_${day}`;
  return `so-diem${range}.csv`;
}

function csvStream(
  db: Db,
  filter: ConsoleLedgerFilter & { throughSeq: number },
  locale: Locale,
  batchRows: number,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastSeq: number | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(ledgerCsvHeader(locale))));
        return;
      }
      const batch = await consoleLedgerRows(db, filter, batchRows, lastSeq === null ? undefined : olderThanSeq(lastSeq));
      if (batch.length > 0) {
        controller.enqueue(encoder.encode(batch.map((r) => csvRow(ledgerCsvRecord(csvEntry(r), locale))).join("")));
        lastSeq = batch[batch.length - 1]!.seq;
      }
      if (batch.length < batchRows) controller.close();
    },
  });
}

function csvEntry(r: ConsoleLedgerRow) {
  return { ...r, occurredAt: r.occurredAt.getTime(), memberNo: formatMemberNo(r.memberSeq), reversed: Boolean(r.reversed) };
}
