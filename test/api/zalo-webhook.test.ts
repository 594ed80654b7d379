import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { brands, members, messages, znsTemplates } from "../../src/server/db/schema";
import { newTrackingId } from "../../src/server/features/messaging/enqueue";
import { webhookSignature } from "../../src/server/features/messaging/webhook";
import { enrolledMember, testApi, type TestApi } from "../support/api";

describe("Zalo webhook: signed, fresh, applied once", () => {
  let api: TestApi;
  let trackingId: string;
  beforeAll(async () => {
    api = await testApi();
    const m = await enrolledMember(api, "hook-1");
    const [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    const [template] = await api.database.db.select().from(znsTemplates).limit(1);
    trackingId = newTrackingId();
    await api.database.db.insert(messages).values({
      brandId,
      memberId: m.card.memberId,
      templateId: template!.id,
      purpose: "zns_care",
      tag: "customer_care",
      source: "test",
      dedupeKey: "hook-test",
      trackingId,
      templateData: {},
      status: "sent",
      msgId: "zalo-msg-1",
      notBefore: new Date(api.clock.now()),
      sentAt: new Date(api.clock.now()),
    });
  });
  afterAll(() => api.close());

  const event = (over: { msgId?: string; tracking?: string; timestamp?: number; name?: string } = {}) => {
    const timestamp = String(over.timestamp ?? api.clock.now());
    const raw = JSON.stringify({
      event_name: over.name ?? "user_received_message",
      app_id: "sandbox",
      timestamp,
      sender: { id: "oa" },
      recipient: { id: "84912345678" },
      message: { msg_id: over.msgId ?? "zalo-msg-1", tracking_id: over.tracking ?? trackingId, delivery_time: timestamp },
    });
    return { raw, signature: webhookSignature(api.deps.config.webhook, raw, timestamp) };
  };
  const post = (raw: string, signature?: string) =>
    api.call("POST", "/webhooks/zalo", { rawBody: raw, headers: signature ? { "x-zevent-signature": signature } : {} });
  const status = async () => (await api.database.db.select().from(messages).where(eq(messages.trackingId, trackingId)))[0]!;

  it("refuses a forged signature, a missing one, and a body changed after signing, changing nothing", async () => {
    const e = event();
    expect((await post(e.raw, "mac=" + "0".repeat(64))).body.error.code).toBe("webhook_signature_invalid");
    expect((await post(e.raw)).status).toBe(401);
    expect((await post(e.raw.replace("84912345678", "84900000000"), e.signature)).status).toBe(401);
    expect((await status()).status).toBe("sent");
  });

  it("refuses an event more than 300 seconds from our clock", async () => {
    const old = event({ timestamp: api.clock.now() - 301_000 });
    expect((await post(old.raw, old.signature)).body.error.code).toBe("webhook_signature_invalid");
    const future = event({ timestamp: api.clock.now() + 301_000 });
    expect((await post(future.raw, future.signature)).status).toBe(401);
  });

  it("applies a delivery once, answers 200 to a replay and to an unknown message", async () => {
    const e = event();
    expect((await post(e.raw, e.signature)).body).toEqual({ result: "applied" });
    expect(await status()).toMatchObject({ status: "delivered", deliveredAt: expect.any(Date) });
    expect((await post(e.raw, e.signature)).body).toEqual({ result: "duplicate" });
    const unknown = event({ msgId: "nobody", tracking: "f".repeat(32) });
    expect((await post(unknown.raw, unknown.signature)).body).toEqual({ result: "unknown_message" });
    const other = event({ name: "change_template_status", msgId: "x" });
    expect((await post(other.raw, other.signature)).body).toEqual({ result: "ignored" });
    expect((await api.database.db.select().from(members)).length).toBeGreaterThan(0);
  });

  it("disables a template Zalo paused, and enables it again", async () => {
    const [t] = await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated"));
    const statusEvent = (next: string, at: number) => {
      const timestamp = String(at);
      const raw = JSON.stringify({
        event_name: "change_template_status",
        app_id: "sandbox",
        timestamp,
        template_id: t!.znsTemplateId,
        status: { prev_status: "ENABLE", new_status: next },
        reason: "quality",
      });
      return { raw, signature: webhookSignature(api.deps.config.webhook, raw, timestamp) };
    };
    const paused = statusEvent("PAUSE", api.clock.now());
    expect((await post(paused.raw, paused.signature)).body).toEqual({ result: "applied" });
    expect((await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.id, t!.id)))[0]!.active).toBe(false);
    expect((await post(paused.raw, paused.signature)).body).toEqual({ result: "duplicate" });
    const enabled = statusEvent("ENABLE", api.clock.now() + 1);
    expect((await post(enabled.raw, enabled.signature)).body).toEqual({ result: "applied" });
    expect((await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.id, t!.id)))[0]!.active).toBe(true);
  });

  it("takes the OA's new daily quota from change_oa_daily_quota, once, and the console shows it", async () => {
    const timestamp = String(api.clock.now());
    const raw = JSON.stringify({
      event_name: "change_oa_daily_quota",
      app_id: "sandbox",
      timestamp,
      quota: { prev_quota: 5000, new_quota: 20000 },
    });
    const sig = webhookSignature(api.deps.config.webhook, raw, timestamp);
    expect((await post(raw, sig)).body).toEqual({ result: "applied" });
    expect((await post(raw, sig)).body).toEqual({ result: "duplicate" });
    const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    const quota = await api.ok(messagingEndpoints.quota, { token: manager });
    expect(quota.body).toMatchObject({ dailyQuota: 20_000, promoCap: 10_000 });
    const nonsense = JSON.stringify({ event_name: "change_oa_daily_quota", app_id: "sandbox", timestamp, quota: { new_quota: "lots" } });
    expect((await post(nonsense, webhookSignature(api.deps.config.webhook, nonsense, timestamp))).body).toEqual({ result: "ignored" });
  });
});
