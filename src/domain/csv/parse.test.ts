import { describe, expect, it } from "vitest";
import { csvRow, CSV_BOM } from "./csv";
import { parseCsv } from "./parse";

describe("parseCsv (RFC 4180)", () => {
  it("reads quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF and a BOM", () => {
    const text = `${CSV_BOM}phone,name\r\n0901234567,"Lê, Văn ""Tí"""\r\n"0912","a\r\nb"\r\n`;
    expect(parseCsv(text)).toEqual({
      ok: true,
      delimiter: ",",
      records: [
        ["phone", "name"],
        ["0901234567", 'Lê, Văn "Tí"'],
        ["0912", "a\r\nb"],
      ],
    });
  });

  it("reads back what the project's writer wrote", () => {
    const values = ["a,b", 'q"q', "line\nbreak", "", "x"];
    const parsed = parseCsv(csvRow(values) + csvRow(["1", "2", "3", "4", "5"]));
    expect(parsed.ok && parsed.records).toEqual([values, ["1", "2", "3", "4", "5"]]);
  });

  it("accepts LF-only files, skips blank lines, keeps empty fields, and reads Excel's semicolon CSV", () => {
    expect(parseCsv("a,b\n\n1,\n,2").ok && (parseCsv("a,b\n\n1,\n,2") as { records: string[][] }).records).toEqual([
      ["a", "b"],
      ["1", ""],
      ["", "2"],
    ]);
    const semi = parseCsv("Số điện thoại;Họ tên\n0901;An, B");
    expect(semi).toMatchObject({
      ok: true,
      delimiter: ";",
      records: [
        ["Số điện thoại", "Họ tên"],
        ["0901", "An, B"],
      ],
    });
  });

  it("refuses an unterminated quote, a stray quote and too many records, with the line", () => {
    expect(parseCsv('a\n"open\nstill')).toEqual({ ok: false, code: "csv_unterminated_quote", line: 2 });
    expect(parseCsv('a\nb"c')).toEqual({ ok: false, code: "csv_quote_in_field", line: 2 });
    expect(parseCsv('"a"b')).toEqual({ ok: false, code: "csv_quote_in_field", line: 1 });
    expect(parseCsv("a\nb\nc\nd", { maxRecords: 2 })).toMatchObject({ ok: false, code: "csv_too_many_records" });
    expect(parseCsv("")).toEqual({ ok: true, delimiter: ",", records: [] });
  });
});
