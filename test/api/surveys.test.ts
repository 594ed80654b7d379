/**
 * One-tap surveys through the HTTP API (issue 13): console CRUD and roles, the ask after an
 * earn and the fatigue policy, answers via a token (bound), tampered / foreign / expired tokens
 * (unbound, never someone else), duplicates and the change window, follow-ups, the reward once
 * under concurrency, hostile input with nothing written, a ZNS rating, privacy.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import type { SurveyInput } from "../../src/contract/surveys";
import { ledgerEntries, surveyAnswers, surveyAsks } from "../../src/server/db/schema";
import { dispatchSurveyAsks } from "../../src/server/features/surveys/asks";
import { recordRating } from "../../src/server/features/surveys/ratings";
import { signAskToken } from "../../src/domain/surveys/ask-token";
import { surveyMac } from "../../src/server/features/surveys/definitions";
import { surveyLink } from "../../src/server/features/messaging/survey-delivery";
import { TEST_SESSION_SECRET } from "../support/api";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeStaff, makeStore, testBrand, type TestStore } from "../support/factories";
import { expectLedgerInvariants, scanToken } from "../support/loyalty";

const MINUTE = 60_000;
const DAY = 86_400_000;

const npsInput = (storeId: string, over: Partial<SurveyInput> = {}): SurveyInput => ({
  kind: "nps",
  name: "Sau mua hàng (thử)",
  question: { vi: "Bạn có giới thiệu chúng tôi không?", en: "Would you recommend us?" },
  followUps: {
    detractor: {
      prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
      reasons: [
        { id: "slow", label: { vi: "Chậm", en: "Slow" } },
        { id: "cold", label: { vi: "Nguội", en: "Cold" } },
      ],
    },
    promoter: {
      prompt: { vi: "Bạn thích gì?", en: "What did you love?" },
      reasons: [{ id: "staff", label: { vi: "Nhân viên", en: "Staff" } }],
    },
  },
  touchpoint: "post_purchase",
  storeIds: [storeId],
  channel: "in_app",
  rewardPoints: 25,
  throttleDays: 30,
  startsAt: null,
  endsAt: null,
  ...over,
});

describe("surveys API", () => {
  let api: TestApi;
  let store: TestStore;
  let staffToken: () => Promise<string>;
  let surveyId: string;
  let brandId: string;

  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api);
    const staff = await makeStaff(api, store);
    staffToken = staff.signIn;
    brandId = (await testBrand(api)).id;
    const created = await api.ok(surveyEndpoints.createSurvey, { token: await consoleSession(api, "manager"), body: npsInput(store.id) });
    surveyId = created.body.id;
    await api.ok(surveyEndpoints.activateSurvey, { token: await consoleSession(api, "manager"), params: { surveyId } });
  });
  afterAll(() => api.close());

  async function earnFor(card: { memberId: string; qrSecret: string }, receiptNo: string) {
    const token = await staffToken();
    const res = await api.call("POST", "/staff/earn", {
      token,
      body: { storeId: store.id, receiptNo, billVnd: 100_000, member: { scanToken: await scanToken(api, token, card) } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.entryId as string;
  }

  const rows = async (memberId: string) => api.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.memberId, memberId));
  const rewards = async (memberId: string) =>
    (
      await api.database.db
        .select({ n: count() })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.memberId, memberId), eq(ledgerEntries.reason, "survey_answered")))
    )[0]!.n;

  /** A member who just bought at the store, with the in-app prompt that followed. */
  async function askedMember() {
    const m = await makeMember(api);
    const entryId = await earnFor(m.card, `HD-${m.card.memberId.slice(0, 6)}`);
    const token = await m.signIn();
    const open = await api.ok(surveyEndpoints.myOpenSurveys, { token });
    const prompt = open.body.surveys.find((s) => s.surveyId === surveyId)!;
    expect(prompt, JSON.stringify(open.body)).toBeDefined();
    return { m, token, entryId, prompt };
  }

  describe("console", () => {
    it("creates drafts (manager, marketer), versions on save, refuses a stale base, archives", async () => {
      const marketer = await consoleSession(api, "marketer");
      const created = await api.ok(surveyEndpoints.createSurvey, { token: marketer, body: npsInput(store.id, { name: "Nháp" }) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: "draft", version: 1, answers: 0, kind: "nps" });
      const id = created.body.id;
      const saved = await api.ok(surveyEndpoints.updateSurvey, {
        token: await consoleSession(api, "manager"),
        params: { surveyId: id },
        body: { ...npsInput(store.id, { question: { vi: "Câu mới?", en: "New?" } }), basedOnVersion: 1 },
      });
      expect(saved.body).toMatchObject({ version: 2, question: { vi: "Câu mới?" } });
      expect(saved.body.versions.map((v) => v.version)).toEqual([2, 1]);
      const stale = await api.refused(surveyEndpoints.updateSurvey, {
        token: await consoleSession(api, "manager"),
        params: { surveyId: id },
        body: { ...npsInput(store.id), basedOnVersion: 1 },
      });
      expect([stale.status, stale.body.error.code]).toEqual([409, "survey_version_conflict"]);
      const kind = await api.refused(surveyEndpoints.updateSurvey, {
        token: await consoleSession(api, "manager"),
        params: { surveyId: id },
        body: { ...npsInput(store.id, { kind: "ces", followUps: {} }), basedOnVersion: 2 },
      });
      expect(kind.body.error).toMatchObject({ code: "survey_invalid", issues: [{ code: "kind_changed", field: "kind" }] });
      await api.ok(surveyEndpoints.archiveSurvey, { token: await consoleSession(api, "manager"), params: { surveyId: id } });
      const again = await api.refused(surveyEndpoints.activateSurvey, {
        token: await consoleSession(api, "manager"),
        params: { surveyId: id },
      });
      expect(again.body.error.code).toBe("survey_archived");
      const list = await api.ok(surveyEndpoints.listSurveys, { token: marketer });
      expect(list.body.surveys.map((s) => s.id)).toContain(id);
    });

    it("refuses an invalid definition with issues and writes nothing", async () => {
      const before = (await api.ok(surveyEndpoints.listSurveys, { token: await consoleSession(api, "manager") })).body.surveys.length;
      const bad = await api.refused(surveyEndpoints.createSurvey, {
        token: await consoleSession(api, "manager"),
        body: npsInput(store.id, {
          question: { vi: "", en: "x" },
          followUps: { low: { prompt: { vi: "a", en: "a" }, reasons: [] } },
          rewardPoints: -5,
          storeIds: ["00000000-0000-4000-8000-000000000000"],
          channel: "zns_rating",
        }),
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe("survey_invalid");
      expect(bad.body.error.issues!.map((i) => i.code).sort()).toEqual([
        "band_unknown",
        "channel_kind",
        "required",
        "reward_range",
        "store_unknown",
      ]);
      expect((await api.ok(surveyEndpoints.listSurveys, { token: await consoleSession(api, "manager") })).body.surveys.length).toBe(before);
    });

    it("only console roles read, members and staff are refused", async () => {
      const m = await makeMember(api);
      const staff = await staffToken();
      for (const token of [m.session.accessToken, staff]) {
        expect((await api.refused(surveyEndpoints.listSurveys, { token })).status).toBe(403);
        expect((await api.refused(surveyEndpoints.createSurvey, { token, body: npsInput(store.id) })).status).toBe(403);
      }
    });

    it("gives the Zalo deep link and an in-store link whose token binds the store", async () => {
      const links = await api.ok(surveyEndpoints.surveyLinks, {
        token: await consoleSession(api, "manager"),
        params: { surveyId },
        query: { storeId: store.id },
      });
      expect(links.body.deepLink).toBe(`https://zalo.me/s/3423472366583461276/survey/${surveyId}`);
      expect(links.body.store!.url.startsWith(`${links.body.deepLink}?t=`)).toBe(true);
      const t = new URL(links.body.store!.url).searchParams.get("t")!;
      const m = await makeMember(api);
      const view = await api.ok(surveyEndpoints.surveyView, { token: m.session.accessToken, params: { surveyId }, query: { t } });
      expect(view.body).toMatchObject({ store: { id: store.id }, tokenNotice: null, open: true, myAnswer: null });
      const answered = await api.ok(surveyEndpoints.answer, {
        token: m.session.accessToken,
        params: { surveyId },
        body: { score: 9, clientAnswerId: "store-qr-tap-1", token: t },
      });
      expect(answered.status).toBe(201);
      const [row] = await rows(m.card.memberId);
      expect(row).toMatchObject({ storeId: store.id, source: "store_qr", transactionRef: null });
      const foreignStore = await api.refused(surveyEndpoints.surveyLinks, {
        token: await consoleSession(api, "manager"),
        params: { surveyId },
        query: { storeId: "00000000-0000-4000-8000-000000000000" },
      });
      expect(foreignStore.status).toBe(404);
    });
  });

  describe("answering", () => {
    it("a member's own read asks about their own earns only; another member's earn waits for the worker", async () => {
      const other = await makeMember(api);
      await earnFor(other.card, `HD-${other.card.memberId.slice(0, 6)}`);
      const { m } = await askedMember();
      const asksOf = async (memberId: string) =>
        (await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, memberId))).length;
      expect(await asksOf(m.card.memberId)).toBe(1);
      expect(await asksOf(other.card.memberId)).toBe(0);
      await dispatchSurveyAsks(api.database.db, api.clock.now());
      expect(await asksOf(other.card.memberId)).toBe(1);
      expect(await asksOf(m.card.memberId)).toBe(1);
    });

    it("after an earn: a prompt, a bound answer with its reward once, a resend, a change, then final", async () => {
      const { m, token, entryId, prompt } = await askedMember();
      expect(prompt).toMatchObject({ kind: "nps", store: { id: store.id }, rewardPoints: 25 });
      const view = await api.ok(surveyEndpoints.surveyView, { token, params: { surveyId }, query: { t: prompt.token } });
      expect(view.body).toMatchObject({ open: true, scale: { min: 0, max: 10 }, store: { id: store.id }, tokenNotice: null });

      const first = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 3, clientAnswerId: "tap-0001", token: prompt.token },
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        band: "detractor",
        rewardCredited: 25,
        changed: false,
        replayed: false,
        followUp: { band: "detractor" },
      });
      const resend = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 3, clientAnswerId: "tap-0001", token: prompt.token },
      });
      expect(resend.status).toBe(200);
      expect(resend.body).toMatchObject({ answerId: first.body.answerId, replayed: true, rewardCredited: 0 });
      expect((await api.ok(surveyEndpoints.myOpenSurveys, { token })).body.surveys.find((s) => s.surveyId === surveyId)).toBeUndefined();

      api.clock.advance(5 * MINUTE);
      const change = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 10, clientAnswerId: "tap-0002", token: prompt.token },
      });
      expect(change.status).toBe(200);
      expect(change.body).toMatchObject({ band: "promoter", changed: true, rewardCredited: 0, canChangeUntil: first.body.canChangeUntil });
      const mine = await rows(m.card.memberId);
      expect(mine).toHaveLength(2);
      expect(mine.find((r) => r.id === first.body.answerId)!.supersededAt).not.toBeNull();
      expect(mine.find((r) => r.id === change.body.answerId)).toMatchObject({
        transactionRef: entryId,
        supersedes: first.body.answerId,
        storeId: store.id,
      });
      const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
      expect(ask).toMatchObject({ outcome: "answered", answerId: change.body.answerId, channel: "in_app" });

      api.clock.advance(5 * MINUTE);
      const fresh = await m.signIn();
      const late = await api.refused(surveyEndpoints.answer, {
        token: fresh,
        params: { surveyId },
        body: { score: 5, clientAnswerId: "tap-0003", token: prompt.token },
      });
      expect([late.status, late.body.error.code]).toEqual([409, "survey_change_closed"]);
      expect(await rows(m.card.memberId)).toHaveLength(2);
      expect(await rewards(m.card.memberId)).toBe(1);
      const closed = await api.ok(surveyEndpoints.surveyView, { token: fresh, params: { surveyId }, query: { t: prompt.token } });
      expect(closed.body).toMatchObject({ open: false, closedReason: "survey_change_closed", myAnswer: { score: 10 } });
    });

    it("follow-up: the band's reasons and a comment; unknown reasons and long comments refused, nothing written", async () => {
      const { token, prompt, m } = await askedMember();
      const a = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 2, clientAnswerId: "fu-tap-1", token: prompt.token },
      });
      const wrongBand = await api.refused(surveyEndpoints.followUp, {
        token,
        params: { answerId: a.body.answerId },
        body: { reasons: ["staff"] },
      });
      expect(wrongBand.status).toBe(422);
      expect(wrongBand.body.error).toMatchObject({
        code: "survey_reason_unknown",
        issues: [{ code: "reason_unknown", field: "reasons.0" }],
      });
      const long = await api.refused(surveyEndpoints.followUp, {
        token,
        params: { answerId: a.body.answerId },
        body: { reasons: [], comment: "ừ".repeat(501) },
      });
      expect(long.body.error).toMatchObject({ code: "survey_comment_too_long", issues: [{ params: { max: 500 } }] });
      expect((await rows(m.card.memberId))[0]).toMatchObject({ reasons: [], comment: null, followedUpAt: null });
      const ok = await api.ok(surveyEndpoints.followUp, {
        token,
        params: { answerId: a.body.answerId },
        body: { reasons: ["slow", "cold", "slow"], comment: "  Đợi 20 phút  " },
      });
      expect(ok.body).toMatchObject({ band: "detractor", reasons: ["slow", "cold"], comment: "Đợi 20 phút" });
      // A change within the band keeps the follow-up; to another band, the reasons that no longer apply go.
      const change = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 9, clientAnswerId: "fu-tap-2", token: prompt.token },
      });
      const current = (await rows(m.card.memberId)).find((r) => r.id === change.body.answerId)!;
      expect(current).toMatchObject({ reasons: [], comment: "Đợi 20 phút" });
      // The old id follows its successor.
      const viaOld = await api.ok(surveyEndpoints.followUp, { token, params: { answerId: a.body.answerId }, body: { reasons: ["staff"] } });
      expect(viaOld.body).toMatchObject({ answerId: change.body.answerId, reasons: ["staff"] });
      const other = await makeMember(api);
      const foreign = await api.refused(surveyEndpoints.followUp, {
        token: other.session.accessToken,
        params: { answerId: a.body.answerId },
        body: { reasons: [] },
      });
      expect(foreign.body.error.code).toBe("survey_answer_not_found");
    });

    it("a token for someone else, a tampered or an expired one: the member answers as themselves, unbound", async () => {
      const { prompt, m: owner } = await askedMember();
      const thief = await makeMember(api);
      const stolen = await api.ok(surveyEndpoints.answer, {
        token: thief.session.accessToken,
        params: { surveyId },
        body: { score: 0, clientAnswerId: "thief-tap-1", token: prompt.token },
      });
      expect(stolen.body).toMatchObject({ tokenNotice: "survey_token_invalid", rewardCredited: 25 });
      expect((await rows(thief.card.memberId))[0]).toMatchObject({ transactionRef: null, storeId: null, askId: null, source: "self" });
      expect(await rows(owner.card.memberId)).toHaveLength(0);
      const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, owner.card.memberId));
      expect(ask!.outcome).toBe("pending");

      const [payload, mac] = prompt.token.split(".") as [string, string];
      const tampered = `${payload}.${mac.slice(0, -2)}${mac.endsWith("AA") ? "BB" : "AA"}`;
      const second = await makeMember(api);
      const t = await api.ok(surveyEndpoints.answer, {
        token: second.session.accessToken,
        params: { surveyId },
        body: { score: 8, clientAnswerId: "tamper-tap-1", token: tampered },
      });
      expect(t.body.tokenNotice).toBe("survey_token_invalid");
      const view = await api.ok(surveyEndpoints.surveyView, {
        token: second.session.accessToken,
        params: { surveyId },
        query: { t: "junk.token" },
      });
      expect(view.body.tokenNotice).toBe("survey_token_invalid");

      const late = await askedMember();
      api.clock.advance(8 * DAY);
      const token = await late.m.signIn();
      const expired = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 9, clientAnswerId: "late-tap-1", token: late.prompt.token },
      });
      expect(expired.body.tokenNotice).toBe("survey_token_expired");
      expect((await rows(late.m.card.memberId))[0]!.transactionRef).toBeNull();
    });

    it("the fatigue policy: a second earn the same week is not asked (recorded as throttled); self-started answers are throttled per survey", async () => {
      const { m, token, prompt } = await askedMember();
      await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 9, clientAnswerId: "fat-tap-1", token: prompt.token },
      });
      await earnFor(m.card, `HD2-${m.card.memberId.slice(0, 6)}`);
      const fresh = await m.signIn();
      expect((await api.ok(surveyEndpoints.myOpenSurveys, { token: fresh })).body.surveys).toEqual([]);
      const asks = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
      expect(asks.map((a) => [a.outcome, a.throttleRule]).sort()).toEqual([
        ["answered", null],
        ["throttled", "survey"],
      ]);
      // Opening the survey from the account page (no token) within 30 days: throttled, with the date.
      const self = await api.refused(surveyEndpoints.answer, {
        token: fresh,
        params: { surveyId },
        body: { score: 7, clientAnswerId: "fat-tap-2" },
      });
      expect(self.body.error).toMatchObject({ code: "survey_throttled", params: { until: expect.any(String) } });
      const view = await api.ok(surveyEndpoints.surveyView, { token: fresh, params: { surveyId } });
      expect(view.body).toMatchObject({ open: false, closedReason: "survey_throttled" });
      expect(await rows(m.card.memberId)).toHaveLength(1);
    });

    it("the global rule: an answer to another survey keeps post-purchase asks away for M days", async () => {
      const m = await makeMember(api);
      const token = m.session.accessToken;
      const csat = await api.ok(surveyEndpoints.createSurvey, {
        token: await consoleSession(api, "manager"),
        body: { ...npsInput(store.id), kind: "csat", touchpoint: "in_store", followUps: {}, rewardPoints: 0, storeIds: null },
      });
      await api.ok(surveyEndpoints.activateSurvey, { token: await consoleSession(api, "manager"), params: { surveyId: csat.body.id } });
      await api.ok(surveyEndpoints.answer, { token, params: { surveyId: csat.body.id }, body: { score: 5, clientAnswerId: "glob-tap-1" } });
      await earnFor(m.card, `HD3-${m.card.memberId.slice(0, 6)}`);
      await dispatchSurveyAsks(api.database.db, api.clock.now());
      const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
      expect(ask).toMatchObject({ outcome: "throttled", throttleRule: "global", surveyId });
      await api.ok(surveyEndpoints.archiveSurvey, { token: await consoleSession(api, "manager"), params: { surveyId: csat.body.id } });
    });

    it("the console's M is the one asks use: set to 0 (no rule across surveys), an answer to another survey no longer keeps the ask away", async () => {
      const mgr = await consoleSession(api, "manager");
      await api.ok(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: 0 } });
      try {
        const m = await makeMember(api);
        const csat = await api.ok(surveyEndpoints.createSurvey, {
          token: mgr,
          body: { ...npsInput(store.id), kind: "csat", touchpoint: "in_store", followUps: {}, rewardPoints: 0, storeIds: null },
        });
        await api.ok(surveyEndpoints.activateSurvey, { token: mgr, params: { surveyId: csat.body.id } });
        await api.ok(surveyEndpoints.answer, {
          token: m.session.accessToken,
          params: { surveyId: csat.body.id },
          body: { score: 5, clientAnswerId: "glob0-tap-1" },
        });
        await earnFor(m.card, `HD4-${m.card.memberId.slice(0, 6)}`);
        await dispatchSurveyAsks(api.database.db, api.clock.now());
        const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
        expect(ask).toMatchObject({ outcome: "pending", throttleRule: null, surveyId });
        await api.ok(surveyEndpoints.archiveSurvey, { token: mgr, params: { surveyId: csat.body.id } });
      } finally {
        await api.ok(surveyEndpoints.updateSurveySettings, {
          token: await consoleSession(api, "manager"),
          body: { globalThrottleDays: 7 },
        });
      }
    });

    it("rewards exactly once under parallel taps (same and different clientAnswerIds)", async () => {
      const { m, token, prompt } = await askedMember();
      const taps = [
        ...Array.from({ length: 4 }, () => ({ score: 6, clientAnswerId: "par-same-1" })),
        ...Array.from({ length: 4 }, (_, i) => ({ score: 6 + (i % 2), clientAnswerId: `par-diff-${i}` })),
      ];
      const results = await Promise.all(
        taps.map((b) => api.call("POST", `/members/me/surveys/${surveyId}/answers`, { token, body: { ...b, token: prompt.token } })),
      );
      expect(results.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
      expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      expect(await rewards(m.card.memberId)).toBe(1);
      const current = (await rows(m.card.memberId)).filter((r) => r.supersededAt === null);
      expect(current).toHaveLength(1);
      await expectLedgerInvariants(api.database);
    });

    it("parallel first taps on an unbound survey make one answer and one reward", async () => {
      const m = await makeMember(api);
      const token = m.session.accessToken;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api.call("POST", `/members/me/surveys/${surveyId}/answers`, { token, body: { score: 9, clientAnswerId: `unb-tap-${i}` } }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.every((r) => r.status < 300)).toBe(true);
      expect((await rows(m.card.memberId)).filter((r) => r.supersededAt === null)).toHaveLength(1);
      expect(await rewards(m.card.memberId)).toBe(1);
    });

    it("bad input is a 4xx with a code and writes nothing", async () => {
      const m = await makeMember(api);
      const token = m.session.accessToken;
      const cases: [unknown, number, string][] = [
        [{ score: 11, clientAnswerId: "bad-tap-01" }, 422, "survey_score_invalid"],
        [{ score: -1, clientAnswerId: "bad-tap-02" }, 422, "survey_score_invalid"],
        [{ score: 7.5, clientAnswerId: "bad-tap-03" }, 422, "survey_score_invalid"],
        [{ score: 1e308, clientAnswerId: "bad-tap-04" }, 422, "survey_score_invalid"],
        [{ score: "7", clientAnswerId: "bad-tap-05" }, 400, "invalid_request"],
        [{ score: null, clientAnswerId: "bad-tap-06" }, 400, "invalid_request"],
        [{ score: 7 }, 400, "invalid_request"],
        [{ score: 7, clientAnswerId: "bad\u0000tap" }, 400, "invalid_request"],
        [{ score: 7, clientAnswerId: "bad-tap-09", token: "\uD800.x" }, 400, "invalid_request"],
        [{ score: 7, clientAnswerId: "bad-tap-10", token: "x".repeat(5000) }, 400, "invalid_request"],
        [{ score: 7, clientAnswerId: ["bad-tap-11"] }, 400, "invalid_request"],
      ];
      for (const [body, status, code] of cases) {
        const res = await api.call("POST", `/members/me/surveys/${surveyId}/answers`, { token, body });
        expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
      }
      const a = await api.call("POST", `/members/me/surveys/00000000-0000-4000-8000-000000000000/answers`, {
        token,
        body: { score: 7, clientAnswerId: "bad-tap-12" },
      });
      expect([a.status, a.body.error.code]).toEqual([404, "survey_not_found"]);
      const draft = await api.ok(surveyEndpoints.createSurvey, {
        token: await consoleSession(api, "manager"),
        body: npsInput(store.id, { name: "Nháp 2" }),
      });
      const inactive = await api.call("POST", `/members/me/surveys/${draft.body.id}/answers`, {
        token,
        body: { score: 7, clientAnswerId: "bad-tap-13" },
      });
      expect([inactive.status, inactive.body.error.code]).toEqual([409, "survey_inactive"]);
      for (const body of [
        { reasons: ["a\u0000"] },
        { reasons: "slow" },
        { reasons: [], comment: "\uDC00" },
        { reasons: Array(30).fill("slow") },
      ]) {
        const res = await api.call("PUT", `/members/me/survey-answers/00000000-0000-4000-8000-000000000000/follow-up`, { token, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      expect(await rows(m.card.memberId)).toHaveLength(0);
      expect(await rewards(m.card.memberId)).toBe(0);
    });

    it("a foreign brand's survey is not found", async () => {
      const m = await makeMember(api);
      const res = await api.refused(surveyEndpoints.surveyView, {
        token: m.session.accessToken,
        params: { surveyId: "00000000-0000-4000-8000-000000000000" },
      });
      expect([res.status, res.body.error.code]).toEqual([404, "survey_not_found"]);
    });
  });

  describe("ZNS rating channel (extension point)", () => {
    /** A store with an active CSAT post-purchase survey on `channel`, and a member who just earned there. */
    async function znsSetup(channel: "zns_rating" | "zns_link", rewardPoints: number) {
      const zStore = await makeStore(api);
      const staff = await makeStaff(api, zStore);
      const csat = await api.ok(surveyEndpoints.createSurvey, {
        token: await consoleSession(api, "manager"),
        body: { ...npsInput(zStore.id), kind: "csat", channel, followUps: {}, rewardPoints },
      });
      await api.ok(surveyEndpoints.activateSurvey, { token: await consoleSession(api, "manager"), params: { surveyId: csat.body.id } });
      const m = await makeMember(api);
      const st = await staff.signIn();
      const earned = await api.call("POST", "/staff/earn", {
        token: st,
        body: { storeId: zStore.id, receiptNo: `ZNS-${channel}`, billVnd: 50_000, member: { scanToken: await scanToken(api, st, m.card) } },
      });
      expect(earned.status).toBe(200);
      return { zStore, csat, m, earned };
    }

    /** A ZNS rating as the webhook hands it to the survey core: 2 stars now unless told otherwise. */
    const rate = (memberId: string, messageId: string, over: Partial<Parameters<typeof recordRating>[1]> = {}) =>
      recordRating(api.database.db, { brandId, memberId, score: 2, channel: "zns_rating", messageId, at: api.clock.now(), ...over });

    it("a zns_rating ask goes through the registered delivery; the rating is a CSAT answer, deduplicated by message", async () => {
      const { zStore, csat, m, earned } = await znsSetup("zns_rating", 5);
      const messageId = "11111111-2222-4333-8444-555555555555";
      const delivered: string[] = [];
      await dispatchSurveyAsks(api.database.db, api.clock.now(), {
        deliveries: {
          zns_rating: async (_tx, ask) => {
            delivered.push(ask.id);
            return { messageId };
          },
        },
      });
      expect(delivered).toHaveLength(1);
      const rating = await rate(m.card.memberId, messageId);
      expect(rating).toMatchObject({ ok: true, value: { band: "low", rewardCredited: 5 } });
      const again = await rate(m.card.memberId, messageId);
      expect(again).toMatchObject({ ok: true, value: { replayed: true, rewardCredited: 0 } });
      const [row] = await rows(m.card.memberId);
      expect(row).toMatchObject({
        source: "zns_rating",
        transactionRef: earned.body.entryId,
        storeId: zStore.id,
        clientAnswerId: `zns:${messageId}`,
      });
      const nps = await rate(m.card.memberId, "x", { surveyId, score: 4 });
      expect(nps).toMatchObject({ ok: false, code: "survey_score_invalid" });
      const bad = await rate(m.card.memberId, "y", { surveyId: csat.body.id, score: 6 });
      expect(bad).toMatchObject({ ok: false, code: "survey_score_invalid" });
    });

    it("a ZNS rating's note and Zalo's ticked reasons are kept as the answer's comment, cleaned and cut", async () => {
      const { m } = await znsSetup("zns_rating", 0);
      const messageId = "11111111-2222-4333-8444-666666666666";
      await dispatchSurveyAsks(api.database.db, api.clock.now(), { deliveries: { zns_rating: async () => ({ messageId }) } });
      const rating = await rate(m.card.memberId, messageId, {
        note: " Chờ\u202e lâu\nquá ",
        feedbacks: ["Phục vụ chậm", "Phục vụ chậm", " Đồ uống  nguội "],
      });
      expect(rating).toMatchObject({ ok: true, value: { band: "low" } });
      const [row] = await rows(m.card.memberId);
      expect(row).toMatchObject({ comment: "Zalo: Phục vụ chậm; Đồ uống nguội — Chờ lâu quá", source: "zns_rating" });
      expect(row!.followedUpAt).not.toBeNull();

      const other = await znsSetup("zns_rating", 0);
      const otherMessage = "11111111-2222-4333-8444-777777777777";
      await dispatchSurveyAsks(api.database.db, api.clock.now(), { deliveries: { zns_rating: async () => ({ messageId: otherMessage }) } });
      await rate(other.m.card.memberId, otherMessage, { score: 5, note: "ạ".repeat(600) });
      const [long] = await rows(other.m.card.memberId);
      expect([...long!.comment!].length).toBe(500);
    });

    it("zns_link: the short link fits a ZNS URL (200) and answers bound to that member and purchase; tampered, foreign or expired it binds nothing", async () => {
      const { csat, m, earned, zStore } = await znsSetup("zns_link", 0);
      let asked: typeof surveyAsks.$inferSelect | undefined;
      await dispatchSurveyAsks(api.database.db, api.clock.now(), {
        deliveries: {
          zns_link: async (_tx, ask) => {
            asked = ask;
            return { messageId: "11111111-2222-4333-8444-888888888888" };
          },
        },
      });
      expect(asked).toBeDefined();
      const short = signAskToken(asked!.id, surveyMac(TEST_SESSION_SECRET));
      const link = surveyLink("https://zalo.me/s/3423472366583461276", csat.body.id, short);
      expect(link.length).toBeLessThanOrEqual(200);
      const token = await m.signIn();
      const params = { surveyId: csat.body.id };

      // Tampered (last character changed): the member answers as themselves, unbound.
      const tampered = short.slice(0, -1) + (short.endsWith("A") ? "B" : "A");
      const t = await api.ok(surveyEndpoints.answer, {
        token,
        params,
        body: { score: 3, clientAnswerId: "short-tamper-1", token: tampered },
      });
      expect(t.body.tokenNotice).toBe("survey_token_invalid");
      expect((await rows(m.card.memberId))[0]).toMatchObject({ transactionRef: null, storeId: null, askId: null, source: "self" });

      // Someone else's hands: unbound, the owner's ask untouched.
      const thief = await makeMember(api);
      const stolen = await api.ok(surveyEndpoints.surveyView, { token: thief.session.accessToken, params, query: { t: short } });
      expect(stolen.body).toMatchObject({ tokenNotice: "survey_token_invalid", store: null });

      const view = await api.ok(surveyEndpoints.surveyView, { token, params, query: { t: short } });
      expect(view.body).toMatchObject({ tokenNotice: null, store: { id: zStore.id } });
      const bound = await api.ok(surveyEndpoints.answer, {
        token,
        params,
        body: { score: 5, clientAnswerId: "short-link-1", token: short },
      });
      expect(bound.body.tokenNotice).toBeNull();
      const answer = (await rows(m.card.memberId)).find((r) => r.clientAnswerId === "short-link-1");
      expect(answer).toMatchObject({ transactionRef: earned.body.entryId, storeId: zStore.id, askId: asked!.id, source: "zns_link" });

      // Past the ask's expiry the same token binds nothing.
      await api.database.db
        .update(surveyAsks)
        .set({ expiresAt: new Date(api.clock.now() - 1) })
        .where(eq(surveyAsks.id, asked!.id));
      const expired = await api.ok(surveyEndpoints.surveyView, { token, params, query: { t: short } });
      expect(expired.body.tokenNotice).toBe("survey_token_expired");
    });

    it("without a registered delivery a ZNS ask is recorded as failed and does not count against fatigue", async () => {
      const { m } = await znsSetup("zns_link", 0);
      await dispatchSurveyAsks(api.database.db, api.clock.now());
      const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
      expect(ask).toMatchObject({ outcome: "failed", channel: "zns_link" });
    });
  });

  describe("privacy", () => {
    it("the export lists answers with the question and reasons in words; deletion erases comments and keeps scores", async () => {
      const { m, token, prompt } = await askedMember();
      const a = await api.ok(surveyEndpoints.answer, {
        token,
        params: { surveyId },
        body: { score: 4, clientAnswerId: "priv-tap-1", token: prompt.token },
      });
      await api.ok(surveyEndpoints.followUp, {
        token,
        params: { answerId: a.body.answerId },
        body: { reasons: ["slow"], comment: "Tên tôi là Lan" },
      });
      const data = await api.ok(preferenceEndpoints.exportData, { token });
      expect(data.body.surveyAnswers).toEqual([
        expect.objectContaining({
          survey: "Bạn có giới thiệu chúng tôi không?",
          score: 4,
          band: "detractor",
          reasons: ["Chậm"],
          comment: "Tên tôi là Lan",
        }),
      ]);
      await api.ok(preferenceEndpoints.erase, { token, body: { confirm: true } });
      const [row] = await rows(m.card.memberId);
      expect(row).toMatchObject({ score: 4, comment: null });
    });
  });
});
