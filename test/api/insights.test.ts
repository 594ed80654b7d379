import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { insightEndpoints } from "../../src/contract/endpoints/insights";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import {
  churnFigures,
  cohortCounts,
  cohortGrid,
  lastDaysPeriod,
  repeatFigures,
  visitsFromEarns,
} from "../../src/domain/insights/retention";
import { DEFAULT_TIER_RULES } from "../../src/domain/loyalty/tiers";
import { bandOf } from "../../src/domain/surveys/kinds";
import { npsScore } from "../../src/domain/surveys/scoring";
import {
  brands,
  feedbackCases,
  loyaltySettings,
  members,
  messages,
  stores,
  surveyAnswers,
  surveys,
  users,
  znsPrices,
  znsTemplates,
} from "../../src/server/db/schema";
import { credit, lockMember } from "../../src/server/features/loyalty/posting";
import { testApi, type TestApi } from "../support/api";
import {
  ANSWERS,
  CARE_PRICE_VND,
  CASES,
  EARNS,
  EXPECTED_CASES,
  EXPECTED_SCANNER_CASES,
  EXPECTED_RETENTION,
  EXPECTED_STORES,
  EXPECTED_VOICE,
  MESSAGES,
  NOW,
} from "./insights-dataset";

const SLUG = "insights-hand";

/**
 * The dataset of insights-dataset.ts in a brand of its own (the seeded demo brand has earns of
 * its own, which must not leak into these figures), posted through the ledger's own code.
 */
async function loadDataset(api: TestApi) {
  const db = api.database.db;
  const [brand] = await db.insert(brands).values({ slug: SLUG, name: "Insights" }).returning();
  const brandId = brand!.id;
  await db.insert(loyaltySettings).values({ brandId, tierRules: DEFAULT_TIER_RULES });
  const storeIds = Object.fromEntries(
    await Promise.all(
      (["A", "B"] as const).map(async (name) => {
        const [s] = await db
          .insert(stores)
          .values({ brandId, name: `Cửa hàng ${name}` })
          .returning();
        return [name, s!.id] as const;
      }),
    ),
  ) as Record<"A" | "B", string>;
  const person = async (role: "member" | "staff" | "manager" | "marketer", name: string) => {
    const [u] = await db
      .insert(users)
      .values({ brandId, role, zaloId: `dev-${randomUUID()}`, displayName: name })
      .returning();
    return u!.id;
  };
  const scanners = { lan: await person("staff", "Lan"), minh: await person("staff", "Minh") };
  await person("manager", "Quản lý");
  await person("marketer", "Marketing");
  const memberIds: Record<string, string> = {};
  for (const m of ["m1", "m2", "m3", "m4", "m5", "m6"]) {
    const userId = await person("member", m);
    const [row] = await db
      .insert(members)
      .values({ userId, brandId, qrSecret: randomBytes(32).toString("hex") })
      .returning();
    memberIds[m] = row!.id;
  }
  const entryIds: Record<string, string> = {};
  for (const e of [...EARNS].sort((a, b) => a.at.localeCompare(b.at))) {
    entryIds[e.id] = await db.transaction(async (tx) => {
      const member = (await lockMember(tx, memberIds[e.member]!))!;
      const entry = await credit(tx, member, e.points, {
        kind: "earn",
        actorKind: e.scanner ? "staff" : "system",
        actorId: e.scanner ? scanners[e.scanner] : null,
        at: Date.parse(e.at),
        storeId: storeIds[e.store],
        receiptNo: e.id,
        billVnd: e.points * 10_000,
        validityMonths: 12,
      });
      return entry.id;
    });
  }
  api.clock.set(NOW);
  const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
  for (const e of EARNS.filter((x) => x.reversed))
    await api.ok(loyaltyEndpoints.reverse, { token: manager, params: { entryId: entryIds[e.id]! }, body: { reason: "Quét nhầm khách" } });

  const [template] = await db
    .insert(znsTemplates)
    .values({ brandId, name: "Điểm", znsTemplateId: "t-1", tag: "customer_care", params: [], preview: "" })
    .returning();
  await db.insert(messages).values(
    MESSAGES.map((m) => ({
      brandId,
      memberId: memberIds[m.member]!,
      templateId: template!.id,
      purpose: m.tag === "promotion" ? ("zns_promo" as const) : ("zns_care" as const),
      tag: m.tag,
      source: m.earn ? "trigger:points_updated" : m.tag === "promotion" ? "campaign:x" : "trigger:welcome",
      dedupeKey: m.earn ? `points_updated:${entryIds[m.earn]}` : `other:${randomUUID()}`,
      trackingId: randomBytes(16).toString("hex"),
      templateData: {},
      status: m.status,
      devMode: m.devMode ?? false,
      notBefore: new Date(m.sentAt),
      sentAt: m.status === "failed" ? null : new Date(m.sentAt),
    })),
  );
  await db.insert(znsPrices).values({ brandId, tag: "customer_care", vndPerMessage: CARE_PRICE_VND });

  const surveyIds: Record<string, string> = {};
  for (const kind of ["nps", "csat"] as const) {
    const [row] = await db
      .insert(surveys)
      .values({ brandId, status: "active", version: 1, kind, touchpoint: "post_purchase", channel: "in_app", storeIds: null })
      .returning();
    surveyIds[kind] = row!.id;
  }
  for (const a of ANSWERS)
    await db.insert(surveyAnswers).values({
      brandId,
      surveyId: surveyIds[a.kind]!,
      surveyVersion: 1,
      memberId: memberIds[a.member]!,
      kind: a.kind,
      score: a.score,
      band: bandOf(a.kind, a.score).id,
      touchpoint: "post_purchase",
      storeId: storeIds[a.store],
      source: "in_app",
      transactionRef: a.earn ? entryIds[a.earn]! : null,
      clientAnswerId: randomUUID(),
      answeredAt: new Date(a.at),
      firstAnsweredAt: new Date(a.at),
      supersededAt: a.superseded ? new Date(Date.parse(a.at) + 5 * 60_000) : null,
    });
  // Cases straight into the table (their lifecycle is cases.test.ts's); each with an answer id
  // of its own, as the unique index on the opening answer wants.
  const SLA_MS = 48 * 3_600_000;
  for (const c of CASES) {
    const due = Date.parse(c.due);
    const answerId = randomUUID();
    await db.insert(feedbackCases).values({
      brandId,
      storeId: storeIds[c.store],
      memberId: memberIds[c.member]!,
      surveyId: surveyIds.nps!,
      answerId,
      currentAnswerId: answerId,
      kind: "nps",
      openedScore: 2,
      score: 2,
      band: bandOf("nps", 2).id,
      transactionRef: c.earn ? entryIds[c.earn]! : (c.ref ?? null),
      status: c.closed ? "closed" : "open",
      outcome: c.closed ? "resolved" : null,
      openedAt: new Date(due - SLA_MS),
      dueAt: new Date(due),
      closedAt: c.closed ? new Date(due - 3_600_000) : null,
      updatedAt: new Date(due - SLA_MS),
    });
  }
  return { brandId, storeIds, scanners, manager };
}

describe("insights: retention and the store loop view on a hand-computed dataset", () => {
  let api: TestApi;
  let data: Awaited<ReturnType<typeof loadDataset>>;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi({ brandSlug: SLUG });
    data = await loadDataset(api);
    marketer = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  it("the domain's definition gives the hand-computed figures (the SQL is checked against the same)", () => {
    const visits = visitsFromEarns(
      EARNS.map((e) => ({ memberId: e.member, storeId: e.store, at: Date.parse(e.at), reversed: e.reversed })),
    );
    const p = lastDaysPeriod(NOW, 30);
    expect(repeatFigures(visits, p.firstDay, p.lastDay)).toEqual(EXPECTED_RETENTION.repeat);
    expect(cohortGrid(cohortCounts(visits), NOW, 4)).toEqual(EXPECTED_RETENTION.cohorts);
    // The NPS split by the survey core's own scoring of the same answers.
    const current = ANSWERS.filter((a) => a.kind === "nps" && !a.superseded);
    const churned = new Set(["m4", "m5"]);
    expect(npsScore(current.filter((a) => !churned.has(a.member)).map((a) => a.score)).nps).toBe(
      EXPECTED_RETENTION.npsByChurn.retained.nps,
    );
    expect(npsScore(current.filter((a) => churned.has(a.member)).map((a) => a.score)).nps).toBe(EXPECTED_RETENTION.npsByChurn.churned.nps);
    expect(churnFigures(visits, NOW, 90)).toEqual({ everVisited: 6, churned: 2 });
  });

  it("answers retention computed in the database, equal to the hand-computed figures", async () => {
    const res = await api.ok(insightEndpoints.retention, { token: marketer, query: { days: 30, months: 4 } });
    expect(res.body).toEqual(EXPECTED_RETENTION);
    // The churn boundary: a last visit exactly 90 days ago is churned at 90, not at 91.
    const longer = await api.ok(insightEndpoints.retention, { token: marketer, query: { days: 30, months: 4, churnDays: 91 } });
    expect(longer.body.churn).toEqual({ days: 91, everVisited: 6, churned: 1 });
    // m4 (NPS 10) is still coming at 91 days: 4 promoters, 1 detractor of 6 = 50; nobody churned answered.
    expect(longer.body.npsByChurn).toEqual({ retained: { nps: 50, responses: 6 }, churned: { nps: null, responses: 0 } });
  });

  it("moves days at 17:00 UTC: one millisecond before, 1 June is not yet in a 29-day period", async () => {
    // 29 June 16:59:59.999 UTC is 29 June 23:59 in Vietnam: the last 29 days start on 1 June;
    // at 17:00 UTC it is 30 June and they start on 2 June, so m6's visit (1 June 00:00) drops out.
    api.clock.set(Date.parse("2026-06-29T16:59:59.999Z"));
    const before = await api.ok(insightEndpoints.retention, { token: marketer, query: { days: 29, months: 4 } });
    api.clock.set(Date.parse("2026-06-29T17:00:00Z"));
    const after = await api.ok(insightEndpoints.retention, { token: marketer, query: { days: 29, months: 4 } });
    api.clock.set(NOW);
    expect(before.body.period).toEqual({ days: 29, from: "2026-06-01", to: "2026-06-29" });
    expect(after.body.period).toEqual({ days: 29, from: "2026-06-02", to: "2026-06-30" });
    expect(before.body.repeat.members - after.body.repeat.members).toBe(1);
  });

  it("answers the store loop view per store and per scanner, equal to the hand-computed figures", async () => {
    const res = await api.ok(insightEndpoints.storeLoop, { token: marketer, query: { days: 30 } });
    const body = res.body;
    expect(body.period).toEqual({ days: 30, from: "2026-06-01", to: "2026-06-30" });
    expect(body.weeks).toEqual(EXPECTED_STORES.weeks);
    const storeName = (id: string) => (id === data.storeIds.A ? "A" : "B");
    const figures = (r: (typeof body.stores)[number]) => ({
      pointsIssued: r.pointsIssued,
      weekly: r.weekly,
      liability: r.liability,
      activeMembers: r.activeMembers,
      repeaters: r.repeaters,
      messagesSent: r.messagesSent,
      costVnd: r.costVnd,
    });
    expect(Object.fromEntries(body.stores.map((s) => [storeName(s.storeId), figures(s)]))).toEqual(EXPECTED_STORES.stores);
    const scannerName = (id: string | null) => (id === data.scanners.lan ? "lan" : id === data.scanners.minh ? "minh" : "");
    expect(Object.fromEntries(body.scanners.map((s) => [`${storeName(s.storeId)}|${scannerName(s.userId)}`, figures(s)]))).toEqual(
      EXPECTED_STORES.scanners,
    );
    expect(body.scanners.find((s) => s.userId === data.scanners.lan)?.name).toBe("Lan");
    expect(body.brand).toEqual(EXPECTED_STORES.brand);
    expect(body.prices).toEqual({ transaction: 200, customer_care: CARE_PRICE_VND, promotion: 300 });
    const voice = (r: (typeof body.stores)[number]) => ({
      nps: r.nps,
      npsResponses: r.npsResponses,
      csat: r.csat,
      csatResponses: r.csatResponses,
    });
    expect(Object.fromEntries(body.stores.map((s) => [storeName(s.storeId), voice(s)]))).toEqual(EXPECTED_VOICE.stores);
    expect(Object.fromEntries(body.scanners.map((s) => [`${storeName(s.storeId)}|${scannerName(s.userId)}`, voice(s)]))).toEqual(
      EXPECTED_VOICE.scanners,
    );
    // Cases: unclosed and overdue at NOW per store, and per scanner of the earn the answer was about.
    const caseCounts = (r: (typeof body.stores)[number]) => ({ openCases: r.openCases, overdueCases: r.overdueCases });
    expect(Object.fromEntries(body.stores.map((s) => [storeName(s.storeId), caseCounts(s)]))).toEqual(EXPECTED_CASES);
    expect(Object.fromEntries(body.scanners.map((s) => [`${storeName(s.storeId)}|${scannerName(s.userId)}`, caseCounts(s)]))).toEqual(
      EXPECTED_SCANNER_CASES,
    );
  });

  it("agrees with the liability endpoint on what is owed", async () => {
    const liability = await api.ok(loyaltyEndpoints.liability, { token: marketer });
    expect(liability.body.outstandingPoints).toBe(EXPECTED_STORES.brand.liability);
    const loop = await api.ok(insightEndpoints.storeLoop, { token: marketer, query: { days: 30 } });
    for (const s of liability.body.byStore) expect(loop.body.stores.find((r) => r.storeId === s.storeId)?.liability).toBe(s.points);
  });

  it("refuses what is not a console role or not a valid period, with stable codes", async () => {
    const staff = await api.call("GET", "/console/insights/retention");
    expect(staff.status).toBe(401);
    for (const query of ["days=6", "days=367", "days=abc", "months=1", "months=25", "churnDays=0"]) {
      const res = await api.call("GET", `/console/insights/retention?${query}`, { token: marketer });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    const bad = await api.call("GET", "/console/insights/stores?days=1000", { token: marketer });
    expect(bad.body.error.code).toBe("invalid_request");
  });
});

describe("insights: an empty brand", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ brandSlug: "insights-empty" });
    const [brand] = await api.database.db.insert(brands).values({ slug: "insights-empty", name: "Empty" }).returning();
    await api.database.db.insert(users).values({ brandId: brand!.id, role: "manager", zaloId: "dev-empty-mgr", displayName: "QL" });
  });
  afterAll(() => api.close());

  it("answers zeros and an empty grid, never an error", async () => {
    const token = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    const retention = await api.ok(insightEndpoints.retention, { token });
    expect(retention.body.repeat).toEqual({ members: 0, repeaters: 0 });
    expect(retention.body.churn).toEqual({ days: 90, everVisited: 0, churned: 0 });
    expect(retention.body.npsByChurn).toEqual({ retained: { nps: null, responses: 0 }, churned: { nps: null, responses: 0 } });
    expect(retention.body.cohorts).toHaveLength(12);
    expect(retention.body.cohorts.every((c) => c.size === 0)).toBe(true);
    const loop = await api.ok(insightEndpoints.storeLoop, { token });
    expect(loop.body).toMatchObject({ stores: [], scanners: [], brand: { messagesSent: 0, costVnd: 0, pointsIssued: 0, liability: 0 } });
    expect(loop.body.weeks).toHaveLength(13);
  });
});
