/**
 * The scheduler's passes of the trigger kinds that follow the ledger and the cases (issue 15;
 * decision 0039): points expiring within N days, win-back after N days without a visit (with
 * its voucher, one per member), the post-purchase survey N hours after an earn, and the
 * detractor apology after the manager closes the case. For each: the preview ("who would get it
 * today") counts exactly what the pass then sends and records without consent; concurrent and
 * repeated passes send one message per member and occurrence; a member without consent gets none.
 * The demo seed's members take part too (their lots and visits are real), so the checks compare
 * the preview with the pass as a whole and follow this file's own members one by one.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEndpoints } from "../../src/contract/endpoints/cases";
import { triggerEndpoints } from "../../src/contract/endpoints/triggers";
import type { TriggerKind } from "../../src/domain/triggers/triggers";
import { PURPOSES, type ConsentPurpose } from "../../src/domain/consent/purposes";
import {
  feedbackCases,
  messages,
  pointLots,
  rewards,
  surveys,
  surveyVersions,
  triggerFirings,
  users,
  vouchers,
  znsTemplates,
} from "../../src/server/db/schema";
import { znsAskDeliveries } from "../../src/server/features/messaging/survey-delivery";
import { createApp } from "../../src/server/app";
import { runOnce } from "../../src/server/features/messaging/worker";
import { fireTriggers } from "../../src/server/features/triggers/fire";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { answerAndOpen, makeSurvey } from "../support/cases";
import { consoleSession, importedEarn, makeReward, makeStore, testBrand, type TestStore } from "../support/factories";

const H = 3_600_000;
const DAY = 24 * H;
const LINK_BASE = "https://loyal.example";

describe("trigger passes: points expiring, win-back, post-purchase survey, detractor apology", () => {
  let api: TestApi;
  let brandId: string;
  let store: TestStore;
  let marketer: string;
  let promo: typeof znsTemplates.$inferSelect;
  let apology: typeof znsTemplates.$inferSelect;
  let n = 0;

  beforeAll(async () => {
    api = await testApi();
    // 10:00 on 10 December 2026 in Vietnam.
    api.clock.set(Date.UTC(2026, 11, 10, 3, 0));
    brandId = (await testBrand(api)).id;
    store = await makeStore(api);
    const templates = await api.database.db.select().from(znsTemplates);
    promo = templates.find((t) => t.tag === "promotion" && !t.trigger)!;
    marketer = await consoleSession(api, "marketer");
  });
  afterAll(() => api.close());

  /** A member of this file, with a phone, consenting to `purpose` or not. */
  async function member(purpose: ConsentPurpose, consent: boolean) {
    const m = await enrolledMember(api, `pass-${n++}-${randomUUID().slice(0, 6)}`, `Khách ${n}`);
    await api.database.db
      .update(users)
      .set({ phone: `8493${String(1_000_000 + n)}` })
      .where(eq(users.id, m.user.id));
    if (consent)
      await api.call("POST", "/members/me/consents", {
        token: m.session.accessToken,
        body: { purpose, granted: true, wordingVersion: PURPOSES[purpose].version },
      });
    return { id: m.card.memberId, consent };
  }
  const earnAt = (memberId: string, at: number) =>
    importedEarn(api, { memberId, storeId: store.id, receiptNo: `R-${randomUUID().slice(0, 8)}`, billVnd: 100_000, at });

  const switchOn = async (kind: TriggerKind, body: { templateId: string | null; settings: Record<string, unknown> }) => {
    marketer = await consoleSession(api, "marketer");
    const list = await api.ok(triggerEndpoints.listTriggers, { token: marketer });
    const version = list.body.items.find((t) => t.kind === kind)!.version;
    await api.ok(triggerEndpoints.updateTrigger, {
      token: marketer,
      params: { kind },
      body: { enabled: true, params: [], basedOnVersion: version, ...body },
    });
  };
  const preview = async (kind: TriggerKind) =>
    (await api.ok(triggerEndpoints.previewTrigger, { token: await consoleSession(api, "marketer"), params: { kind } })).body;
  const firings = (kind: TriggerKind) =>
    api.database.db
      .select()
      .from(triggerFirings)
      .where(and(eq(triggerFirings.brandId, brandId), eq(triggerFirings.kind, kind)));
  /** The messages the trigger's firings queued. */
  async function sentBy(kind: TriggerKind) {
    const ids = (await firings(kind)).flatMap((f) => (f.messageId ? [f.messageId] : []));
    return ids.length ? api.database.db.select().from(messages).where(inArray(messages.id, ids)) : [];
  }
  /** Five passes at once, then one more: the preview's count is what was queued, its "without consent" what was refused. */
  async function passesMatch(kind: TriggerKind, seen: { count: number; withoutConsent: number }) {
    const before = await firings(kind);
    const fire = () => fireTriggers(api.database.db, api.clock.now(), { kinds: [kind], clickLinkBase: LINK_BASE });
    await Promise.all([0, 1, 2, 3, 4].map(fire));
    await fire();
    const fresh = (await firings(kind)).filter((f) => !before.some((b) => b.id === f.id));
    expect(fresh.filter((f) => f.outcome === "queued").length).toBe(seen.count);
    expect(fresh.filter((f) => f.outcome === "no_consent" || f.outcome === "not_delivered").length).toBe(seen.withoutConsent);
    expect(fresh.length).toBe(seen.count + seen.withoutConsent);
    const sent = await sentBy(kind);
    // One message per occurrence key, whatever the number of passes.
    expect(new Set(sent.map((m) => m.dedupeKey)).size).toBe(sent.length);
    expect(await preview(kind)).toMatchObject({ count: 0, withoutConsent: 0 });
    return fresh;
  }
  const outcomesOf = async (kind: TriggerKind, memberId: string) =>
    (await firings(kind)).filter((f) => f.memberId === memberId).map((f) => [f.period, f.outcome]);

  it("points expiring within 7 days: once per member and expiry date, never without consent", async () => {
    const now = api.clock.now();
    const soon = [await member("zns_promo", true), await member("zns_promo", true), await member("zns_promo", false)];
    const later = await member("zns_promo", true);
    for (const m of [...soon, later]) await earnAt(m.id, now - DAY);
    // The lots expire in 3 days (within the window) and in 9 days (not yet).
    const setExpiry = (id: string, at: number) =>
      api.database.db
        .update(pointLots)
        .set({ expiresAt: new Date(at) })
        .where(eq(pointLots.memberId, id));
    for (const m of soon) await setExpiry(m.id, now + 3 * DAY);
    await setExpiry(later.id, now + 9 * DAY);
    await switchOn("points_expiring", { templateId: promo.id, settings: { withinDays: 7 } });

    const seen = await preview("points_expiring");
    expect(seen.count).toBeGreaterThanOrEqual(2);
    expect(seen.sample.filter((s) => soon.some((m) => m.id === s.memberId)).every((s) => s.period === "2026-12-13")).toBe(true);
    await passesMatch("points_expiring", seen);
    for (const m of soon) expect(await outcomesOf("points_expiring", m.id)).toEqual([["2026-12-13", m.consent ? "queued" : "no_consent"]]);
    expect(await outcomesOf("points_expiring", later.id)).toEqual([]);
    const mine = (await sentBy("points_expiring")).filter((s) => [...soon, later].some((m) => m.id === s.memberId));
    expect(mine.map((s) => s.dedupeKey).sort()).toEqual(
      soon
        .filter((m) => m.consent)
        .map((m) => `trigger:points_expiring:${m.id}:2026-12-13`)
        .sort(),
    );

    // Four days on: the later lot's expiry (19 December) is within 7 days, a new occurrence; the first is not told again.
    api.clock.advance(4 * DAY);
    const next = await preview("points_expiring");
    await passesMatch("points_expiring", next);
    expect(await outcomesOf("points_expiring", later.id)).toEqual([["2026-12-19", "queued"]]);
    for (const m of soon) expect((await outcomesOf("points_expiring", m.id)).length).toBe(1);
  });

  it("win-back after 60 days without a visit: one message and one voucher per member, none without consent", async () => {
    const now = api.clock.now();
    const reward = await makeReward(api, { stock: 100 });
    const lapsed = [await member("zns_promo", true), await member("zns_promo", true), await member("zns_promo", false)];
    const recent = await member("zns_promo", true);
    for (const m of lapsed) await earnAt(m.id, now - 70 * DAY);
    // A visit 30 days ago keeps a member out, even with an older one 70 days ago.
    await earnAt(recent.id, now - 70 * DAY);
    await earnAt(recent.id, now - 30 * DAY);
    await switchOn("win_back", { templateId: promo.id, settings: { afterDays: 60, rewardId: reward.id } });

    const stockBefore = (await api.database.db.select().from(rewards).where(eq(rewards.id, reward.id)))[0]!.stock!;
    const seen = await preview("win_back");
    expect(seen.count).toBeGreaterThanOrEqual(2);
    const fresh = await passesMatch("win_back", seen);
    const period = "2026-10-05"; // the last visit's Vietnam date, 70 days before 14 December
    for (const m of lapsed) expect(await outcomesOf("win_back", m.id)).toEqual([[period, m.consent ? "queued" : "no_consent"]]);
    expect(await outcomesOf("win_back", recent.id)).toEqual([]);
    // The voucher travels with the message: one per member messaged, none for the others, stock down by as many.
    const issued = await api.database.db.select().from(vouchers).where(eq(vouchers.rewardId, reward.id));
    const queued = fresh.filter((f) => f.outcome === "queued");
    expect(issued.map((v) => v.memberId).sort()).toEqual(queued.map((f) => f.memberId).sort());
    expect(new Set(issued.map((v) => v.memberId)).size).toBe(issued.length);
    expect(queued.every((f) => f.voucherId !== null)).toBe(true);
    expect((await api.database.db.select().from(rewards).where(eq(rewards.id, reward.id)))[0]!.stock).toBe(stockBefore - issued.length);

    // The next day nothing more: the occurrence is the last visit, not the day.
    api.clock.advance(DAY);
    await fireTriggers(api.database.db, api.clock.now(), { kinds: ["win_back"] });
    expect((await api.database.db.select().from(vouchers).where(eq(vouchers.rewardId, reward.id))).length).toBe(issued.length);
    expect((await sentBy("win_back")).length).toBe(queued.length);
  });

  it("post-purchase survey 2 hours after an earn: once per purchase, by care consent, never before it is due", async () => {
    const db = api.database.db;
    await db.insert(znsTemplates).values({
      brandId,
      name: "Đánh giá sau mua hàng",
      znsTemplateId: `rating-${randomUUID().slice(0, 8)}`,
      tag: "customer_care",
      kind: "rating",
      trigger: "survey_rating",
      preview: "<ten_khach_hang> ơi, bạn thấy lần ghé quán <ma_giao_dich> thế nào?",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "ma_giao_dich", type: "code", source: { field: "transaction_code" } },
      ],
    });
    const survey = await makeSurvey(api, brandId, "csat");
    // Asked by a ZNS rating message (the survey's definition decides the channel), so consent applies.
    const [version] = await db.select().from(surveyVersions).where(eq(surveyVersions.surveyId, survey.id));
    await db
      .update(surveyVersions)
      .set({ definition: { ...version!.definition, channel: "zns_rating" } })
      .where(eq(surveyVersions.surveyId, survey.id));
    await db.update(surveys).set({ channel: "zns_rating" }).where(eq(surveys.id, survey.id));
    await switchOn("post_purchase_survey", { templateId: null, settings: { delayHours: 2 } });
    const start = api.clock.now();
    const buyers = [await member("zns_care", true), await member("zns_care", true), await member("zns_care", false)];
    const lateBuyer = await member("zns_care", true);
    // A purchase before the trigger was switched on is never asked about.
    const before = await member("zns_care", true);
    await earnAt(before.id, start - 10 * 60_000);
    for (const m of buyers) await earnAt(m.id, start + 10 * 60_000);
    await earnAt(lateBuyer.id, start + 90 * 60_000);

    // 2 h 30 after the switch: the first purchases are due, the later one (at 1 h 30) is not yet.
    api.clock.set(start + 150 * 60_000);
    // What the server hands the scheduler (messaging/setup.ts); the link's token plays no part in a rating.
    const deliveries = znsAskDeliveries({ token: (ask) => `ask-${ask.id}` });
    const seen = await preview("post_purchase_survey");
    expect(seen.count).toBe(2);
    expect(seen.withoutConsent).toBe(1);
    const fire = () => fireTriggers(db, api.clock.now(), { kinds: ["post_purchase_survey"], surveyDeliveries: deliveries });
    await Promise.all([0, 1, 2, 3, 4].map(fire));
    await fire();
    for (const m of buyers)
      expect((await outcomesOf("post_purchase_survey", m.id)).map(([, o]) => o)).toEqual([m.consent ? "queued" : "not_delivered"]);
    for (const m of [lateBuyer, before]) expect(await outcomesOf("post_purchase_survey", m.id)).toEqual([]);
    const sent = await sentBy("post_purchase_survey");
    expect(sent.map((s) => s.memberId).sort()).toEqual(
      buyers
        .filter((m) => m.consent)
        .map((m) => m.id)
        .sort(),
    );
    expect(sent.every((s) => s.source === "trigger:survey_rating" && s.surveyAskId !== null)).toBe(true);
    expect(await preview("post_purchase_survey")).toMatchObject({ count: 0, withoutConsent: 0 });

    // An hour later the later purchase is due; nobody is asked twice.
    api.clock.advance(H);
    expect((await preview("post_purchase_survey")).count).toBe(1);
    await Promise.all([0, 1, 2].map(fire));
    expect((await outcomesOf("post_purchase_survey", lateBuyer.id)).map(([, o]) => o)).toEqual(["queued"]);
    expect((await sentBy("post_purchase_survey")).length).toBe(3);
  });

  it("detractor apology after the manager closes the case: one per case, by care consent, none for cases closed before", async () => {
    const db = api.database.db;
    const nps = (await makeSurvey(api, brandId, "nps")) as { id: string; kind: "nps" };
    const caseOf = async (m: { id: string }) =>
      (await answerAndOpen(api, { brandId, survey: nps, memberId: m.id, score: 2, storeId: store.id, reasons: ["slow"] })).result!.caseId;
    const close = async (caseId: string) =>
      api.ok(caseEndpoints.closeCase, {
        token: await consoleSession(api, "manager"),
        params: { caseId },
        body: { outcome: "resolved", idempotencyKey: randomUUID() },
      });
    const early = await member("zns_care", true);
    const earlyCase = await caseOf(early);
    await close(earlyCase);
    api.clock.advance(60_000);
    // A care template whose button opens the Mini App: trigger messages get click links as campaigns' do.
    const [apologyTemplate] = await db
      .insert(znsTemplates)
      .values({
        brandId,
        name: "Lời xin lỗi",
        znsTemplateId: `apology-${randomUUID().slice(0, 8)}`,
        tag: "customer_care",
        trigger: null,
        preview: "<ten_khach_hang> ơi, quán xin lỗi. Xem ưu đãi: <link>",
        params: [
          { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
          { name: "link", type: "url", source: { field: "deep_link" } },
        ],
      })
      .returning();
    apology = apologyTemplate!;
    await switchOn("detractor_apology", { templateId: apology.id, settings: {} });
    const unhappy = [await member("zns_care", true), await member("zns_care", true), await member("zns_care", false)];
    const cases: string[] = [];
    for (const m of unhappy) cases.push(await caseOf(m));
    const stillOpen = await member("zns_care", true);
    await caseOf(stillOpen);
    api.clock.advance(30 * 60_000);
    for (const id of cases) await close(id);

    const seen = await preview("detractor_apology");
    expect(seen).toMatchObject({ count: 2, withoutConsent: 1 });
    await passesMatch("detractor_apology", seen);
    for (const [i, m] of unhappy.entries())
      expect(await outcomesOf("detractor_apology", m.id)).toEqual([[cases[i], m.consent ? "queued" : "no_consent"]]);
    for (const m of [early, stillOpen]) expect(await outcomesOf("detractor_apology", m.id)).toEqual([]);
    const sent = await sentBy("detractor_apology");
    expect(sent.map((s) => s.dedupeKey).sort()).toEqual(
      unhappy.flatMap((m, i) => (m.consent ? [`trigger:detractor_apology:${m.id}:${cases[i]}`] : [])).sort(),
    );
    // Reopened and closed again, the same case is not apologised for twice.
    const mgr = await consoleSession(api, "manager");
    await api.ok(caseEndpoints.reopenCase, { token: mgr, params: { caseId: cases[0]! }, body: { idempotencyKey: randomUUID() } });
    api.clock.advance(60_000);
    await close(cases[0]!);
    expect((await db.select().from(feedbackCases).where(eq(feedbackCases.id, cases[0]!)))[0]!.status).toBe("closed");
    await fireTriggers(db, api.clock.now(), { kinds: ["detractor_apology"] });
    expect((await sentBy("detractor_apology")).length).toBe(sent.length);
  });

  it("shows the apology's results: sent, delivered, failed by reason, one click per member, conversions within 7 days, by day", async () => {
    const db = api.database.db;
    while ((await runOnce(api.deps.messaging)) > 0);
    const queued = (await firings("detractor_apology")).filter((f) => f.outcome === "queued");
    expect(queued).toHaveLength(2);
    const [first, second] = queued;
    const sent = await sentBy("detractor_apology");
    // The message's button is our short link, one code per message.
    for (const f of queued) expect(sent.find((m) => m.id === f.messageId)!.templateData.link).toBe(`${LINK_BASE}/c/${f.clickCode}`);
    // Opened twice by the first member (one click), never by the second; an unknown code changes nothing.
    // The short link is served outside /api (campaigns/clicks.ts), so through the app itself.
    const app = createApp(api.deps);
    for (let i = 0; i < 2; i++) expect((await app.request(`/c/${first!.clickCode}`)).status).toBe(302);
    expect((await app.request(`/c/${"x".repeat(22)}`)).status).toBe(404);
    // The first member comes back 2 days later (converted), the second 8 days later (outside the window).
    const fired = first!.firedAt.getTime();
    await earnAt(first!.memberId, fired + 2 * DAY);
    await earnAt(second!.memberId, fired + 8 * DAY);
    const { body } = await api.ok(triggerEndpoints.triggerResults, {
      token: await consoleSession(api, "marketer"),
      params: { kind: "detractor_apology" },
    });
    expect(body.firings).toEqual({ queued: 2, no_consent: 1 });
    expect(body.messages).toMatchObject({ total: 2, sent: 2, failed: 0, pending: 0 });
    expect(body.failedByReason).toEqual([]);
    // Per channel: triggers send ZNS; the channel the console shows in words.
    expect(body.byChannel).toEqual([{ channel: "zns", sent: 2, delivered: body.messages.delivered, failed: 0 }]);
    expect(body.clicks).toBe(1);
    expect(body.conversion).toEqual({ days: 7, recipients: 2, converted: 1 });
    expect(body.days).toEqual([{ date: "2026-12-15", sent: 2, clicks: 1, conversions: 1 }]);
    expect((await db.select().from(triggerFirings).where(eq(triggerFirings.id, first!.id)))[0]!.clickedAt).not.toBeNull();
  });
});
