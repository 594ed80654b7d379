/**
 * Issue 17 "Exports": the console's exports through the one mechanism (exports/export-stream.ts),
 * checked against the database on PGlite and PostgreSQL: the members export (what each role
 * gets), CSV and XLSX parsed back, a batch boundary crossed, the row count sent first, every
 * export audited; the ledger's XLSX against its CSV.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, members, users } from "../../src/server/db/schema";
import { exportMembers } from "../../src/server/features/members/members-export";
import { formatMemberNo } from "../../src/server/features/members/cards";
import { testApi, type TestApi } from "../support/api";
import { parseCsv } from "../support/csv";
import { consoleSession, importedEarn, makeMember, makeStore, testBrand } from "../support/factories";
import { readXlsx } from "../support/xlsx";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const csvOf = (bytes: Uint8Array) => parseCsv(new TextDecoder().decode(bytes));

describe("console exports", () => {
  let api: TestApi;
  let brand: { id: string };
  let manager: string;
  let marketer: string;
  let evil: Awaited<ReturnType<typeof makeMember>>;
  let expected: { seq: number; name: string; points: number }[];

  beforeAll(async () => {
    api = await testApi();
    brand = await testBrand(api);
    evil = await makeMember(api, { name: "=HYPERLINK(1)" });
    await makeMember(api, { name: "Nguyễn Thị Hoa" });
    await makeMember(api, { name: "Trần, Minh" });
    const store = await makeStore(api);
    await importedEarn(api, {
      memberId: evil.card.memberId,
      storeId: store.id,
      receiptNo: "HD-EXP-1",
      billVnd: 90_000,
      at: Date.parse("2032-01-05T03:00:00Z"),
    });
    manager = await consoleSession(api, "manager");
    marketer = await consoleSession(api, "marketer");
    const rows = await api.database.db
      .select({ seq: members.memberSeq, name: users.displayName, points: members.pointsBalance })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.brandId, brand.id), isNull(members.erasedAt)))
      .orderBy(members.memberSeq);
    expected = rows.map((r) => ({ seq: Number(r.seq), name: r.name, points: r.points }));
  });
  afterAll(() => api.close());

  it("members as CSV for a manager: every listed member in card order with name and masked phone, the count first, audited", async () => {
    const res = await api.call("GET", "/console/exports/members?locale=en", { token: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="hoi-vien_\d{4}-\d\d-\d\d\.csv"$/);
    const [header, ...rows] = csvOf(res.bytes);
    expect(header).toEqual(["card_no", "name", "phone", "tier", "points", "joined_at"]);
    expect(Number(res.headers.get("x-row-count"))).toBe(expected.length);
    expect(rows.map((r) => r[0])).toEqual(expected.map((e) => formatMemberNo(e.seq)));
    const mine = rows.find((r) => r[0] === evil.card.memberNo)!;
    expect(mine[1]).toBe("'=HYPERLINK(1)"); // formula-guarded in CSV
    expect(Number(mine[4])).toBe(expected.find((e) => e.name === "=HYPERLINK(1)")!.points);
    const audits = await api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.brandId, brand.id), eq(auditEvents.action, "data_exported")));
    expect(audits.at(-1)?.detail).toMatchObject({ export: "members", rows: expected.length, format: "csv", personal: 1 });
  });

  it("members as XLSX for a marketer: no name or phone, the same rows, numbers as numbers; a batch boundary loses and repeats nothing", async () => {
    const res = await api.call("GET", "/console/exports/members?format=xlsx", { token: marketer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toMatch(/\.xlsx"$/);
    const [header, ...rows] = await readXlsx(res.bytes);
    expect(header).toEqual(["so_the", "hang", "diem", "ngay_tham_gia"]);
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => [r[0], r[2]])).toEqual(expected.map((e) => [formatMemberNo(e.seq), e.points]));
    expect(JSON.stringify(rows)).not.toContain("Hoa");

    // Batches of 2 across 3+ members: the same file, in both formats.
    const [someone] = await api.database.db.select({ id: users.id }).from(users).where(eq(users.role, "marketer")).limit(1);
    const actor = { userId: someone!.id, brandId: brand.id, role: "marketer" as const };
    const small = await exportMembers(api.database.db, api.clock.now(), actor, { locale: "vi", format: "xlsx" }, 2);
    expect(await readXlsx(new Uint8Array(await new Response(small.body).arrayBuffer()))).toEqual([header, ...rows]);
    const csv = await exportMembers(api.database.db, api.clock.now(), actor, { locale: "vi", format: "csv" }, 2);
    const parsed = parseCsv((await new Response(csv.body).text()).replace(/^\uFEFF/, ""));
    expect(parsed.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r[0]));
    const [total] = await api.database.db
      .select({ n: count() })
      .from(members)
      .where(and(eq(members.brandId, brand.id), isNull(members.erasedAt)));
    expect(csv.rows).toBe(total!.n);
  });

  it("the ledger as XLSX holds what its CSV holds, text unguarded", async () => {
    const q = "from=2032-01-05&to=2032-01-05&locale=en";
    const csv = await api.call("GET", `/console/ledger/export.csv?${q}`, { token: manager });
    const xlsx = await api.call("GET", `/console/ledger/export.csv?${q}&format=xlsx`, { token: manager });
    expect([xlsx.status, xlsx.headers.get("content-type"), xlsx.headers.get("x-row-count")]).toEqual([200, XLSX, "1"]);
    const fromCsv = csvOf(csv.bytes);
    const fromXlsx = await readXlsx(xlsx.bytes);
    expect(fromXlsx).toHaveLength(2);
    // The CSV guards text a spreadsheet would run as a formula with an apostrophe; an XLSX cell is text already.
    expect(fromXlsx[1]!.map((v) => (v === null ? "" : String(v)))).toEqual(fromCsv[1]!.map((v) => v.replace(/^'(?==)/, "")));
    expect(fromXlsx[1]).toContain("=HYPERLINK(1)");
  });

  it("refuses an unknown format with 400 and records nothing", async () => {
    const before = await api.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    const res = await api.call("GET", "/console/exports/members?format=pdf", { token: manager });
    expect(res.status).toBe(400);
    const after = await api.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
