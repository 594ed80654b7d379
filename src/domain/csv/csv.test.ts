import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and Vietnamese alone", () => {
    expect(csvCell("Nguyễn Thị Hoa")).toBe("Nguyễn Thị Hoa");
    expect(csvCell("HD-0001")).toBe("HD-0001");
  });

  it("quotes a field with a comma, a quote, CR or LF, doubling quotes (RFC 4180)", () => {
    expect(csvCell("Cà Phê Mây, Quận 1")).toBe('"Cà Phê Mây, Quận 1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  it("guards text that a spreadsheet would run as a formula with a leading apostrophe", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+84901234567")).toBe("'+84901234567");
    expect(csvCell("-HD")).toBe("'-HD");
    expect(csvCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe(`"'\rcmd"`);
    // Guarded and quoted: the apostrophe goes inside the quotes.
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    // Only the first character counts.
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes integers as numbers, even negative ones, and nothing as an empty field", () => {
    expect(csvCell(-40)).toBe("-40");
    expect(csvCell(1_250_000)).toBe("1250000");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("refuses a number that is not a whole number (points and money are integers)", () => {
    expect(() => csvCell(1.5)).toThrow(RangeError);
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("the BOM is U+FEFF, three bytes in UTF-8", () => {
    expect([...new TextEncoder().encode(CSV_BOM)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
