/**
 * CSV as RFC 4180 describes it (https://www.rfc-editor.org/rfc/rfc4180): fields separated by
 * commas, records by CRLF, a field quoted when it holds a comma, a quote, CR or LF, and a quote
 * inside a quoted field doubled. Hand-written because it is this small.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
 * after a leading tab or CR (OWASP, "CSV Injection"): a member named `=HYPERLINK(…)` or a
 * receipt number typed as `@SUM(…)` must open as text. Such text gets a leading apostrophe,
 * which Excel and LibreOffice show as a text marker. Numbers are written as they are: a
 * negative number of points is a number, not a formula.
 */

/** What a cell may hold: text (guarded), an integer (written as is), or nothing (empty). */
export type CsvValue = string | number | null | undefined;

/** The UTF-8 byte order mark: without it Excel reads a CSV as the machine's code page and garbles Vietnamese. */
export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: formula-guarded and quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    // Only whole numbers reach a CSV of ours (points, VND); anything else is a bug upstream.
    if (!Number.isSafeInteger(value)) throw new RangeError(`csvCell: not a safe integer: ${value}`);
    return String(value);
  }
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + CSV_EOL;
}
