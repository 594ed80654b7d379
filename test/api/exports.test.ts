/**
 * Issue 17 "Exports": the console's exports through the one mechanism (exports/export-stream.ts),
 * checked against the database on PGlite and PostgreSQL: the members export (what each role
 * gets), CSV and XLSX parsed back, a batch boundary crossed, the row count sent first, every
 * export audited; the ledger's XLSX against its CSV.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskVnPhone } from "../../src/domain/messaging/phone";
import { bandOf } from "../../src/domain/surveys/kinds";
import { auditEvents, members, stores, surveyAnswers, surveys, surveyVersions, users } from "../../src/server/db/schema";
import { exportMembers } from "../../src/server/features/members/members-export";
import { formatMemberNo } from "../../src/server/features/members/cards";
import { exportSurveyAnswers } from "../../src/server/features/surveys/answers-export";
import { testApi, type TestApi } from "../support/api";
import { parseCsv } from "../support/csv";
import { consoleSession, importedEarn, makeMember, makeStore, testBrand } from "../support/factories";
import { testSurveyDefinition } from "../support/survey-definition";
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

  it("survey answers: current answers oldest first, the member as the role may see them, reasons in the answered version's words", async () => {
    const db = api.database.db;
    const [store] = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brand.id)).limit(1);
    const [survey] = await db
      .insert(surveys)
      .values({ brandId: brand.id, status: "active", version: 2, kind: "nps", touchpoint: "post_purchase", channel: "in_app" })
      .returning();
    const slow = (vi: string, en: string) => ({ prompt: { vi: "?", en: "?" }, reasons: [{ id: "slow", label: { vi, en } }] });
    await db.insert(surveyVersions).values([
      { surveyId: survey!.id, version: 1, definition: testSurveyDefinition("nps", { detractor: slow("Chậm (cũ)", "Slow (old)") }) },
      { surveyId: survey!.id, version: 2, definition: testSurveyDefinition("nps", { detractor: slow("Phục vụ chậm", "Slow service") }) },
    ]);
    const people = await db
      .select({ id: members.id, seq: members.memberSeq, name: users.displayName, phone: users.phone })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.brandId, brand.id), inArray(users.displayName, ["=HYPERLINK(1)", "Nguyễn Thị Hoa", "Trần, Minh"])))
      .orderBy(users.displayName);
    const [evilRow, hoa, tran] = people as [(typeof people)[number], (typeof people)[number], (typeof people)[number]];
    const t = api.clock.now() - 3_600_000;
    const answer = (m: { id: string }, score: number, at: number, more: Partial<typeof surveyAnswers.$inferInsert> = {}) => ({
      brandId: brand.id,
      surveyId: survey!.id,
      surveyVersion: 2,
      memberId: m.id,
      kind: "nps" as const,
      score,
      band: bandOf("nps", score).id,
      touchpoint: "post_purchase" as const,
      source: "in_app" as const,
      clientAnswerId: randomUUID(),
      answeredAt: new Date(at),
      firstAnsweredAt: new Date(at),
      ...more,
    });
    await db.insert(surveyAnswers).values([
      answer(evilRow, 2, t, { surveyVersion: 1, reasons: ["slow"], comment: "=1+1", storeId: store!.id }),
      answer(hoa, 3, t + 60_000, { supersededAt: new Date(t + 120_000) }), // changed: not in the file
      answer(hoa, 10, t + 120_000),
      answer(tran, 9, t + 120_000), // the same instant: the keyset's id breaks the tie
      answer(tran, 5, api.clock.now() + 60_000), // after the export was asked: left out
    ]);
    const phone = (p: string | null) => (p ? maskVnPhone(p) : "");
    const expectedCsv = [
      [
        new Date(t).toISOString(),
        formatMemberNo(evilRow.seq),
        "'=HYPERLINK(1)",
        phone(evilRow.phone),
        "2",
        "Detractor (0–6)",
        "Slow (old)",
        "'=1+1",
        store!.name,
      ],
      // Two answers at the same instant: their ids order them (checked below without depending on it).
      ...[[hoa, "10"] as const, [tran, "9"] as const].map(([m, score]) => [
        new Date(t + 120_000).toISOString(),
        formatMemberNo(m.seq),
        m.name,
        phone(m.phone),
        score,
        "Promoter (9–10)",
        "",
        "",
        "",
      ]),
    ];

    const res = await api.call("GET", `/console/exports/surveys/${survey!.id}?locale=en`, { token: manager });
    expect([res.status, res.headers.get("x-row-count")]).toEqual([200, "3"]);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="khao-sat_\d{4}-\d\d-\d\d\.csv"$/);
    const [header, ...rows] = csvOf(res.bytes);
    expect(header).toEqual(["answered_at", "card_no", "name", "phone", "score", "category", "reasons", "comment", "store"]);
    expect(rows[0]).toEqual(expectedCsv[0]);
    expect(rows.slice(1).sort()).toEqual(expectedCsv.slice(1).sort());

    // A marketer, in XLSX and Vietnamese: the card number only; batches of 1 cross the tie and lose nothing.
    const xlsx = await api.call("GET", `/console/exports/surveys/${survey!.id}?format=xlsx`, { token: marketer });
    const [xHeader, ...xRows] = await readXlsx(xlsx.bytes);
    expect(xHeader).toEqual(["thoi_gian_tra_loi", "so_the", "diem_so", "nhom", "ly_do", "nhan_xet", "cua_hang"]);
    expect(xRows[0]).toEqual([
      new Date(t).toISOString(),
      formatMemberNo(evilRow.seq),
      2,
      "Không hài lòng (0–6)",
      "Chậm (cũ)",
      "=1+1",
      store!.name,
    ]);
    expect(xRows.map((r) => r[1]).sort()).toEqual(rows.map((r) => r[1]).sort());
    expect(JSON.stringify(xRows)).not.toMatch(/Hoa|Minh|HYPERLINK/);
    const [someone] = await db.select({ id: users.id }).from(users).where(eq(users.role, "marketer")).limit(1);
    // A marketer's export read one answer a batch (every batch boundary crossed).
    const byOne = (locale: "vi" | "en", format: "csv" | "xlsx") =>
      exportSurveyAnswers(
        db,
        api.clock.now(),
        { userId: someone!.id, brandId: brand.id, role: "marketer" },
        survey!.id,
        { locale, format },
        1,
      );
    const one = await byOne("vi", "xlsx");
    expect(await readXlsx(new Uint8Array(await new Response(one!.body).arrayBuffer()))).toEqual([xHeader, ...xRows]);
    // Answers changed while the file streams (after its first batch): the file is the answers as
    // they stood when it was asked, so the rows the changes replaced stay and agree with the count.
    const during = await byOne("en", "csv");
    const reader = during!.body.getReader();
    const chunks = [(await reader.read()).value!];
    await db
      .update(surveyAnswers)
      .set({ supersededAt: new Date(api.clock.now() + 30_000) })
      .where(and(eq(surveyAnswers.surveyId, survey!.id), eq(surveyAnswers.answeredAt, new Date(t + 120_000))));
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const duringRows = parseCsv(Buffer.concat(chunks).toString("utf8"));
    expect(during!.rows).toBe(3);
    expect(duringRows.length - 1).toBe(3);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, survey!.id), eq(auditEvents.action, "data_exported")));
    expect(audits.map((a) => a.detail)).toEqual([
      expect.objectContaining({ export: "survey_answers", rows: 3, format: "csv", personal: 1 }),
      expect.objectContaining({ export: "survey_answers", rows: 3, format: "xlsx", personal: 0 }),
      expect.objectContaining({ export: "survey_answers", rows: 3, format: "xlsx", personal: 0 }),
      expect.objectContaining({ export: "survey_answers", rows: 3, format: "csv", personal: 0 }),
    ]);
  });

  it("refuses a hostile query with 4xx (never 5xx) and records nothing", async () => {
    const before = await api.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    for (const [path, status] of [
      ["/console/exports/members?format=pdf", 400],
      ["/console/exports/members?locale=fr", 400],
      [`/console/exports/members?q=${"x".repeat(5000)}`, 400],
      [`/console/exports/surveys/${randomUUID()}`, 404],
      ["/console/exports/surveys/1'%20or%20'1'='1", 400],
      [`/console/exports/surveys/${randomUUID()}?format=xlsx%00`, 400],
    ] as const) {
      const res = await api.call("GET", path, { token: manager });
      expect(res.status, path).toBe(status);
    }
    const after = await api.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.brandId, brand.id));
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
