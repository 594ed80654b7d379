import { and, eq, inArray } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { vietnamDayNumber } from "../../src/domain/loyalty/vietnam-time";
import { messageQuota, messages, oaLimits, znsTemplates } from "../../src/server/db/schema";
import { zaloTransport } from "../../src/server/features/messaging/transports";
import type { MessagingDeps, Transport } from "../../src/server/features/messaging/types";
import { webhookSignature } from "../../src/server/features/messaging/webhook";
import { reconcile, runOnce } from "../../src/server/features/messaging/worker";
import type { Fault, ZaloFake } from "../fakes/zalo-fake";
import { testApi, type TestApi } from "../support/api";
import { eventually } from "../support/eventually";
import { queuedZns, znsRig, type ZnsRig } from "../support/zns";

/**
 * Issue 11 items 5 and 6 against the fake Zalo: our quota count matches what Zalo accepted
 * through in-doubt answers and crashes, Zalo's own figure in its answers caps the day, a
 * refused promotion holds promotions only, and an hourly probe finds a quota that came back.
 */
describe("ZNS quota against the fake Zalo: truthful count, Zalo's figure, promotional holds, hourly probe", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let rig: ZnsRig;
  let brandId: string;
  let care: typeof znsTemplates.$inferSelect;
  let promo: typeof znsTemplates.$inferSelect;
  let real: Transport;
  let quick: Transport;
  let patient: Transport;
  /** A fault for a message's first call, by tracking id; "crash…" stands for the process dying. */
  const firstCall = new Map<string, Fault | "crashBeforeCall" | "crashAfterCall">();
  let onCrash: (() => void) | null = null;
  let d: MessagingDeps;

  beforeAll(async () => {
    api = await testApi();
    rig = await znsRig(api, randomBytes(32));
    ({ fake, brandId } = rig);
    care = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated")))[0]!;
    promo = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.tag, "promotion")))[0]!;
    for (const t of [care, promo])
      fake.znsTemplates.set(
        t.znsTemplateId,
        t.params.map((p) => p.name),
      );
    fake.znsPromoTemplates.add(promo.znsTemplateId);
    const store = rig.store;
    // A short timeout where a test wants unanswered calls, a generous one elsewhere: on a busy
    // machine an answer later than 300 ms is in doubt, and a test of Zalo's figures needs answers.
    quick = zaloTransport({ znsUrl: fake.url, timeoutMs: 300 }, store);
    patient = zaloTransport({ znsUrl: fake.url, timeoutMs: 10_000 }, store);
    real = patient;
    // A process that dies mid-call never finishes its pass: the "crash" faults leave the call
    // hanging forever (the row stays `sending` with its reservation), as after a SIGKILL.
    const transport: Transport = {
      name: "zalo",
      refreshToken: (b) => real.refreshToken(b),
      async send(m, callStarting) {
        const fault = firstCall.get(m.trackingId);
        firstCall.delete(m.trackingId);
        if (fault === "crashBeforeCall" || fault === "crashAfterCall") {
          if (fault === "crashAfterCall") await real.send(m, callStarting);
          onCrash?.();
          return new Promise(() => {});
        }
        if (fault) fake.failNextZns(fault);
        return real.send(m, callStarting);
      },
    };
    d = { ...api.deps.messaging, config: { ...api.deps.messaging.config, transport, reconcileMs: 15 * 60_000 } };
  });
  afterAll(async () => {
    await rig.close();
    await api.close();
  });

  let day = 0;
  beforeEach(async () => {
    // Each test on its own Vietnam day (10:00 there), with nothing left over from the one before.
    api.clock.set(Date.UTC(2026, 10, 24 + day++, 3, 0));
    await api.database.db
      .update(messages)
      .set({ status: "cancelled" })
      .where(inArray(messages.status, ["queued", "sending", "in_doubt"]));
    fake.znsDailyQuota = Number.POSITIVE_INFINITY;
    fake.znsPromoQuota = Number.POSITIVE_INFINITY;
    fake.znsAcceptedTotal = 0;
    fake.znsPromoAccepted = 0;
    real = patient;
  });

  let n = 0;
  const queued = (template = care) => queuedZns(api, brandId, template, `quota-${++n}`);
  const rows = (ids: string[]) => api.database.db.select().from(messages).where(inArray(messages.id, ids));
  const today = async () =>
    (
      await api.database.db
        .select()
        .from(messageQuota)
        .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, vietnamDayNumber(api.clock.now()))))
    )[0]!;
  const znsCalls = () => fake.requests.filter((r) => r.path === "/message/template").length;

  /** One worker pass; a pass whose process "died" mid-call ends there (its promise never settles). */
  function pass(w: MessagingDeps): Promise<number> {
    return new Promise((done, fail) => {
      onCrash = () => done(-1);
      runOnce(w).then(done, fail);
    });
  }
  /**
   * Passes until nothing is claimed, then every delivery event answered, then the clock moves on
   * (an event late only because the machine is busy must not look like one that never came).
   */
  async function passes(count: number, stepMs: number, w = d) {
    for (let i = 0; i < count; i++) {
      while ((await pass(w)) !== 0);
      await fake.settled();
      api.clock.advance(stepMs);
    }
  }

  it("counts exactly what Zalo accepted after in-doubt answers and crashes, once every message is reconciled", async () => {
    fake.znsDailyQuota = 1_000;
    real = quick;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await queued());
    // One in five of each: unanswered and not accepted, accepted but unanswered, the process dying
    // after the call and before it, and a plain send.
    const faults = ["timeout", "acceptThenHang", "crashAfterCall", "crashBeforeCall", null] as const;
    for (const [i, m] of (await rows(ids)).entries()) if (faults[i % 5]) firstCall.set(m.trackingId, faults[i % 5]!);
    // One message a pass, so a "crash" takes down only its own call.
    const oneAtATime = { ...d, config: { ...d.config, batchSize: 1 } };
    await passes(1, 60_000, oneAtATime);
    expect(firstCall.size).toBe(0);
    // Leases end, in-doubt windows pass, the unaccepted ones go again.
    await passes(8, 5 * 60_000, oneAtATime);
    await eventually(async () => expect((await rows(ids)).every((m) => m.status === "delivered")).toBe(true));
    expect(fake.znsDuplicates()).toBe(0);
    expect(fake.znsAcceptedTotal).toBe(20);
    const q = await today();
    // Before: 28 — the crashed and unanswered ones reserved again when sent again.
    expect(q.sent).toBe(fake.znsAcceptedTotal);
    expect((await rows(ids)).every((m) => m.quotaDay === vietnamDayNumber(api.clock.now()))).toBe(true);
  });

  it("counts a message whose delivery event comes after its in-doubt window, once", async () => {
    const id = await queued();
    const hook = fake.webhook;
    fake.webhook = null; // accepted, unanswered, and its event held up somewhere
    fake.failNextZns("acceptThenHang");
    await pass(d);
    api.clock.advance(16 * 60_000);
    await reconcile(d); // the window ended: back to queued, its unit released
    expect(await today()).toMatchObject({ sent: 0 });
    fake.webhook = hook;
    const [m] = await rows([id]);
    const timestamp = String(api.clock.now());
    const raw = JSON.stringify({
      event_name: "user_received_message",
      app_id: api.deps.config.webhook!.appId,
      timestamp,
      message: { msg_id: fake.znsAccepted.get(m!.trackingId)!.msgId, tracking_id: m!.trackingId, delivery_time: timestamp },
    });
    const signature = webhookSignature(api.deps.config.webhook!, raw, timestamp);
    for (let i = 0; i < 2; i++)
      expect((await api.call("POST", "/webhooks/zalo", { rawBody: raw, headers: { "x-zevent-signature": signature } })).status).toBe(200);
    await passes(1, 60_000);
    expect((await rows([id]))[0]).toMatchObject({ status: "delivered" });
    expect(fake.znsDuplicates()).toBe(0);
    expect(await today()).toMatchObject({ sent: 1 });
  });

  it("stops at Zalo's figure when another system uses the same OA, without a refused call", async () => {
    fake.znsDailyQuota = 30;
    fake.useQuotaElsewhere(20);
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push(await queued());
    const before = znsCalls();
    await passes(3, 60_000, { ...d, config: { ...d.config, batchSize: 4 } });
    // Zalo had 10 left: 10 sent, no call refused for quota, the rest wait for tomorrow.
    expect(fake.znsAcceptedTotal).toBe(30);
    expect(znsCalls() - before).toBe(10);
    const all = await rows(ids);
    expect(all.filter((m) => m.status === "delivered" || m.status === "sent")).toHaveLength(10);
    expect(all.filter((m) => m.status === "queued").map((m) => m.lastError)).toEqual(Array(5).fill("daily_quota"));
    expect(await today()).toMatchObject({ sent: 10, zaloUsed: 30, hold: null });
    // Zalo's answers also told us the OA's daily quota.
    expect(await api.database.db.select({ q: oaLimits.dailyQuota }).from(oaLimits).where(eq(oaLimits.brandId, brandId))).toEqual([
      { q: 30 },
    ]);
  });

  it("holds only promotions when Zalo refuses a promotion for quota; care messages keep going", async () => {
    fake.znsDailyQuota = 10_000;
    fake.znsPromoQuota = 1;
    const promos = [await queued(promo), await queued(promo), await queued(promo)];
    const cares = [await queued(), await queued()];
    await passes(1, 60_000);
    expect(fake.znsPromoAccepted).toBe(1);
    // Later the same day: care messages go, the new promotion waits without a call.
    const laterCares = [await queued(), await queued(), await queued()];
    const laterPromo = await queued(promo);
    const before = znsCalls();
    await passes(2, 10 * 60_000);
    expect(znsCalls() - before).toBe(3);
    await eventually(async () => expect((await rows([...cares, ...laterCares])).every((m) => m.status === "delivered")).toBe(true));
    const held = await rows([...promos, laterPromo]);
    expect(held.filter((m) => m.status === "delivered")).toHaveLength(1);
    expect(held.filter((m) => m.status === "queued")).toHaveLength(3);
    expect(held.find((m) => m.id === laterPromo)).toMatchObject({ status: "queued", lastError: "promo_quota" });
    expect(await today()).toMatchObject({ hold: "promotion" });
  });

  it("probes once an hour while Zalo's quota is out, and lets the held messages go as soon as it is back", async () => {
    fake.znsDailyQuota = 2;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await queued());
    await passes(1, 10 * 60_000);
    expect(fake.znsAcceptedTotal).toBe(2);
    // Three hours out of quota, in 10-minute steps: one probe an hour, each refused.
    const before = znsCalls();
    await passes(18, 10 * 60_000);
    expect(znsCalls() - before).toBe(3);
    expect(fake.znsAcceptedTotal).toBe(2);
    expect(await today()).toMatchObject({ hold: "all" });
    // Zalo raises the OA's tier mid-day: within one probe the held messages flow.
    fake.znsDailyQuota = 20;
    const raised = znsCalls();
    await passes(6, 10 * 60_000);
    await eventually(async () => expect((await rows(ids)).every((m) => m.status === "delivered")).toBe(true));
    expect(znsCalls() - raised).toBe(4);
    expect(fake.znsDuplicates()).toBe(0);
    expect(await today()).toMatchObject({ hold: null, sent: 6, zaloUsed: 6 });
  });

  it("probes at the next pass, not within the hour, when Zalo announces a new tier", async () => {
    fake.znsDailyQuota = 2;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await queued());
    await passes(1, 10 * 60_000);
    expect(await today()).toMatchObject({ hold: "all" });
    fake.znsDailyQuota = 20;
    const timestamp = String(api.clock.now());
    const raw = JSON.stringify({
      event_name: "change_oa_daily_quota",
      app_id: api.deps.config.webhook!.appId,
      timestamp,
      quota: { prev_quota: 2, new_quota: 20 },
    });
    const signature = webhookSignature(api.deps.config.webhook!, raw, timestamp);
    expect((await api.call("POST", "/webhooks/zalo", { rawBody: raw, headers: { "x-zevent-signature": signature } })).body).toEqual({
      result: "applied",
    });
    await passes(1, 60_000); // 10 minutes after the hold, 50 before the hourly probe
    await eventually(async () => expect((await rows(ids)).every((m) => m.status === "delivered")).toBe(true));
    expect(await today()).toMatchObject({ hold: null });
  });
});
