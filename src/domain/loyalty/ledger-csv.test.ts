import { describe, expect, it } from "vitest";
import { ledgerCsvHeader, ledgerCsvRecord, vietnamDateTimeText, type LedgerCsvEntry } from "./ledger-csv";

const entry: LedgerCsvEntry = {
  id: "e1",
  occurredAt: Date.parse("2026-11-23T17:30:05.000Z"),
  memberNo: "00000042",
  memberName: "Lan",
  kind: "adjust",
  points: -40,
  balanceAfter: 160,
  storeName: null,
  receiptNo: null,
  billVnd: null,
  actorKind: "manager",
  actorName: "Chị Quản Lý",
  actorRole: "manager",
  actorDevice: null,
  reason: null,
  memberReason: "entry_mistake",
  note: "Nhập nhầm số tiền",
  reversed: false,
};

describe("the ledger's CSV rows", () => {
  it("gives the Vietnam wall-clock time, which is already the next day after 17:00 UTC", () => {
    expect(vietnamDateTimeText(Date.parse("2026-11-23T17:30:05.000Z"))).toBe("2026-11-24 00:30:05");
    expect(vietnamDateTimeText(Date.parse("2026-01-01T00:00:00.000Z"))).toBe("2026-01-01 07:00:00");
  });

  it("has one cell per header, points as signed integers, words in the reader's language", () => {
    const vi = ledgerCsvRecord(entry, "vi");
    expect(vi).toHaveLength(ledgerCsvHeader("vi").length);
    expect(vi.slice(0, 7)).toEqual(["2026-11-23T17:30:05.000Z", "2026-11-24 00:30:05", "00000042", "Lan", "Điều chỉnh", -40, 160]);
    expect(vi.slice(10, 16)).toEqual(["Chị Quản Lý", "Quản lý", "Quản lý", null, "Sửa lỗi nhập điểm", "Nhập nhầm số tiền"]);
    const en = ledgerCsvRecord({ ...entry, kind: "bonus", memberReason: null, reason: "profile_completed", reversed: true }, "en");
    expect([en[4], en[14], en[16]]).toEqual(["Bonus", "Bonus for completing the preference profile", "Yes"]);
    expect(ledgerCsvHeader("en")).toHaveLength(ledgerCsvHeader("vi").length);
  });
});
