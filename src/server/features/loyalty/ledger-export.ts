/**
 * The console's ledger as CSV or XLSX (decision 0021): the entries the page shows for the same
 * filters, every one of them up to LEDGER_EXPORT_MAX_ROWS, streamed in batches through the shared
 * export mechanism (exports/export-stream.ts). Members' names are personal data: each export
 * leaves an audit_events row (who, when, which filters, how many rows) before the first byte is sent.
 */
import { max } from "drizzle-orm";
import type { ExportFormat } from "../../../contract/exports";
import { LEDGER_EXPORT_MAX_ROWS } from "../../../contract/loyalty";
import type { Locale } from "../../../domain/locale/locale";
import { ledgerCsvHeader, ledgerCsvRecord } from "../../../domain/loyalty/ledger-csv";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { Db } from "../../db/client";
import { ledgerEntries } from "../../db/schema";
import type { Outcome } from "../../db/transaction";
import { EXPORT_BATCH, exportBody, exportFilename, recordExport, type ExportFile, type Sheet } from "../exports/export-stream";
import { formatMemberNo } from "../members/cards";
import type { Actor } from "./posting";
import { consoleLedgerRows, countConsoleLedger, olderThanSeq, type ConsoleLedgerFilter, type ConsoleLedgerRow } from "./summary";

/**
 * Checks the size, records the export and returns the file to stream. Entries posted while the
 * file streams are left out (the export is of the ledger as it stood when asked), so the row
 * count in the audit log is the count in the file.
 */
export async function exportLedger(
  db: Db,
  now: number,
  actor: Actor,
  filter: ConsoleLedgerFilter & { locale: Locale; format?: ExportFormat },
  /** Rows per query while streaming (tests make it small to cross batch boundaries). */
  batch = EXPORT_BATCH,
  maxRows = LEDGER_EXPORT_MAX_ROWS,
): Promise<Outcome<ExportFile>> {
  const [top] = await db.select({ seq: max(ledgerEntries.seq) }).from(ledgerEntries);
  const upTo = Number(top?.seq ?? 0);
  const asOf = { ...filter, throughSeq: upTo };
  const rows = await countConsoleLedger(db, asOf, maxRows + 1);
  if (rows > maxRows) {
    return {
      ok: false,
      code: "export_too_large",
      message: `More than ${maxRows} entries match; narrow the dates or who.`,
      params: { max: maxRows },
    };
  }
  const format = filter.format ?? "csv";
  const { actorId, actorKind, from, to, locale } = filter;
  await recordExport(db, now, actor, {
    action: "ledger_exported",
    subjectId: actor.brandId,
    detail: { rows, locale, actorId, actorKind, from, to, ...(format !== "csv" && { format }) },
  });
  const sheet: Sheet<ConsoleLedgerRow, number> = {
    header: ledgerCsvHeader(locale),
    read: (after, limit) => consoleLedgerRows(db, asOf, limit, after === null ? undefined : olderThanSeq(after)),
    key: (r) => r.seq,
    cells: (r) => ledgerCsvRecord(entryOf(r), locale),
  };
  return {
    ok: true,
    value: {
      rows,
      format,
      filename: exportFilename(fileBase(now, filter), format),
      body: exportBody(sheet, format, { batch, sheetName: "so-diem" }),
    },
  };
}

function fileBase(now: number, filter: { from?: string; to?: string }): string {
  const day = civilDateText(vietnamDate(now));
  const range = filter.from || filter.to ? `_${filter.from ?? "start"}_${filter.to ?? day}` : `_${day}`;
  return `so-diem${range}`;
}

function entryOf(r: ConsoleLedgerRow) {
  return { ...r, occurredAt: r.occurredAt.getTime(), memberNo: formatMemberNo(r.memberSeq), reversed: Boolean(r.reversed) };
}
