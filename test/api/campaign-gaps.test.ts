/**
 * Campaign gaps (issue 15; decisions 0034 and 0038 addenda), through the HTTP API and the worker's
 * real claim path, stepped by hand (a transport that holds its calls until the test opens it):
 * a cancel or a pause that lands while a batch is claimed lets nothing more go out; a resume plans
 * the held messages again over today's quota; the control group's windows open where the arms'
 * sends do; reversed earns are not conversions.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { DAY_MS, vietnamDayNumber } from "../../src/domain/loyalty/vietnam-time";
import { members, messageQuota, messages, sandboxInbox, znsCampaignRecipients, znsTemplates } from "../../src/server/db/schema";
import { PAUSED_UNTIL } from "../../src/server/features/campaigns/transitions";
import type { Transport } from "../../src/server/features/messaging/types";
import { runOnce } from "../../src/server/features/messaging/worker";
import { testApi, type TestApi } from "../support/api";
import { promoAudience } from "../support/zns";
import { consoleSession, makeStaff, makeStore, testBrand, type TestStaff } from "../support/factories";
import { earnAt } from "../support/loyalty";

const MEMBERS = 24;
const T0 = Date.UTC(2026, 10, 24, 3, 0); // 10:00 in Vietnam: no quiet hours
const HOUR = 3_600_000;
/** 08:00 in Vietnam on the day `days` after T0's: when a promotion plan's later day opens. */
const opensOn = (days: number) => T0 + days * DAY_MS - 2 * HOUR;

/** The sandbox, but each call waits at a gate the test opens: the batch is claimed and its calls are about to start. */
function gated(inner: Transport) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let entered!: () => void;
  const firstCall = new Promise<void>((r) => (entered = r));
  const transport: Transport = {
    name: inner.name,
    refreshToken: (brandId) => inner.refreshToken(brandId),
    async send(m, callStarting) {
      entered();
      await gate;
      return inner.send(m, callStarting);
    },
  };
  return { transport, open, firstCall };
}

describe("campaign gaps: cancel and pause under a claimed batch, resume re-plans, comparable control windows, reversed earns", () => {
  let api: TestApi;
  let marketer: string;
  let manager: string;
  let brandId: string;
  let templateId: string;
  let segmentId: string;
  let storeId: string;
  let cashier: TestStaff;
  let sandbox: Transport;
  const cards = new Map<string, { memberId: string; qrSecret: string }>();

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(T0);
    const db = api.database.db;
    brandId = (await testBrand(api)).id;
    sandbox = api.deps.messaging.config.transport;
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    const [template] = await db
      .insert(znsTemplates)
      .values({
        brandId,
        name: "Ưu đãi",
        znsTemplateId: "309902",
        tag: "promotion",
        preview: "<ten_khach_hang> ơi, ưu đãi mới đang chờ bạn",
        params: [{ name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" }],
      })
      .returning();
    templateId = template!.id;
    storeId = (await makeStore(api)).id;
    cashier = await makeStaff(api, { id: storeId, name: "" });
    // Ours only: the seed's demo members are set aside (erased members match no segment).
    for (const [id, card] of await promoAudience(api, { brandId, prefix: "gap", count: MEMBERS, phonePrefix: "849300", at: T0 }))
      cards.set(id, card);
    await signIn();
    const rule = { type: "group" as const, combine: "and" as const, items: [] };
    segmentId = (await api.ok(segmentEndpoints.createSegment, { token: marketer, body: { name: "Tất cả", rule } })).body.id;
  });
  afterAll(() => api.close());

  /** Console sessions expire: a fresh one after the clock moved. */
  async function signIn() {
    marketer = await consoleSession(api, "marketer");
    manager = await consoleSession(api, "manager");
  }

  async function sendCampaign(name: string, controlPercent: number, conversionDays = 7) {
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: {
        name,
        segmentId,
        segmentVersion: 1,
        arms: [{ key: "A", templateId, params: [], sharePercent: 100 - controlPercent }],
        controlPercent,
        conversionDays,
        schedule: { kind: "now" },
        important: false,
      },
    });
    const sent = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(sent.body.status).toBe("sending");
    return sent.body;
  }
  const transition = (campaignId: string, action: "cancel" | "pause" | "resume", basedOnVersion: number) =>
    api.ok(campaignEndpoints.transitionCampaign, { token: marketer, params: { campaignId }, body: { action, basedOnVersion } });
  const messagesOf = (campaignId: string) =>
    api.database.db
      .select()
      .from(messages)
      .where(eq(messages.source, `campaign:${campaignId}`));
  const inboxOf = async (campaignId: string) => {
    const tracking = (await messagesOf(campaignId)).map((m) => m.trackingId);
    return api.database.db.select().from(sandboxInbox).where(inArray(sandboxInbox.trackingId, tracking));
  };
  const quotaToday = async () =>
    (
      await api.database.db
        .select()
        .from(messageQuota)
        .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, vietnamDayNumber(api.clock.now()))))
    )[0] ?? { sent: 0, promo: 0 };
  /** One worker pass whose calls wait at a gate while `during` runs: the batch is claimed, nothing has been sent. */
  async function passWith(during: () => Promise<void>): Promise<number> {
    const g = gated(sandbox);
    api.deps.messaging.config.transport = g.transport;
    try {
      const pass = runOnce(api.deps.messaging);
      await g.firstCall;
      await during();
      g.open();
      return await pass;
    } finally {
      api.deps.messaging.config.transport = sandbox;
    }
  }

  it("cancel while a batch is claimed: nothing more goes out, the claimed messages are cancelled and their quota given back", async () => {
    const c = await sendCampaign("Huỷ giữa chừng", 0);
    const before = await quotaToday();
    const claimed = await passWith(async () => {
      const inFlight = (await messagesOf(c.id)).filter((m) => m.status === "sending");
      expect(inFlight.length).toBe(MEMBERS);
      expect((await transition(c.id, "cancel", c.version)).body.status).toBe("cancelled");
    });
    expect(claimed).toBe(MEMBERS);
    expect(await inboxOf(c.id)).toEqual([]);
    const after = await messagesOf(c.id);
    expect(after.map((m) => m.status)).toEqual(Array(MEMBERS).fill("cancelled"));
    expect(after.every((m) => m.quotaDay === null && m.leaseBy === null && m.lastError === null)).toBe(true);
    expect(await quotaToday()).toMatchObject({ sent: before.sent, promo: before.promo });
    // Later passes find nothing of it.
    expect(await runOnce(api.deps.messaging)).toBe(0);
    expect(await inboxOf(c.id)).toEqual([]);
  });

  it("a pause under a claimed batch holds it; the resume plans what is left over today's remaining quota", async () => {
    // 10 a day, half for promotions: 5 promotions a day.
    api.deps.messaging.config.dailyQuota = 10;
    const c = await sendCampaign("Tạm dừng rồi tiếp tục", 0);
    const planned = await messagesOf(c.id);
    const at = (ms: number) => planned.filter((m) => m.notBefore.getTime() === ms).length;
    expect([at(T0), at(opensOn(1)), at(opensOn(2)), at(opensOn(3)), at(opensOn(4))]).toEqual([5, 5, 5, 5, 4]);
    expect(await runOnce(api.deps.messaging)).toBe(5);
    expect((await inboxOf(c.id)).length).toBe(5);

    // Day 2, 10:00: the day's five are claimed, and the campaign is paused before their calls.
    api.clock.set(T0 + DAY_MS);
    await signIn();
    let version = c.version;
    const claimed = await passWith(async () => {
      const paused = await transition(c.id, "pause", version);
      expect(paused.body.status).toBe("paused");
      version = paused.body.version;
    });
    expect(claimed).toBe(5);
    expect((await inboxOf(c.id)).length).toBe(5);
    const held = (await messagesOf(c.id)).filter((m) => m.status === "queued");
    expect(held.length).toBe(MEMBERS - 5);
    expect(held.every((m) => m.notBefore.getTime() === PAUSED_UNTIL.getTime() && m.quotaDay === null)).toBe(true);
    expect(await quotaToday()).toMatchObject({ sent: 0, promo: 0 });
    expect(await runOnce(api.deps.messaging)).toBe(0);

    // Other promotions used 3 of today's 5 meanwhile: the resume places 2 today, then 5 a day.
    await api.database.db
      .insert(messageQuota)
      .values({ brandId, day: vietnamDayNumber(api.clock.now()), sent: 3, promo: 3 })
      .onConflictDoUpdate({ target: [messageQuota.brandId, messageQuota.day], set: { sent: 3, promo: 3 } });
    api.clock.advance(HOUR);
    await signIn();
    const now = api.clock.now();
    expect((await transition(c.id, "resume", version)).body.status).toBe("sending");
    const replanned = (await messagesOf(c.id)).filter((m) => m.status === "queued");
    const on = (ms: number) => replanned.filter((m) => m.notBefore.getTime() === ms).length;
    expect([on(now), on(opensOn(2)), on(opensOn(3)), on(opensOn(4)), on(opensOn(5))]).toEqual([2, 5, 5, 5, 2]);
    const days = await api.database.db
      .select({ day: znsCampaignRecipients.planDay, n: sql<number>`count(*)::int` })
      .from(znsCampaignRecipients)
      .innerJoin(messages, and(eq(messages.memberId, znsCampaignRecipients.memberId), eq(messages.source, `campaign:${c.id}`)))
      .where(and(eq(znsCampaignRecipients.campaignId, c.id), eq(messages.status, "queued")))
      .groupBy(znsCampaignRecipients.planDay)
      .orderBy(znsCampaignRecipients.planDay);
    expect(days.map((d) => [d.day, Number(d.n)])).toEqual([
      [1, 2],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 2],
    ]);
    expect(await runOnce(api.deps.messaging)).toBe(2);
    expect((await inboxOf(c.id)).length).toBe(7);
    expect(await quotaToday()).toMatchObject({ sent: 5, promo: 5 });
    const current = await api.ok(campaignEndpoints.getCampaign, { token: marketer, params: { campaignId: c.id } });
    await transition(c.id, "cancel", current.body.version);
  });

  it("control windows open where their counterparts' sends do; reversed earns are no conversions", async () => {
    // A fresh day, 2 promotions a day: the arm's sends spread over days.
    api.clock.set(T0 + 20 * DAY_MS);
    api.deps.messaging.config.dailyQuota = 4;
    await signIn();
    const start = api.clock.now();
    const c = await sendCampaign("Nhóm đối chứng công bằng", 50, 3);
    expect(await runOnce(api.deps.messaging)).toBe(2);
    const db = api.database.db;
    const rows = await db
      .select({ memberId: znsCampaignRecipients.memberId, arm: znsCampaignRecipients.arm, planDay: znsCampaignRecipients.planDay })
      .from(znsCampaignRecipients)
      .innerJoin(members, eq(members.id, znsCampaignRecipients.memberId))
      .where(eq(znsCampaignRecipients.campaignId, c.id))
      .orderBy(asc(members.memberSeq));
    const arm = rows.filter((r) => r.arm === "A");
    const control = rows.filter((r) => r.arm === "control");
    // 24 members split 50/50 by hash: the arm needs a member on day 2 or later, the control group one member.
    expect(arm.length).toBeGreaterThanOrEqual(3);
    expect(control.length).toBeGreaterThanOrEqual(1);
    const sentBy = new Map((await messagesOf(c.id)).map((m) => [m.memberId, m]));
    const pairOf = (j: number) => arm[Math.floor((j * arm.length) / control.length)]!;
    const opensOf = (memberId: string) => {
      const m = sentBy.get(memberId)!;
      return (m.sentAt ?? m.notBefore).getTime();
    };
    // The last control member's counterpart goes on a later day, not at the start.
    const late = control[control.length - 1]!;
    const lateOpens = opensOf(pairOf(control.length - 1).memberId);
    expect(pairOf(control.length - 1).planDay).toBeGreaterThanOrEqual(2);
    expect(lateOpens).toBeGreaterThan(start + 12 * HOUR);

    const buy = (memberId: string, at: number, billVnd: number, receiptNo: string) =>
      earnAt(api, { cashier, storeId, card: cards.get(memberId)! }, at, billVnd, receiptNo);
    // The late control member buys an hour after the start: before their counterpart's send, so
    // not in their window (counted from the start, it would have been); then again inside it.
    await buy(late.memberId, start + HOUR, 90_000, "G-1");
    await buy(late.memberId, lateOpens + HOUR, 140_000, "G-2");
    // Two of the arm's day-1 recipients buy after their send; one bill is reversed by a manager.
    const [a1, a2] = arm;
    await buy(a1!.memberId, opensOf(a1!.memberId) + 2 * HOUR, 200_000, "G-3");
    const reversed = await buy(a2!.memberId, opensOf(a2!.memberId) + 2 * HOUR, 310_000, "G-4");
    await signIn();
    await api.ok(loyaltyEndpoints.reverse, { token: manager, params: { entryId: reversed }, body: { reason: "Hoá đơn bị huỷ" } });

    api.clock.set(start + 30 * DAY_MS);
    await signIn();
    const { body: r } = await api.ok(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId: c.id } });
    const group = (g: string) => r.groups.find((x) => x.group === g)!;
    expect(group("A")).toMatchObject({ recipients: arm.length, converted: 1, revenueVnd: 200_000 });
    expect(group("control")).toMatchObject({ recipients: control.length, converted: 1, revenueVnd: 140_000 });
  });
});
