import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { surveyDashboardEndpoints } from "../../src/contract/endpoints/survey-dashboard";
import { DEFAULT_TIER_RULES } from "../../src/domain/loyalty/tiers";
import { bandOf } from "../../src/domain/surveys/kinds";
import type { SurveyDefinition } from "../../src/domain/surveys/survey";
import {
  brands,
  loyaltySettings,
  members,
  stores,
  surveyAnswers,
  surveyAsks,
  surveys,
  surveyVersions,
  users,
} from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeStaff } from "../support/factories";
import {
  ANSWERS,
  ASKS,
  EXPECTED_NPS,
  EXPECTED_S1_TOTAL,
  EXPECTED_S3_TOTAL,
  NOW,
  SURVEYS,
  type MemberLabel,
  type StoreLabel,
  type SurveyLabel,
} from "./survey-dashboard-dataset";
import { SURVEY_DEFAULTS } from "../support/survey-definition";

const SLUG = "survey-dash";

const definition = (s: (typeof SURVEYS)[number], version: number): SurveyDefinition => ({
  kind: s.kind,
  name: `Khảo sát ${s.label}`,
  question: { vi: "Bạn có giới thiệu chúng tôi không?", en: "Would you recommend us?" },
  followUps:
    s.label === "S1"
      ? {
          detractor: {
            prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
            reasons: [
              { id: "slow", label: version === 1 ? { vi: "Chậm (cũ)", en: "Slow (old)" } : { vi: "Phục vụ chậm", en: "Slow service" } },
            ],
          },
          promoter: {
            prompt: { vi: "Bạn thích điều gì?", en: "What did you love?" },
            reasons: [
              { id: "friendly", label: { vi: "Thân thiện", en: "Friendly" } },
              { id: "fast", label: { vi: "Nhanh", en: "Fast" } },
            ],
          },
        }
      : s.label === "S2"
        ? {
            detractor: {
              prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
              reasons: [{ id: "dirty", label: { vi: "Không sạch", en: "Not clean" } }],
            },
          }
        : {},
  ...SURVEY_DEFAULTS,
  touchpoint: s.touchpoint,
});

/** The dataset of survey-dashboard-dataset.ts in a brand of its own, written as the survey core stores it. */
async function loadDataset(api: TestApi) {
  const db = api.database.db;
  const [brand] = await db.insert(brands).values({ slug: SLUG, name: "Khảo sát" }).returning();
  const brandId = brand!.id;
  await db.insert(loyaltySettings).values({ brandId, tierRules: DEFAULT_TIER_RULES });
  const storeIds = {} as Record<StoreLabel, string>;
  for (const name of ["A", "B"] as const) {
    const [s] = await db
      .insert(stores)
      .values({ brandId, name: `Cửa hàng ${name}` })
      .returning();
    storeIds[name] = s!.id;
  }
  for (const role of ["manager", "marketer", "admin"] as const)
    await db.insert(users).values({ brandId, role, zaloId: `dev-${randomUUID()}`, displayName: role });
  const memberIds = {} as Record<MemberLabel, string>;
  for (const m of ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"] as const) {
    const [u] = await db
      .insert(users)
      .values({ brandId, role: "member", zaloId: `dev-${randomUUID()}`, displayName: m })
      .returning();
    const [row] = await db
      .insert(members)
      .values({ userId: u!.id, brandId, qrSecret: randomBytes(32).toString("hex") })
      .returning();
    memberIds[m] = row!.id;
  }
  const surveyIds = {} as Record<SurveyLabel, string>;
  for (const s of SURVEYS) {
    const [row] = await db
      .insert(surveys)
      .values({ brandId, status: "active", version: s.versions, kind: s.kind, touchpoint: s.touchpoint, channel: "in_app", storeIds: null })
      .returning();
    surveyIds[s.label] = row!.id;
    for (let v = 1; v <= s.versions; v++)
      await db.insert(surveyVersions).values({ surveyId: row!.id, version: v, definition: definition(s, v) });
  }
  const answerIds: Record<string, string> = {};
  for (const a of ANSWERS) {
    const s = SURVEYS.find((x) => x.label === a.survey)!;
    const [row] = await db
      .insert(surveyAnswers)
      .values({
        brandId,
        surveyId: surveyIds[a.survey],
        surveyVersion: s.versions,
        memberId: memberIds[a.member],
        kind: s.kind,
        score: a.score,
        band: bandOf(s.kind, a.score).id,
        touchpoint: s.touchpoint,
        storeId: a.store ? storeIds[a.store] : null,
        source: a.source,
        transactionRef: `tx-${a.member}-${a.survey}`,
        clientAnswerId: randomUUID(),
        answeredAt: new Date(a.at),
        firstAnsweredAt: new Date(a.at),
        supersededAt: a.superseded ? new Date(Date.parse(a.at) + 5 * 60_000) : null,
        reasons: a.reasons ?? [],
        comment: a.comment ?? null,
      })
      .returning();
    answerIds[a.id] = row!.id;
  }
  for (const k of ASKS) {
    const s = SURVEYS.find((x) => x.label === k.survey)!;
    await db.insert(surveyAsks).values({
      brandId,
      surveyId: surveyIds[k.survey],
      surveyVersion: s.versions,
      memberId: memberIds.m1,
      channel: k.channel,
      touchpoint: s.touchpoint,
      askedAt: new Date(k.at),
      expiresAt: new Date(Date.parse(k.at) + 7 * 86_400_000),
      outcome: k.outcome,
    });
  }
  api.clock.set(NOW);
  return { brandId, storeIds, surveyIds, answerIds };
}

/** Scores compared to 9 places: the hand-written formulas and the counts' arithmetic may differ in the last bit. */
const rounded = (x: number | null) => (x === null ? null : Math.round(x * 1e9) / 1e9);
const roundScore = <T extends { score: number | null; marginOfError: number | null }>(s: T) => ({
  ...s,
  score: rounded(s.score),
  marginOfError: rounded(s.marginOfError),
});

describe("survey dashboard on a hand-computed dataset", () => {
  let api: TestApi;
  let data: Awaited<ReturnType<typeof loadDataset>>;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi({ brandSlug: SLUG });
    data = await loadDataset(api);
    marketer = await consoleSession(api, "marketer");
  });
  afterAll(() => api.close());

  it("answers every NPS survey's figures in Vietnam weeks, equal to the hand-computed ones", async () => {
    const { body } = await api.ok(surveyDashboardEndpoints.surveyDashboard, { token: marketer, query: { kind: "nps", weeks: 3 } });
    expect(body.kind).toBe("nps");
    expect(body.period).toEqual(EXPECTED_NPS.period);
    expect(roundScore(body.total)).toEqual(roundScore(EXPECTED_NPS.total));
    expect(body.weekly.map((w) => ({ week: w.week, score: roundScore(w.score) }))).toEqual(
      EXPECTED_NPS.weekly.map((w) => ({ week: w.week, score: roundScore(w.score) })),
    );
    const storeLabel = (id: string | null) => (id === data.storeIds.A ? "A" : id === data.storeIds.B ? "B" : null);
    expect(body.byStore.map((s) => ({ store: storeLabel(s.storeId), n: s.score.n, score: rounded(s.score.score) }))).toEqual(
      EXPECTED_NPS.byStore.map((s) => ({ ...s, score: rounded(s.score) })),
    );
    expect(body.byStore[0]!.storeName).toBe("Cửa hàng A");
    expect(body.byTouchpoint.map((s) => ({ touchpoint: s.touchpoint, n: s.score.n, score: rounded(s.score.score) }))).toEqual(
      EXPECTED_NPS.byTouchpoint,
    );
    expect(body.reasons.map(({ band, reason, count }) => ({ band, reason, count }))).toEqual(EXPECTED_NPS.reasons);
    // The newest version's label names a reason kept across versions.
    expect(body.reasons.find((r) => r.reason === "slow")?.label).toEqual({ vi: "Phục vụ chậm", en: "Slow service" });
    const surveyLabel = (id: string) => Object.entries(data.surveyIds).find(([, v]) => v === id)![0];
    expect(body.bySurvey.map((s) => ({ survey: surveyLabel(s.surveyId), n: s.score.n, score: rounded(s.score.score) }))).toEqual(
      EXPECTED_NPS.bySurvey,
    );
    expect(body.channels).toEqual(EXPECTED_NPS.channels);
    expect(body.sources).toEqual(EXPECTED_NPS.sources);
  });

  it("moves a week at Monday 00:00 in Vietnam: a Sunday 23:59 answer is in the week before", async () => {
    // Two weeks back from Monday 22 June 00:00 in Vietnam (21 Jun 17:00 UTC): the weeks of 15 and 22 June;
    // one millisecond earlier it is still the week of 15 June, so the weeks are 8 and 15 June.
    api.clock.set(Date.parse("2026-06-21T17:00:00Z"));
    const monday = await api.ok(surveyDashboardEndpoints.surveyDashboard, { token: marketer, query: { kind: "nps", weeks: 2 } });
    api.clock.set(Date.parse("2026-06-21T16:59:59.999Z"));
    const sunday = await api.ok(surveyDashboardEndpoints.surveyDashboard, { token: marketer, query: { kind: "nps", weeks: 2 } });
    api.clock.set(NOW);
    expect(monday.body.weekly.map((w) => [w.week, w.score.n])).toEqual([
      ["2026-06-15", 2],
      ["2026-06-22", 3],
    ]);
    // a8 (Sunday 14 June 23:59) is in the week of 8 June.
    expect(sunday.body.weekly.map((w) => [w.week, w.score.n])).toEqual([
      ["2026-06-08", 1],
      ["2026-06-15", 2],
    ]);
    expect(sunday.body.period).toEqual({ weeks: 2, from: "2026-06-08", to: "2026-06-21" });
  });

  it("answers one survey alone, and a CSAT survey with its own score", async () => {
    const s1 = await api.ok(surveyDashboardEndpoints.surveyDashboard, {
      token: marketer,
      query: { surveyId: data.surveyIds.S1, weeks: 3 },
    });
    expect(roundScore(s1.body.total)).toEqual(roundScore(EXPECTED_S1_TOTAL));
    expect(s1.body.channels).toEqual(EXPECTED_NPS.channels);
    const s3 = await api.ok(surveyDashboardEndpoints.surveyDashboard, {
      token: marketer,
      query: { surveyId: data.surveyIds.S3, weeks: 3 },
    });
    expect(s3.body.kind).toBe("csat");
    expect(roundScore(s3.body.total)).toEqual(roundScore(EXPECTED_S3_TOTAL));
    expect(s3.body.channels).toEqual([{ channel: "zns_rating", asks: 1, answered: 1 }]);
    // CES: no answers yet: a gap, never a zero.
    const ces = await api.ok(surveyDashboardEndpoints.surveyDashboard, { token: marketer, query: { kind: "ces" } });
    expect(ces.body.total).toMatchObject({ n: 0, score: null, marginOfError: null });
    expect(ces.body.weekly).toHaveLength(12);
  });

  it("lists comments newest first with every filter: band, store, Vietnam days, reason, words", async () => {
    const ids = (body: { comments: { answerId: string }[] }) =>
      body.comments.map((c) => Object.entries(data.answerIds).find(([, id]) => id === c.answerId)![0]);
    const get = async (query: Record<string, string | number>) =>
      (await api.ok(surveyDashboardEndpoints.surveyComments, { token: marketer, query: { kind: "nps", ...query } })).body;
    const all = await get({});
    // a7 was superseded, a9 is CSAT, a4 and a6 have no comment.
    expect(ids(all)).toEqual(["a5", "a3", "a2", "a1", "a8"]);
    expect(all.total).toBe(5);
    expect(all.comments[0]).toMatchObject({
      comment: "Bàn bẩn",
      score: 6,
      band: "detractor",
      storeName: "Cửa hàng A",
      touchpoint: "in_store",
    });
    expect(ids(await get({ band: "detractor" }))).toEqual(["a5", "a3"]);
    expect(ids(await get({ storeId: data.storeIds.B }))).toEqual(["a3"]);
    expect(ids(await get({ reason: "friendly" }))).toEqual(["a2", "a1"]);
    expect(ids(await get({ from: "2026-06-22", to: "2026-06-22" }))).toEqual(["a3"]);
    expect(ids(await get({ from: "2026-06-15", to: "2026-06-21" }))).toEqual(["a2", "a1"]);
    // Words anywhere, any case; % and _ are literal.
    expect(ids(await get({ q: "LATTE" }))).toEqual(["a2"]);
    expect(ids(await get({ q: "50%" }))).toEqual(["a3"]);
    expect(ids(await get({ q: "50" }))).toEqual(["a3", "a1"]);
    expect(ids(await get({ q: "_" }))).toEqual([]);
    expect(ids(await get({ surveyId: data.surveyIds.S2 }))).toEqual(["a5"]);
    const page2 = await get({ page: 2 });
    expect(page2).toMatchObject({ comments: [], total: 5, page: 2, pageSize: 20 });
  });

  it("lists the brand's stores by name", async () => {
    const { body } = await api.ok(surveyDashboardEndpoints.consoleStores, { token: marketer });
    expect(body.stores).toEqual([
      { id: data.storeIds.A, name: "Cửa hàng A" },
      { id: data.storeIds.B, name: "Cửa hàng B" },
    ]);
  });

  it("is for managers, marketers and admins; staff and members get 403", async () => {
    for (const role of ["manager", "marketer", "admin"] as const) {
      const token = await consoleSession(api, role);
      expect((await api.call("GET", "/console/survey-dashboard?kind=nps", { token })).status, role).toBe(200);
      expect((await api.call("GET", "/console/survey-dashboard/comments?kind=nps", { token })).status, role).toBe(200);
    }
    const staff = await (await makeStaff(api)).signIn();
    const member = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:survey-dash-member" } })).body.session.accessToken;
    for (const token of [staff, member])
      for (const path of ["/console/survey-dashboard?kind=nps", "/console/survey-dashboard/comments?kind=nps", "/console/stores"]) {
        const res = await api.call("GET", path, { token });
        expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
      }
    expect((await api.call("GET", "/console/survey-dashboard?kind=nps")).status).toBe(401);
  });

  it("refuses a bad query with 400 and a stable code; an unknown survey is 404", async () => {
    const bad = [
      "/console/survey-dashboard",
      "/console/survey-dashboard?kind=xyz",
      "/console/survey-dashboard?kind=nps&weeks=0",
      "/console/survey-dashboard?kind=nps&weeks=54",
      "/console/survey-dashboard?kind=nps&weeks=abc",
      "/console/survey-dashboard?surveyId=not-a-uuid",
      "/console/survey-dashboard/comments",
      "/console/survey-dashboard/comments?kind=nps&band=angry",
      "/console/survey-dashboard/comments?kind=nps&from=2026-02-30",
      "/console/survey-dashboard/comments?kind=nps&from=2026-06-22&to=2026-06-21",
      "/console/survey-dashboard/comments?kind=nps&page=0",
      "/console/survey-dashboard/comments?kind=nps&storeId=xyz",
    ];
    for (const path of bad) {
      const res = await api.call("GET", path, { token: marketer });
      expect([res.status, res.body.error.code], path).toEqual([400, "invalid_request"]);
    }
    const order = await api.call("GET", "/console/survey-dashboard/comments?kind=nps&from=2026-06-22&to=2026-06-21", { token: marketer });
    expect(order.body.error.issues).toContainEqual(expect.objectContaining({ code: "to_before_from", field: "to" }));
    const mismatch = await api.call("GET", `/console/survey-dashboard?kind=nps&surveyId=${data.surveyIds.S3}`, { token: marketer });
    expect([mismatch.status, mismatch.body.error.issues[0].code]).toEqual([400, "survey_kind_mismatch"]);
    const unknown = await api.call("GET", `/console/survey-dashboard?surveyId=${randomUUID()}`, { token: marketer });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "survey_not_found"]);
  });
});
