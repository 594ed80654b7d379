/**
 * Issue 10 item 3: the brand's ledger as CSV for a spreadsheet, with the list's filters (who,
 * Vietnam days), formula-safe, UTF-8 with a BOM, for console roles only, every export audited.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { LEDGER_EXPORT_MAX_ROWS } from "../../src/contract/loyalty";
import { auditEvents } from "../../src/server/db/schema";
import { exportLedger } from "../../src/server/features/loyalty/ledger-export";
import { testApi, type TestApi } from "../support/api";
import {
  consoleSession,
  importedEarn,
  makeMember,
  makeStaff,
  makeStore,
  testBrand,
  type TestStaff,
  type TestStore,
} from "../support/factories";
import { parseCsv } from "../support/csv";
import { scanToken } from "../support/loyalty";

const exportPath = (query: Record<string, string>) => `/console/ledger/export.csv?${new URLSearchParams(query).toString()}`;

describe("GET /console/ledger/export.csv", () => {
  let api: TestApi;
  let marketer: string;
  let manager: string;
  let store: TestStore;
  let lan: TestStaff;
  let minh: TestStaff;
  let evil: Awaited<ReturnType<typeof makeMember>>;
  let hoa: Awaited<ReturnType<typeof makeMember>>;

  // Far from the demo seed's dates, so the date filter isolates this file's entries.
  const day1Late = Date.parse("2031-03-10T18:30:00.000Z"); // 01:30 on 11/03/2031 in Vietnam (the scan moves the clock 30 s on)
  const day2 = Date.parse("2031-03-12T02:00:00.000Z"); // 09:00 on 12/03/2031 in Vietnam

  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api, { name: "Cà Phê Mây, Quận 1" });
    lan = await makeStaff(api, store, { name: '=HYPERLINK("http://evil.example","Lan")' });
    minh = await makeStaff(api, store, { name: "Minh" });
    evil = await makeMember(api, { name: "@SUM(1+1)*cmd" });
    hoa = await makeMember(api, { name: 'Nguyễn "Bé" Hoa' });

    api.clock.set(day1Late);
    const lanToken = await lan.signIn();
    const first = await api.call("POST", "/staff/earn", {
      token: lanToken,
      headers: { "x-device-id": "till-q1-phone-01" },
      body: { storeId: store.id, receiptNo: "HD-7001", billVnd: 250_000, member: { scanToken: await scanToken(api, lanToken, evil.card) } },
    });
    expect(first.status).toBe(200);

    api.clock.set(day2);
    const minhToken = await minh.signIn();
    const second = await api.call("POST", "/staff/earn", {
      token: minhToken,
      body: { storeId: store.id, receiptNo: "HD-7002", billVnd: 120_000, member: { scanToken: await scanToken(api, minhToken, hoa.card) } },
    });
    expect(second.status).toBe(200);
    // A receipt typed with a leading minus, as a POS import may carry it.
    await importedEarn(api, { memberId: hoa.card.memberId, storeId: store.id, receiptNo: "-HD-7003", billVnd: 50_000, at: day2 + 60_000 });
    manager = await consoleSession(api, "manager");
    const adjust = await api.call("POST", `/console/members/${hoa.card.memberId}/adjustments`, {
      token: manager,
      body: { points: -3, reason: "+ trừ điểm, nhập nhầm", memberReason: "entry_mistake", idempotencyKey: `adj-${randomUUID()}` },
    });
    expect(adjust.status).toBe(200);
    marketer = await consoleSession(api, "marketer");
  });
  afterAll(() => api.close());

  const range = { from: "2031-03-11", to: "2031-03-12" };

  it("sends the filtered entries as RFC 4180 CSV in UTF-8 with a BOM, newest first, formula-safe, and audits the export", async () => {
    const res = await api.call("GET", exportPath(range), { token: marketer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="so-diem_2031-03-11_2031-03-12.csv"');
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const text = new TextDecoder().decode(res.bytes); // drops the BOM
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "Thời điểm (UTC, ISO 8601)",
      "Giờ Việt Nam",
      "Số thẻ",
      "Thành viên",
      "Loại",
      "Điểm",
      "Số dư sau",
      "Cửa hàng",
      "Số hoá đơn",
      "Hoá đơn (VND)",
      "Người thực hiện",
      "Vai trò",
      "Loại người thực hiện",
      "Thiết bị",
      "Thành viên đọc",
      "Ghi chú nội bộ",
      "Đã đảo ngược",
      "Mã bút toán",
    ]);
    expect(rows.map((r) => [r[3], r[4], r[5], r[6], r[8], r[10], r[12]])).toEqual([
      ['Nguyễn "Bé" Hoa', "Điều chỉnh", "-3", "14", "", expect.any(String), "Quản lý"],
      ['Nguyễn "Bé" Hoa', "Tích điểm", "5", "17", "'-HD-7003", "", "Hệ thống"],
      ['Nguyễn "Bé" Hoa', "Tích điểm", "12", "12", "HD-7002", "Minh", "Nhân viên quầy"],
      ["'@SUM(1+1)*cmd", "Tích điểm", "25", "25", "HD-7001", '\'=HYPERLINK("http://evil.example","Lan")', "Nhân viên quầy"],
    ]);
    const lanRow = rows[3]!;
    expect(lanRow.slice(0, 3)).toEqual(["2031-03-10T18:30:30.000Z", "2031-03-11 01:30:30", evil.card.memberNo]);
    expect([lanRow[7], lanRow[9], lanRow[11], lanRow[13]]).toEqual(["Cà Phê Mây, Quận 1", "250000", "Nhân viên", "till-q1-phone-01"]);
    // The manager's note starts with "+": guarded; the member's preset is in its own column.
    expect([rows[0]![14], rows[0]![15]]).toEqual(["Sửa lỗi nhập điểm", "'+ trừ điểm, nhập nhầm"]);
    // The raw text: a guarded, quoted cell keeps its apostrophe inside the quotes.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Lan"")"`);
    expect(res.headers.get("x-row-count")).toBe("4");

    // Gzipped as it streams for a client that accepts it; the same bytes once inflated.
    const zipped = await api.call("GET", exportPath(range), { token: marketer, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect([zipped.status, zipped.headers.get("content-encoding")]).toEqual([200, "gzip"]);
    expect(zipped.headers.get("vary")).toMatch(/Accept-Encoding/);
    expect(new Uint8Array(gunzipSync(zipped.bytes))).toEqual(res.bytes);

    const brand = await testBrand(api);
    const audits = await api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.brandId, brand.id), eq(auditEvents.action, "ledger_exported")));
    expect(audits.map((a) => [a.subjectId, a.detail])).toEqual([
      [brand.id, { rows: 4, locale: "vi", ...range }],
      [brand.id, { rows: 4, locale: "vi", ...range }],
    ]);
  });

  it("applies the filters the list takes: a person, a kind of actor, Vietnam days; and the list agrees", async () => {
    const rowsOf = async (query: Record<string, string>) => {
      const res = await api.call("GET", exportPath(query), { token: marketer });
      expect(res.status).toBe(200);
      return parseCsv(new TextDecoder().decode(res.bytes)).slice(1);
    };
    expect((await rowsOf({ ...range, actorId: lan.userId })).map((r) => r[8])).toEqual(["HD-7001"]);
    expect((await rowsOf({ ...range, actorKind: "manager" })).map((r) => r[4])).toEqual(["Điều chỉnh"]);
    // 18:30 UTC on the 10th is already the 11th in Vietnam: in "from the 11th", not in "to the 10th".
    expect((await rowsOf({ from: "2031-03-11", to: "2031-03-11" })).map((r) => r[8])).toEqual(["HD-7001"]);
    expect(await rowsOf({ from: "2031-03-01", to: "2031-03-10" })).toEqual([]);
    expect((await rowsOf({ from: "2031-03-12" })).map((r) => r[8])).toEqual(["", "'-HD-7003", "HD-7002"]);

    const list = await api.ok(loyaltyEndpoints.brandLedger, { token: marketer, query: { from: "2031-03-11", to: "2031-03-11" } });
    expect(list.body.items.map((i) => i.receiptNo)).toEqual(["HD-7001"]);
    // English headers and words when asked.
    const en = await api.call("GET", exportPath({ ...range, actorId: minh.userId, locale: "en" }), { token: marketer });
    const [header, row] = parseCsv(new TextDecoder().decode(en.bytes));
    expect([header![0], header![4], row![4], row![12]]).toEqual(["Time (UTC, ISO 8601)", "Type", "Earned", "Counter staff"]);
  });

  it("refuses past the server's ceiling with export_too_large, and the list says that ceiling (LEDGER_EXPORT_MAX_ROWS)", async () => {
    const list = await api.ok(loyaltyEndpoints.brandLedger, { token: marketer, query: range });
    expect(list.body.exportMaxRows).toBe(LEDGER_EXPORT_MAX_ROWS);
    const config = api.deps.config as { ledgerExportMaxRows?: number };
    config.ledgerExportMaxRows = 3;
    try {
      // The console's hint and its "too large" sentence read this number, not the contract's default.
      expect((await api.ok(loyaltyEndpoints.brandLedger, { token: marketer, query: range })).body.exportMaxRows).toBe(3);
      const refused = await api.call("GET", exportPath(range), { token: marketer });
      expect([refused.status, refused.body.error.code, refused.body.error.params]).toEqual([422, "export_too_large", { max: 3 }]);
    } finally {
      delete config.ledgerExportMaxRows;
    }
  });

  it("streams in batches without losing or repeating a row at a batch boundary, leaving out entries posted after the request", async () => {
    const whole = await api.call("GET", exportPath(range), { token: marketer });
    const brand = await testBrand(api);
    const actor = { brandId: brand.id, userId: lan.userId } as Parameters<typeof exportLedger>[2];
    const out = await exportLedger(api.database.db, api.clock.now(), actor, { brandId: brand.id, locale: "vi", ...range }, 2);
    if (!out.ok) throw new Error(out.code);
    // An entry posted while the file streams is not in it: the file is the ledger as asked.
    await importedEarn(api, { memberId: hoa.card.memberId, storeId: store.id, receiptNo: "HD-7004", billVnd: 10_000, at: day2 + 120_000 });
    const text = await new Response(out.value.body).text();
    expect(out.value.rows).toBe(4);
    expect(parseCsv(text.replace(/^\uFEFF/, ""))).toEqual(parseCsv(new TextDecoder().decode(whole.bytes)));
  });

  it("is for console roles only: counter staff and members get 403 forbidden, no token 401; nothing is audited", async () => {
    const brand = await testBrand(api);
    const before = await api.database.db.select().from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    const staff = await api.call("GET", exportPath(range), { token: await minh.signIn() });
    expect([staff.status, staff.body.error.code]).toEqual([403, "forbidden"]);
    const member = await api.call("GET", exportPath(range), { token: await hoa.signIn() });
    expect([member.status, member.body.error.code]).toEqual([403, "forbidden"]);
    const anonymous = await api.call("GET", exportPath(range));
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "unauthenticated"]);
    // Managers and admins may, like marketers.
    expect((await api.call("GET", exportPath(range), { token: manager })).status).toBe(200);
    const after = await api.database.db.select().from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    expect(after.length).toBe(before.length + 1);
  });

  it("refuses a bad query with 400 invalid_request and a problem per field, writing nothing", async () => {
    const brand = await testBrand(api);
    const before = await api.database.db.select().from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    const cases: [Record<string, string>, string, string][] = [
      [{ from: "2031-02-30" }, "from", "invalid_format"],
      [{ from: "11/03/2031" }, "from", "invalid_format"],
      [{ from: "2031-03-12", to: "2031-03-11" }, "to", "to_before_from"],
      [{ actorKind: "boss" }, "actorKind", "invalid_value"],
      [{ actorId: "not-a-uuid" }, "actorId", "invalid_format"],
      [{ locale: "fr" }, "locale", "invalid_value"],
    ];
    for (const [query, field, code] of cases) {
      const res = await api.call("GET", exportPath(query), { token: marketer });
      expect([res.status, res.body.error.code], JSON.stringify(query)).toEqual([400, "invalid_request"]);
      expect(res.body.error.issues, JSON.stringify(query)).toEqual([expect.objectContaining({ field, code })]);
    }
    // The list takes the same filters and refuses the same way.
    const list = await api.refused(loyaltyEndpoints.brandLedger, { token: marketer, query: { from: "2031-03-12", to: "2031-03-11" } });
    expect([list.status, list.body.error.issues?.[0]?.code]).toEqual([400, "to_before_from"]);
    const after = await api.database.db.select().from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    expect(after.length).toBe(before.length);
  });
});
