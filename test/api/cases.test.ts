import { and, count, eq, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caseEndpoints } from "../../src/contract/endpoints/cases";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { caseEvents, feedbackCases, messages, rewards, sandboxInbox, users, vouchers, znsTemplates } from "../../src/server/db/schema";
import { runOnce } from "../../src/server/features/messaging/worker";
import { caseCountsByStore } from "../../src/server/features/cases/case-counts";
import { openCaseForAnswer } from "../../src/server/features/cases/open-case";
import { testApi, type TestApi } from "../support/api";
import { answerAndOpen, makeCareTemplate, makeSurvey } from "../support/cases";
import { consoleSession, importedEarn, makeMember, makeReward, makeStore, testBrand, type TestStore } from "../support/factories";
import { SURVEY_DEFAULTS } from "../support/survey-definition";

const H = 3_600_000;
const key = () => `case-${randomUUID()}`;

describe("feedback cases (close the loop)", () => {
  let api: TestApi;
  let brandId: string;
  let mgr: string;
  let nps: { id: string; kind: "nps" };
  let store: TestStore;

  beforeAll(async () => {
    api = await testApi();
    brandId = (await testBrand(api)).id;
    nps = (await makeSurvey(api, brandId, "nps")) as { id: string; kind: "nps" };
    store = await makeStore(api, { name: "Cửa hàng Góp Ý" });
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    mgr = await consoleSession(api, "manager"); // tests move the clock past a session's 15 minutes
  });

  async function detractorCase(opts: { score?: number; storeId?: string; transactionRef?: string | null; comment?: string } = {}) {
    const m = await makeMember(api, { name: "Trần Thị Góp Ý" });
    const { answerId, result } = await answerAndOpen(api, {
      brandId,
      survey: nps,
      memberId: m.card.memberId,
      score: opts.score ?? 3,
      storeId: opts.storeId ?? store.id,
      transactionRef: opts.transactionRef ?? null,
      reasons: ["slow"],
      comment: opts.comment ?? "Chờ 20 phút mới có đồ uống",
    });
    return { member: m, answerId, caseId: result!.caseId };
  }

  const eventsOf = async (caseId: string) =>
    (await api.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).map((e) => e.kind);

  describe("opening", () => {
    it("opens exactly one case for a detractor, none for passives and promoters, by each kind's bands", async () => {
      const m = await makeMember(api);
      const csat = await makeSurvey(api, brandId, "csat");
      const ces = await makeSurvey(api, brandId, "ces");
      const cases = async (survey: { id: string; kind: "nps" | "csat" | "ces" }, score: number) =>
        (await answerAndOpen(api, { brandId, survey, memberId: m.card.memberId, score })).result;
      expect(await cases(nps, 6)).toMatchObject({ opened: true, answerChanged: false });
      expect(await cases(nps, 7)).toBeNull();
      expect(await cases(nps, 10)).toBeNull();
      expect(await cases(csat, 2)).toMatchObject({ opened: true });
      expect(await cases(csat, 3)).toBeNull();
      expect(await cases(ces, 3)).toMatchObject({ opened: true });
      expect(await cases(ces, 4)).toBeNull();
      const n = (await api.database.db.select({ n: count() }).from(feedbackCases).where(eq(feedbackCases.memberId, m.card.memberId)))[0]!.n;
      expect(n).toBe(3);
    });

    it("is idempotent per answer, also for concurrent calls: one case, one `opened` event", async () => {
      const { answerId, caseId } = await detractorCase();
      const again = await Promise.all(
        Array.from({ length: 6 }, () =>
          api.database.db.transaction((tx) => openCaseForAnswer(tx, { brandId, answerId, now: api.clock.now() })),
        ),
      );
      expect(new Set(again.map((r) => r!.caseId))).toEqual(new Set([caseId]));
      expect(again.every((r) => r!.opened === false)).toBe(true);
      const n = (await api.database.db.select({ n: count() }).from(feedbackCases).where(eq(feedbackCases.answerId, answerId)))[0]!.n;
      expect(n).toBe(1);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
    });

    it("a changed answer keeps its case: low → good stays open, marked changed, with the new score; never a second case", async () => {
      const { member, answerId, caseId } = await detractorCase({ score: 2 });
      api.clock.advance(60_000);
      const changed = await answerAndOpen(api, {
        brandId,
        survey: nps,
        memberId: member.card.memberId,
        score: 9,
        storeId: store.id,
        supersedes: answerId,
      });
      expect(changed.result).toEqual({ caseId, opened: false, answerChanged: true });
      const again = await answerAndOpen(api, {
        brandId,
        survey: nps,
        memberId: member.card.memberId,
        score: 4,
        storeId: store.id,
        supersedes: changed.answerId,
      });
      expect(again.result).toEqual({ caseId, opened: false, answerChanged: true });
      const detail = await api.ok(caseEndpoints.getCase, { token: mgr, params: { caseId } });
      expect(detail.body).toMatchObject({ status: "open", openedScore: 2, score: 4, answerChanged: true, answer: { id: again.answerId } });
      expect(detail.body.events.map((e) => [e.kind, e.fromScore, e.toScore])).toEqual([
        ["opened", null, 2],
        ["answer_changed", 2, 9],
        ["answer_changed", 9, 4],
      ]);
    });

    it("a change from a good score to a low one opens a case for the new answer", async () => {
      const m = await makeMember(api);
      const good = await answerAndOpen(api, { brandId, survey: nps, memberId: m.card.memberId, score: 8 });
      expect(good.result).toBeNull();
      const low = await answerAndOpen(api, { brandId, survey: nps, memberId: m.card.memberId, score: 1, supersedes: good.answerId });
      expect(low.result).toMatchObject({ opened: true, answerChanged: false });
      const [row] = await api.database.db.select().from(feedbackCases).where(eq(feedbackCases.id, low.result!.caseId));
      expect(row).toMatchObject({ answerId: low.answerId, openedScore: 1 });
    });
  });

  describe("the list, the detail and the SLA", () => {
    it("lists unclosed cases of a store oldest first with their SLA colour; the overdue filter and the counts agree", async () => {
      const s = await makeStore(api);
      const first = await detractorCase({ storeId: s.id });
      api.clock.advance(25 * H);
      const second = await detractorCase({ storeId: s.id });
      api.clock.advance(23 * H); // first: exactly 48 h (due), second: 23 h
      mgr = await consoleSession(api, "manager");
      const list = await api.ok(caseEndpoints.listCases, { token: mgr, query: { storeId: s.id } });
      expect(list.body.items.map((c) => [c.id, c.sla.colour, c.sla.overdue])).toEqual([
        [first.caseId, "red", true],
        [second.caseId, "green", false],
      ]);
      expect(list.body.total).toBe(2);
      expect(list.body.stores.find((x) => x.id === s.id)).toMatchObject({ open: 2, overdue: 1 });
      const overdue = await api.ok(caseEndpoints.listCases, { token: mgr, query: { storeId: s.id, overdue: "true" } });
      expect(overdue.body.items.map((c) => c.id)).toEqual([first.caseId]);
      api.clock.advance(1 * H); // second: 24 h, exactly half
      mgr = await consoleSession(api, "manager");
      const later = await api.ok(caseEndpoints.listCases, { token: mgr, query: { storeId: s.id } });
      expect(later.body.items[1]!.sla).toMatchObject({ colour: "amber", elapsedPermille: 500 });
      expect((await caseCountsByStore(api.database.db, brandId, api.clock.now())).find((c) => c.storeId === s.id)).toEqual({
        storeId: s.id,
        open: 2,
        overdue: 1,
      });
    });

    it("shows the answer, its follow-up with labels, the member's tier, recent visits and the transaction", async () => {
      const s = await makeStore(api, { name: "Cửa hàng Hóa Đơn" });
      const m = await makeMember(api, { name: "Lê Văn Hóa Đơn" });
      const entryId = await importedEarn(api, { memberId: m.card.memberId, storeId: s.id, receiptNo: "HD-777", billVnd: 120_000 });
      const { result } = await answerAndOpen(api, {
        brandId,
        survey: nps,
        memberId: m.card.memberId,
        score: 5,
        storeId: s.id,
        transactionRef: entryId,
        reasons: ["slow", "cold"],
        comment: "Cà phê nguội",
      });
      const detail = await api.ok(caseEndpoints.getCase, { token: mgr, params: { caseId: result!.caseId } });
      expect(detail.body).toMatchObject({
        store: { id: s.id, name: "Cửa hàng Hóa Đơn" },
        member: { id: m.card.memberId, name: "Lê Văn Hóa Đơn", tier: "member" },
        kind: "nps",
        score: 5,
        band: "detractor",
        status: "open",
        comment: "Cà phê nguội",
        answer: {
          question: { vi: "Bạn có sẵn lòng giới thiệu quán cho bạn bè?" },
          reasons: [
            { id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } },
            { id: "cold", label: { vi: "Đồ uống nguội", en: "Cold drink" } },
          ],
          comment: "Cà phê nguội",
        },
        transaction: { entryId, receiptNo: "HD-777", billVnd: 120_000, points: 12, store: { id: s.id } },
        careTemplates: expect.any(Array),
        careAllowed: false,
      });
      expect(detail.body.recentVisits).toEqual([
        expect.objectContaining({ billVnd: 120_000, points: 12, store: { id: s.id, name: s.name } }),
      ]);
    });
  });

  describe("the lifecycle", () => {
    it("a note is not a response; a call is the first response; close records the outcome; metrics measure both", async () => {
      const s = await makeStore(api);
      const { caseId, member } = await detractorCase({ storeId: s.id });
      const opened = api.clock.now();
      api.clock.advance(30 * 60_000);
      mgr = await consoleSession(api, "manager");
      const note = await api.ok(caseEndpoints.addNote, {
        token: mgr,
        params: { caseId },
        body: { kind: "note", note: "Gọi lại sau 5 giờ", idempotencyKey: key() },
      });
      expect(note.body.case).toMatchObject({ status: "open", firstResponseAt: null });
      expect(note.body.event).toMatchObject({ kind: "note", note: "Gọi lại sau 5 giờ", actor: { name: expect.any(String) } });
      api.clock.advance(30 * 60_000);
      mgr = await consoleSession(api, "manager");
      const called = await api.ok(caseEndpoints.addNote, {
        token: mgr,
        params: { caseId },
        body: { kind: "called", idempotencyKey: key() },
      });
      expect(called.body.case).toMatchObject({ status: "contacted", firstResponseAt: new Date(opened + H).toISOString() });
      expect(called.body.case.assignedTo).not.toBeNull();
      const none = await api.ok(caseEndpoints.myFeedbackResponses, { token: await member.signIn() });
      expect(none.body.items).toEqual([
        expect.objectContaining({ caseId, respondedAt: new Date(opened + H).toISOString(), responses: ["called"] }),
      ]);
      api.clock.advance(2 * H);
      mgr = await consoleSession(api, "manager");
      const closeKey = key();
      const closed = await api.ok(caseEndpoints.closeCase, {
        token: mgr,
        params: { caseId },
        body: { outcome: "resolved", note: "Khách hài lòng", idempotencyKey: closeKey },
      });
      expect(closed.body.case).toMatchObject({ status: "closed", outcome: "resolved", closedAt: new Date(opened + 3 * H).toISOString() });
      const seen = await api.ok(caseEndpoints.myFeedbackResponses, { token: await member.signIn() });
      expect(seen.body.items).toEqual([expect.objectContaining({ caseId, responses: ["called", "resolved"] })]);
      const replay = await api.ok(caseEndpoints.closeCase, {
        token: mgr,
        params: { caseId },
        body: { outcome: "resolved", idempotencyKey: closeKey },
      });
      expect(replay.body).toMatchObject({ replayed: true, event: { id: closed.body.event.id } });
      const conflict = await api.refused(caseEndpoints.closeCase, {
        token: mgr,
        params: { caseId },
        body: { outcome: "unreachable", idempotencyKey: closeKey },
      });
      expect(conflict).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
      const afterClose = await api.refused(caseEndpoints.addNote, {
        token: mgr,
        params: { caseId },
        body: { kind: "called", idempotencyKey: key() },
      });
      expect(afterClose).toMatchObject({ status: 409, body: { error: { code: "case_closed" } } });

      const metrics = await api.ok(caseEndpoints.caseMetrics, { token: mgr, query: { days: 30 } });
      expect(metrics.body.stores.find((r) => r.store?.id === s.id)).toMatchObject({
        opened: 1,
        open: 0,
        overdue: 0,
        firstResponse: { count: 1, medianMs: H, avgMs: H },
        close: { count: 1, medianMs: 3 * H, avgMs: 3 * H },
      });

      mgr = await consoleSession(api, "manager");
      const reopened = await api.ok(caseEndpoints.reopenCase, { token: mgr, params: { caseId }, body: { idempotencyKey: key() } });
      expect(reopened.body.case).toMatchObject({ status: "contacted", closedAt: null, outcome: null });
      const notClosed = await api.refused(caseEndpoints.reopenCase, { token: mgr, params: { caseId }, body: { idempotencyKey: key() } });
      expect(notClosed.body.error.code).toBe("case_not_closed");
      expect(await eventsOf(caseId)).toEqual(["opened", "note", "called", "closed", "reopened"]);
    });

    it("measures medians over several cases of a store exactly", async () => {
      const s = await makeStore(api);
      const caseIds = [];
      for (let i = 0; i < 3; i++) caseIds.push((await detractorCase({ storeId: s.id })).caseId);
      // first responses after 1 h, 2 h, 6 h: median 2 h, mean 3 h
      for (const [i, hours] of [1, 2, 6].entries()) {
        const at = api.clock.now();
        api.clock.advance(hours * H);
        mgr = await consoleSession(api, "manager");
        await api.ok(caseEndpoints.addNote, {
          token: mgr,
          params: { caseId: caseIds[i]! },
          body: { kind: "called", idempotencyKey: key() },
        });
        api.clock.set(at);
      }
      mgr = await consoleSession(api, "manager");
      const metrics = await api.ok(caseEndpoints.caseMetrics, { token: mgr, query: { days: 7 } });
      expect(metrics.body.stores.find((r) => r.store?.id === s.id)).toMatchObject({
        opened: 3,
        open: 3,
        firstResponse: { count: 3, medianMs: 2 * H, avgMs: 3 * H },
        close: { count: 0, medianMs: null, avgMs: null },
      });
    });
  });

  describe("care message", () => {
    it("says so with a typed code when the brand has no care template, and writes nothing", async () => {
      const { caseId } = await detractorCase();
      const before = (await api.database.db.select({ n: count() }).from(messages))[0]!.n;
      // The demo seed has a manual care template: switched off here, on again after.
      const care = and(eq(znsTemplates.brandId, brandId), eq(znsTemplates.tag, "customer_care"), isNull(znsTemplates.trigger));
      await api.database.db.update(znsTemplates).set({ active: false }).where(care);
      const res = await api.refused(caseEndpoints.sendCare, { token: mgr, params: { caseId }, body: { idempotencyKey: key() } });
      await api.database.db.update(znsTemplates).set({ active: true }).where(care);
      expect(res).toMatchObject({ status: 409, body: { error: { code: "case_no_care_template" } } });
      expect((await api.database.db.select({ n: count() }).from(messages))[0]!.n).toBe(before);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
    });

    it("is enqueued once per idempotency key with a care template, only with the member's consent", async () => {
      const template = await makeCareTemplate(api, brandId);
      const { caseId, member } = await detractorCase();
      await api.database.db.update(users).set({ phone: "84912345678" }).where(eq(users.id, member.user.id));
      const refused = await api.refused(caseEndpoints.sendCare, { token: mgr, params: { caseId }, body: { idempotencyKey: key() } });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: "case_care_not_allowed" } } });
      await api.ok(preferenceEndpoints.setConsent, {
        token: await member.signIn(),
        body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
      });
      const k = key();
      const [a, b] = await Promise.all([
        api.ok(caseEndpoints.sendCare, { token: mgr, params: { caseId }, body: { templateId: template.id, idempotencyKey: k } }),
        api.ok(caseEndpoints.sendCare, { token: mgr, params: { caseId }, body: { templateId: template.id, idempotencyKey: k } }),
      ]);
      expect(a.body.event.messageId).toBe(b.body.event.messageId);
      expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
      expect(a.body.case.status).toBe("contacted");
      const sent = await api.database.db
        .select()
        .from(messages)
        .where(eq(messages.source, `case:${caseId}`));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        status: "queued",
        purpose: "zns_care",
        templateId: template.id,
        dedupeKey: `case-care:${caseId}:${k}`,
      });
      await api.ok(caseEndpoints.sendCare, { token: mgr, params: { caseId }, body: { idempotencyKey: key() } });
      expect(
        await api.database.db
          .select()
          .from(messages)
          .where(eq(messages.source, `case:${caseId}`)),
      ).toHaveLength(2);
      const detail = await api.ok(caseEndpoints.getCase, { token: mgr, params: { caseId } });
      expect(detail.body.careAllowed).toBe(true);
      expect(detail.body.careTemplates.map((t) => t.id)).toContain(template.id);
    });

    it("refuses a template the member has no values for (nothing queued), and a template that is not a care one", async () => {
      const unfit = await makeCareTemplate(api, brandId, { needsVoucher: true });
      const { caseId, member } = await detractorCase();
      await api.ok(preferenceEndpoints.setConsent, {
        token: await member.signIn(),
        body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
      });
      const res = await api.refused(caseEndpoints.sendCare, {
        token: mgr,
        params: { caseId },
        body: { templateId: unfit.id, idempotencyKey: key() },
      });
      expect(res).toMatchObject({ status: 422, body: { error: { code: "case_care_template_unfit" } } });
      const other = await api.refused(caseEndpoints.sendCare, {
        token: mgr,
        params: { caseId },
        body: { templateId: randomUUID(), idempotencyKey: key() },
      });
      expect(other).toMatchObject({ status: 404, body: { error: { code: "template_not_found" } } });
      expect(
        await api.database.db
          .select()
          .from(messages)
          .where(eq(messages.source, `case:${caseId}`)),
      ).toHaveLength(0);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
    });
    it("the member's consent is read again at send time: withdrawn after queueing, the worker cancels it; the member sees 'message'", async () => {
      const template = await makeCareTemplate(api, brandId);
      const { caseId, member } = await detractorCase();
      await api.database.db.update(users).set({ phone: "84912345678" }).where(eq(users.id, member.user.id));
      const token = await member.signIn();
      await api.ok(preferenceEndpoints.setConsent, {
        token,
        body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
      });
      const k = key();
      const queued = await api.ok(caseEndpoints.sendCare, {
        token: mgr,
        params: { caseId },
        body: { templateId: template.id, idempotencyKey: k },
      });
      const replay = await api.ok(caseEndpoints.sendCare, {
        token: mgr,
        params: { caseId },
        body: { templateId: template.id, idempotencyKey: k },
      });
      expect(replay.body).toMatchObject({ replayed: true, event: { messageId: queued.body.event.messageId } });
      const seen = await api.ok(caseEndpoints.myFeedbackResponses, { token });
      expect(seen.body.items).toEqual([expect.objectContaining({ caseId, responses: ["message"] })]);

      await api.ok(preferenceEndpoints.setConsent, {
        token,
        body: { purpose: "zns_care", granted: false, wordingVersion: PURPOSES.zns_care.version },
      });
      for (let i = 0; i < 20 && (await runOnce(api.deps.messaging)) > 0; i++);
      const sent = await api.database.db
        .select()
        .from(messages)
        .where(eq(messages.source, `case:${caseId}`));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ id: queued.body.event.messageId, status: "cancelled", lastError: "consent_withdrawn" });
      // Nothing reached the member's phone: the sandbox inbox has no message for this one.
      const inbox = await api.database.db.select().from(sandboxInbox).where(eq(sandboxInbox.trackingId, sent[0]!.trackingId));
      expect(inbox).toHaveLength(0);
    });
  });

  describe("apology voucher", () => {
    it("is granted once (no points, stock taken once), replayed by key, refused a second time", async () => {
      const reward = await makeReward(api, { name: "Bánh xin lỗi", pointsCost: 500, stock: 5 }, mgr);
      const { caseId, member } = await detractorCase();
      const k = key();
      const [a, b] = await Promise.all([
        api.ok(caseEndpoints.grantVoucher, { token: mgr, params: { caseId }, body: { rewardId: reward.id, idempotencyKey: k } }),
        api.ok(caseEndpoints.grantVoucher, { token: mgr, params: { caseId }, body: { rewardId: reward.id, idempotencyKey: k } }),
      ]);
      expect(a.body.event.voucherId).toBe(b.body.event.voucherId);
      expect(a.body.case.status).toBe("contacted");
      const again = await api.refused(caseEndpoints.grantVoucher, {
        token: mgr,
        params: { caseId },
        body: { rewardId: reward.id, idempotencyKey: key() },
      });
      expect(again).toMatchObject({ status: 409, body: { error: { code: "case_voucher_already_granted" } } });
      const issued = await api.database.db.select().from(vouchers).where(eq(vouchers.memberId, member.card.memberId));
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatchObject({ rewardId: reward.id, status: "issued" });
      expect((await api.database.db.select().from(rewards).where(eq(rewards.id, reward.id)))[0]!.stock).toBe(4);
    });

    it("is the member's to use: in their vouchers, live, and the store's response says 'voucher'", async () => {
      const reward = await makeReward(api, { name: "Ly nước xin lỗi", pointsCost: 300, stock: 3 }, mgr);
      const { caseId, member } = await detractorCase();
      const token = await member.signIn();
      const before = await api.ok(loyaltyEndpoints.summary, { token, query: {} });
      const granted = await api.ok(caseEndpoints.grantVoucher, {
        token: mgr,
        params: { caseId },
        body: { rewardId: reward.id, idempotencyKey: key() },
      });
      const mine = await api.ok(loyaltyEndpoints.myVouchers, { token });
      expect(mine.body.items).toEqual([
        expect.objectContaining({ id: granted.body.event.voucherId, rewardId: reward.id, rewardName: "Ly nước xin lỗi", status: "issued" }),
      ]);
      const after = await api.ok(loyaltyEndpoints.summary, { token, query: {} });
      expect(after.body.balance).toBe(before.body.balance);
      const seen = await api.ok(caseEndpoints.myFeedbackResponses, { token });
      expect(seen.body.items).toEqual([expect.objectContaining({ caseId, responses: ["voucher"] })]);
      // Another member sees neither the voucher nor the case.
      const other = await makeMember(api);
      const otherToken = await other.signIn();
      expect((await api.ok(loyaltyEndpoints.myVouchers, { token: otherToken })).body.items).toEqual([]);
      expect((await api.ok(caseEndpoints.myFeedbackResponses, { token: otherToken })).body.items).toEqual([]);
    });

    it("respects stock: none left → out_of_stock and nothing written", async () => {
      const reward = await makeReward(api, { stock: 0 }, mgr);
      const { caseId, member } = await detractorCase();
      const res = await api.refused(caseEndpoints.grantVoucher, {
        token: mgr,
        params: { caseId },
        body: { rewardId: reward.id, idempotencyKey: key() },
      });
      expect(res).toMatchObject({ status: 409, body: { error: { code: "out_of_stock" } } });
      expect(await api.database.db.select().from(vouchers).where(eq(vouchers.memberId, member.card.memberId))).toHaveLength(0);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
    });
  });

  describe("through the answer endpoint", () => {
    let surveyId: string;
    beforeAll(async () => {
      const token = await consoleSession(api, "manager");
      const created = await api.ok(surveyEndpoints.createSurvey, {
        token,
        body: {
          kind: "nps",
          name: "Sau mua hàng",
          question: { vi: "Bạn có giới thiệu quán không?", en: "Would you recommend us?" },
          followUps: {},
          ...SURVEY_DEFAULTS,
        },
      });
      surveyId = created.body.id;
      await api.ok(surveyEndpoints.activateSurvey, { token, params: { surveyId } });
    });
    const casesOf = (memberId: string) => api.database.db.select().from(feedbackCases).where(eq(feedbackCases.memberId, memberId));
    const tap = (token: string, score: number, clientAnswerId = key()) =>
      api.call("POST", `/members/me/surveys/${surveyId}/answers`, { token, body: { score, clientAnswerId } });

    it("a detractor's tap opens exactly one case, also when the same tap and other taps arrive at once", async () => {
      const m = await makeMember(api);
      const token = await m.signIn();
      const same = key();
      const results = await Promise.all([tap(token, 2, same), tap(token, 2, same), tap(token, 3), tap(token, 2, same)]);
      expect(
        results.map((r) => r.status).every((s) => s === 200 || s === 201),
        JSON.stringify(results.map((r) => r.body)),
      ).toBe(true);
      const cases = await casesOf(m.card.memberId);
      expect(cases).toHaveLength(1);
      expect(await eventsOf(cases[0]!.id)).toContain("opened");
    });

    it("a promoter's tap opens none; a change to a good score inside the window keeps the case, marked changed", async () => {
      const promoter = await makeMember(api);
      expect((await tap(await promoter.signIn(), 10)).status).toBe(201);
      expect(await casesOf(promoter.card.memberId)).toHaveLength(0);
      const m = await makeMember(api);
      const token = await m.signIn();
      expect((await tap(token, 1)).status).toBe(201);
      api.clock.advance(60_000);
      const changed = await tap(await m.signIn(), 9);
      expect(changed.body).toMatchObject({ changed: true, score: 9 });
      const cases = await casesOf(m.card.memberId);
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ status: "open", openedScore: 1, score: 9, currentAnswerId: changed.body.answerId });
      expect(cases[0]!.answerChangedAt).not.toBeNull();
    });
  });

  describe("who may do what, and bad input", () => {
    it("marketers read but do not act; members and staff are refused; another brand's case is not found", async () => {
      const { caseId } = await detractorCase();
      const marketer = await consoleSession(api, "marketer");
      await api.ok(caseEndpoints.listCases, { token: marketer });
      await api.ok(caseEndpoints.getCase, { token: marketer, params: { caseId } });
      await api.ok(caseEndpoints.caseMetrics, { token: marketer });
      const acts = await api.refused(caseEndpoints.addNote, {
        token: marketer,
        params: { caseId },
        body: { kind: "called", idempotencyKey: key() },
      });
      expect(acts).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
      const m = await makeMember(api);
      const asMember = await api.refused(caseEndpoints.listCases, { token: await m.signIn() });
      expect(asMember.status).toBe(403);
      const unknown = await api.refused(caseEndpoints.getCase, { token: mgr, params: { caseId: randomUUID() } });
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: "case_not_found" } } });
      const noAuth = await api.call("GET", "/console/cases");
      expect(noAuth.status).toBe(401);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
    });

    it("bad input is a 4xx with a stable code and writes nothing", async () => {
      const { caseId } = await detractorCase();
      const bad = [
        { path: `/console/cases/${caseId}/close`, body: { outcome: "fixed", idempotencyKey: key() } },
        { path: `/console/cases/${caseId}/close`, body: { outcome: "resolved", idempotencyKey: "short" } },
        { path: `/console/cases/${caseId}/notes`, body: { kind: "note", idempotencyKey: key() } },
        { path: `/console/cases/${caseId}/notes`, body: { kind: "note", note: "x".repeat(1001), idempotencyKey: key() } },
        { path: `/console/cases/${caseId}/notes`, body: { kind: "shout", note: "!", idempotencyKey: key() } },
        { path: `/console/cases/${caseId}/apology-voucher`, body: { rewardId: "not-a-uuid", idempotencyKey: key() } },
        { path: `/console/cases/not-a-uuid/close`, body: { outcome: "resolved", idempotencyKey: key() } },
      ];
      for (const { path, body } of bad) {
        const res = await api.call("POST", path, { token: mgr, body });
        expect(res.status, path + JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe("invalid_request");
      }
      const missingReward = await api.refused(caseEndpoints.grantVoucher, {
        token: mgr,
        params: { caseId },
        body: { rewardId: randomUUID(), idempotencyKey: key() },
      });
      expect(missingReward).toMatchObject({ status: 404, body: { error: { code: "reward_not_found" } } });
      const list = await api.call("GET", "/console/cases?limit=0", { token: mgr });
      expect(list.status).toBe(400);
      expect(await eventsOf(caseId)).toEqual(["opened"]);
      const [row] = await api.database.db
        .select()
        .from(feedbackCases)
        .where(and(eq(feedbackCases.id, caseId)));
      expect(row).toMatchObject({ status: "open", firstResponseAt: null, assignedTo: null });
    });
  });

  describe("privacy", () => {
    it("the member's export has their cases with the history, managers' notes marked internal; deletion erases the notes, keeps cases and times", async () => {
      const { caseId, member } = await detractorCase();
      mgr = await consoleSession(api, "manager");
      await api.ok(caseEndpoints.addNote, {
        token: mgr,
        params: { caseId },
        body: { kind: "note", note: "Khách nói số 0901 234 567, gọi sau 17 giờ", idempotencyKey: key() },
      });
      await api.ok(caseEndpoints.closeCase, {
        token: mgr,
        params: { caseId },
        body: { outcome: "resolved", note: "Đã xin lỗi chị Góp Ý", idempotencyKey: key() },
      });
      const token = await member.signIn();
      const exported = (await api.ok(preferenceEndpoints.exportData, { token })).body;
      expect(exported.feedbackCases).toEqual([
        expect.objectContaining({ store: store.name, kind: "nps", score: 3, status: "closed", outcome: "resolved" }),
      ]);
      expect(exported.feedbackCases[0]!.history).toEqual([
        expect.objectContaining({ kind: "opened" }),
        expect.objectContaining({ kind: "note", internalNote: "Khách nói số 0901 234 567, gọi sau 17 giờ" }),
        expect.objectContaining({ kind: "closed", outcome: "resolved", internalNote: "Đã xin lỗi chị Góp Ý" }),
      ]);
      const before = await api.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));

      await api.ok(preferenceEndpoints.erase, { token, body: { confirm: true } });
      const after = await api.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
      expect(after.map((e) => e.note)).toEqual([null, null, null]);
      expect(after.map((e) => [e.kind, e.at.getTime(), e.outcome])).toEqual(before.map((e) => [e.kind, e.at.getTime(), e.outcome]));
      const [row] = await api.database.db.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
      expect(row).toMatchObject({ status: "closed", outcome: "resolved", score: 3 });
      // Another member's case keeps its notes.
      const other = await detractorCase();
      await api.ok(caseEndpoints.addNote, {
        token: mgr,
        params: { caseId: other.caseId },
        body: { kind: "note", note: "Giữ lại", idempotencyKey: key() },
      });
      await api.ok(preferenceEndpoints.erase, { token: await (await makeMember(api)).signIn(), body: { confirm: true } });
      const kept = await api.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, other.caseId));
      expect(kept.map((e) => e.note)).toContain("Giữ lại");
    });
  });
});
