import { describe, expect, it } from "vitest";
import { mapHeader, parseBirthday, parsePoints, validateImportRows, type ImportContext } from "./member-import";

const ctx: ImportContext = {
  tiers: [
    { code: "member", names: ["Thành viên", "Member"] },
    { code: "gold", names: ["Vàng", "Gold"] },
  ],
  stores: [{ id: "s1", name: "Quận 1" }],
  today: { year: 2026, month: 12, day: 7 },
};

describe("member import", () => {
  it("maps Vietnamese and English headers, in any case and with or without accents; the phone column is required", () => {
    expect(mapHeader(["SĐT", "Họ và tên", "Ngay sinh", "Điểm tích lũy", "Hạng", "Chi nhánh", "Ghi chú"])).toEqual({
      ok: true,
      map: { phone: 0, name: 1, birthday: 2, points: 3, tier: 4, store: 5 },
    });
    expect(mapHeader(["Phone", "Points balance", "Tier", "Store", "Birthday", "Name"])).toMatchObject({
      ok: true,
      map: { phone: 0, name: 5 },
    });
    expect(mapHeader(["name", "points"])).toEqual({ ok: false, problems: [{ code: "import_column_missing", field: "phone" }] });
    expect(mapHeader(["phone", "sdt"])).toMatchObject({ ok: false, problems: [{ code: "import_column_duplicate", field: "phone" }] });
  });

  it("reads dd/mm/yyyy, ISO and day/month birthdays, and refuses impossible dates", () => {
    expect(parseBirthday("05/03/1990")).toEqual({ year: 1990, month: 3, day: 5 });
    expect(parseBirthday("1990-03-05")).toEqual({ year: 1990, month: 3, day: 5 });
    expect(parseBirthday("1990-03-05T00:00:00.000Z")).toEqual({ year: 1990, month: 3, day: 5 });
    expect(parseBirthday("29/02")).toEqual({ year: null, month: 2, day: 29 });
    for (const bad of ["29/02/2023", "31/04/1990", "13/13/1990", "03/05/90", "1990/03/05", "abc", "00/01/1990"])
      expect(parseBirthday(bad)).toBeNull();
  });

  it("reads points as integers, with thousands separators, and refuses decimals, negatives and huge numbers", () => {
    expect(parsePoints("1.250")).toEqual({ ok: true, points: 1250 });
    expect(parsePoints("1,250")).toEqual({ ok: true, points: 1250 });
    expect(parsePoints("1 250")).toEqual({ ok: true, points: 1250 });
    expect(parsePoints("300.0")).toEqual({ ok: true, points: 300 });
    expect(parsePoints("")).toEqual({ ok: true, points: 0 });
    expect(parsePoints("12.5")).toEqual({ ok: false, code: "points_invalid" });
    expect(parsePoints("1e9")).toEqual({ ok: false, code: "points_invalid" });
    expect(parsePoints("-5")).toEqual({ ok: false, code: "points_negative" });
    expect(parsePoints("99999999999999999999")).toEqual({ ok: false, code: "points_too_large" });
  });

  it("reports each row's problems by row number and column; a row with any problem is refused whole", () => {
    const map = { phone: 0, name: 1, birthday: 2, points: 3, tier: 4, store: 5 };
    const out = validateImportRows(
      [
        ["0901 234 567", "  Lê   Văn A ", "05/03/1990", "1.200", "vàng", "quan 1"],
        ["901234567", "Trùng (số mất số 0)", "", "", "", ""],
        ["12345", "Sai", "31/02/1990", "-3", "Bạch kim", "Hà Nội"],
        ["", "Không số", "01/01/2030", "x", "", ""],
        ["0912345678", "Nul\u0000", "", "", "", ""],
        ["0987654321", "Hai hội viên chung số", "", "5", "Member", ""],
        ["0977654321", "Đã là hội viên (gộp)", "", "7", "", ""],
      ],
      map,
      ctx,
      new Set(["84987654321"]),
    );
    expect(out.rows).toEqual([
      {
        row: 2,
        phone: "84901234567",
        name: "Lê Văn A",
        birthday: { year: 1990, month: 3, day: 5 },
        points: 1200,
        tier: "gold",
        storeId: "s1",
      },
      // A phone one joined member has is not a problem of the file: the import merges it into them.
      { row: 8, phone: "84977654321", name: "Đã là hội viên (gộp)", birthday: null, points: 7, tier: null, storeId: null },
    ]);
    expect(out.refusedRows).toBe(5);
    expect(out.problems.map((p) => [p.params.row, p.field, p.code])).toEqual([
      [3, "phone", "phone_duplicate"],
      [4, "phone", "phone_invalid"],
      [4, "birthday", "birthday_invalid"],
      [4, "points", "points_negative"],
      [4, "tier", "tier_unknown"],
      [4, "store", "store_unknown"],
      [5, "phone", "phone_missing"],
      [5, "birthday", "birthday_future"],
      [5, "points", "points_invalid"],
      [6, "name", "text_characters"],
      [7, "phone", "phone_ambiguous"],
    ]);
    expect(out.problems[0]!.params.firstRow).toBe(2);
  });
});
