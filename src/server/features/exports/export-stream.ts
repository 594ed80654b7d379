/**
 * The console's exports, one mechanism for all (issue 17 "Exports"; decision 0047): a sheet says
 * its header, how to read the next batch after a key (keyset, never OFFSET: batch n costs what
 * batch 1 does) and how a row becomes cells; this file turns it into a CSV or an XLSX stream
 * that reads a batch only when the client has taken the previous one, so 1,000,000 rows never
 * sit in memory. The route counts the rows first (the sheet's `rows`), records the export in the
 * audit log and sends the count in a header the console shows progress against.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Context } from "hono";
import { CSV_MEDIA_TYPE, EXPORT_ROW_COUNT_HEADER, XLSX_MEDIA_TYPE, type ExportFormat } from "../../../contract/exports";
import type { AuditAction } from "../../../domain/identity/audit";
import { CSV_BOM, csvRow, type CsvValue } from "../../../domain/csv/csv";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";

/** Rows read per query: small enough for memory, large enough to keep round trips few. */
export const EXPORT_BATCH = 1_000;

export type Sheet<Row, Key> = {
  /** The header row, in the export's locale. */
  header: readonly string[];
  /** Up to `limit` rows after `after` (null: from the first), in the order `key` follows. */
  read: (after: Key | null, limit: number) => Promise<Row[]>;
  key: (row: Row) => Key;
  /** One row's cells, in header order: text, whole numbers or nothing. */
  cells: (row: Row) => readonly CsvValue[];
};

export type ExportFile = { rows: number; filename: string; format: ExportFormat; body: ReadableStream<Uint8Array> };

/** The sheet's rows, a batch at a time, until a short batch says there are no more. */
async function* batches<Row, Key>(sheet: Sheet<Row, Key>, batch: number): AsyncGenerator<Row[]> {
  let after: Key | null = null;
  for (;;) {
    const rows = await sheet.read(after, batch);
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    after = sheet.key(rows[rows.length - 1]!);
  }
}

/** The file's bytes: a batch is read on the client's pull, so a slow download reads slowly too. */
export function exportBody<Row, Key>(
  sheet: Sheet<Row, Key>,
  format: ExportFormat,
  { batch = EXPORT_BATCH, sheetName = "export" }: { batch?: number; sheetName?: string } = {},
): ReadableStream<Uint8Array> {
  return format === "xlsx" ? xlsxStream(sheet, batch, sheetName) : csvStream(sheet, batch);
}

function csvStream<Row, Key>(sheet: Sheet<Row, Key>, batch: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = batches(sheet, batch);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(sheet.header)));
        return;
      }
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((r) => csvRow(sheet.cells(r))).join("")));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

/**
 * exceljs' streaming WorkbookWriter (a zip written as rows are committed), inline strings and no
 * styles so nothing accumulates per row. Text is written as text, never as a formula, so XLSX
 * needs no apostrophe guard (CSV does).
 *
 * A batch is read on the client's pull, and the next only once the zip has taken the last one
 * (bench:export, decision 0047): exceljs writes a sheet's XML into a buffer of its own that hands
 * 64 KB pieces to the zip's entry stream without heeding its answer, and the deflate behind it
 * runs on the thread pool. A writer that fed batches until any zip output appeared ran some 200
 * batches ahead of the compression (the zip's headers come out a few bytes at a time), and the
 * sheet's XML sat in Buffers outside the JS heap: +165 MB of RSS for 300,000 rows. Now a pull
 * writes a batch, waits for the entry to drain into deflate, and returns once bytes have come out.
 */
function xlsxStream<Row, Key>(sheet: Sheet<Row, Key>, batch: number, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(sheetName);
  worksheet.addRow([...sheet.header]).commit();
  const entry = zipEntryOf(worksheet);
  const rows = batches(sheet, batch);
  let emitted = 0;
  let finished = false;
  // The stream is over for the client: it went away (cancel) or a read failed. The zip still
  // flushes what it holds, and a chunk enqueued on a closed stream throws in an event handler —
  // an uncaught exception, the server process gone (export-stream.test.ts).
  let over = false;
  const stop = new AbortController();
  // Waits for the entry to drain, or for the end: a client gone mid-wait stops the zip, so its
  // drain never comes and the pull would hang for good.
  const drained = () =>
    new Promise<void>((resolve) => {
      if (!entry?._writableState.needDrain || stop.signal.aborted) return void setImmediate(resolve);
      const done = () => {
        entry.removeListener("drain", done);
        stop.signal.removeEventListener("abort", done);
        resolve();
      };
      entry.once("drain", done);
      stop.signal.addEventListener("abort", done);
    });
  const end = async () => {
    over = true;
    finished = true;
    stop.abort();
    out.destroy();
    // No read after this one; a read in flight settles first (its error is the pull's).
    await rows.return(undefined).catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      out.on("data", (chunk: Buffer) => {
        if (over) return;
        emitted += 1;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      out.on("end", () => !over && controller.close());
      out.on("error", (error) => !over && controller.error(error));
    },
    async pull() {
      const before = emitted;
      try {
        while (!finished && emitted === before) {
          const next = await rows.next();
          if (next.done) {
            finished = true;
            worksheet.commit();
            await workbook.commit();
            return;
          }
          for (const row of next.value) worksheet.addRow(sheet.cells(row).map((v) => v ?? null)).commit();
          await drained();
        }
      } catch (error) {
        // A failed read (the database gone, a timeout) errors the download; the zip is dropped.
        await end();
        throw error;
      }
    },
    cancel: end,
  });
}

/** What of archiver's entry stream (readable-stream 2, Node's streams of old) the wait reads. */
type ZipEntry = {
  _writableState: { needDrain: boolean };
  once(event: "drain", listener: () => void): unknown;
  removeListener(event: "drain", listener: () => void): unknown;
};

/**
 * The zip entry a worksheet's XML is written into: exceljs 4 pipes the sheet's buffer (its
 * `stream`) into the PassThrough archiver made of it (readable-stream 2, so no
 * `writableNeedDrain`). Not a public API, so looked up defensively: without it the export still
 * works, only without waiting for the compression (the test of the export's memory would say so).
 */
function zipEntryOf(worksheet: unknown): ZipEntry | undefined {
  const entry = (worksheet as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Partial<ZipEntry> | undefined;
  return typeof entry?._writableState?.needDrain === "boolean" &&
    typeof entry.once === "function" &&
    typeof entry.removeListener === "function"
    ? (entry as ZipEntry)
    : undefined;
}

/** Who asked, for the audit row. */
export type Exporter = { userId: string; brandId: string };

/**
 * One audit_events row per export, written before the first byte: who, when, what, how many
 * rows and the filters. Names and phones are personal data.
 */
export async function recordExport(
  db: Db,
  now: number,
  actor: Exporter,
  what: { action: AuditAction; subjectId: string; detail: Record<string, string | number | undefined> },
): Promise<void> {
  const detail: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(what.detail)) if (v !== undefined && v !== "") detail[k] = v;
  await db.insert(auditEvents).values({
    brandId: actor.brandId,
    actorId: actor.userId,
    action: what.action,
    subjectId: what.subjectId,
    at: new Date(now),
    detail,
  });
}

/** `name.csv` or `name.xlsx`. */
export const exportFilename = (base: string, format: ExportFormat) => `${base}.${format}`;

/**
 * The answer: the file as an attachment with its row count; a CSV is gzipped as it streams when
 * the client takes gzip (it shrinks about eightfold; compressJson only weighs JSON answers). An
 * XLSX is a zip already.
 */
export function sendExport(c: Context, file: ExportFile): Response {
  const gzip = file.format === "csv" && /\bgzip\b/i.test(c.req.header("accept-encoding") ?? "");
  const body = gzip
    ? file.body.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
    : file.body;
  return c.body(body, 200, {
    "content-type": file.format === "xlsx" ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE,
    "content-disposition": `attachment; filename="${file.filename}"`,
    [EXPORT_ROW_COUNT_HEADER]: String(file.rows),
    // The console reads the count while the body streams (a cross-origin console in development too).
    "access-control-expose-headers": `content-disposition, ${EXPORT_ROW_COUNT_HEADER}`,
    vary: "Accept-Encoding",
    ...(gzip && { "content-encoding": "gzip" }),
  });
}
