/**
 * Reading CSV as RFC 4180 describes it (https://www.rfc-editor.org/rfc/rfc4180), the other half
 * of csv.ts: fields separated by a delimiter, records by CRLF (a lone LF or CR is accepted too,
 * as files saved on macOS and Linux end lines that way), a quoted field may hold the
 * delimiter, line breaks and doubled quotes. A UTF-8 byte order mark (Excel writes one) is
 * skipped. Hand-written like the writer: a state machine of one loop, no dependency to keep.
 *
 * The delimiter is `,` unless the first line has more `;` than `,` outside quotes: Excel in a
 * Vietnamese (or any comma-decimal) locale saves "CSV" with semicolons.
 *
 * Limits are the caller's: `maxRecords` stops reading (the answer says so) so a file of a
 * million lines never becomes a million arrays.
 */

export type CsvParseProblem = "csv_unterminated_quote" | "csv_quote_in_field" | "csv_too_many_records";
export type CsvParsed = { ok: true; records: string[][]; delimiter: "," | ";" } | { ok: false; code: CsvParseProblem; line: number };

export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semis++;
  }
  return semis > commas ? ";" : ",";
}

export function parseCsv(input: string, opts: { maxRecords?: number } = {}): CsvParsed {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const max = opts.maxRecords ?? Infinity;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let line = 1;
  let quoteLine = 0;
  // start: at the start of a field; plain: in an unquoted field; quoted: inside quotes; closed: after the closing quote.
  let state: "start" | "plain" | "quoted" | "closed" = "start";
  const endRecord = (): boolean => {
    record.push(field);
    field = "";
    // A record of one empty field is a blank line (a trailing newline, an empty row): skipped.
    if (record.length > 1 || record[0] !== "") records.push(record);
    record = [];
    state = "start";
    return records.length <= max;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (state === "quoted") {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else state = "closed";
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
      continue;
    }
    if (ch === delimiter) {
      record.push(field);
      field = "";
      state = "start";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      line++;
      if (!endRecord()) return { ok: false, code: "csv_too_many_records", line };
    } else if (ch === '"') {
      if (state !== "start") return { ok: false, code: "csv_quote_in_field", line };
      state = "quoted";
      quoteLine = line;
    } else {
      if (state === "closed") return { ok: false, code: "csv_quote_in_field", line };
      field += ch;
      state = "plain";
    }
  }
  if (state === "quoted") return { ok: false, code: "csv_unterminated_quote", line: quoteLine };
  if (field !== "" || record.length > 0 || state === "closed") {
    if (!endRecord()) return { ok: false, code: "csv_too_many_records", line };
  }
  return { ok: true, records, delimiter };
}
