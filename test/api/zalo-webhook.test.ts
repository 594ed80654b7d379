import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { brands, members, messages, oaLimits, znsTemplates } from "../../src/server/db/schema";
import { parseEnv } from "../../src/server/env";
import { newTrackingId } from "../../src/server/features/messaging/enqueue";
import { SANDBOX_WEBHOOK, webhookSecrets } from "../../src/server/features/messaging/setup";
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
    return { raw, signature: webhookSignature(api.deps.config.webhook!, raw, timestamp) };
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
      return { raw, signature: webhookSignature(api.deps.config.webhook!, raw, timestamp) };
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
    const sig = webhookSignature(api.deps.config.webhook!, raw, timestamp);
    expect((await post(raw, sig)).body).toEqual({ result: "applied" });
    expect((await post(raw, sig)).body).toEqual({ result: "duplicate" });
    const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    const quota = await api.ok(messagingEndpoints.quota, { token: manager });
    expect(quota.body).toMatchObject({ dailyQuota: 20_000, promoCap: 10_000 });
    const nothing = JSON.stringify({ event_name: "change_oa_daily_quota", app_id: "sandbox", timestamp, quota: {} });
    expect((await post(nothing, webhookSignature(api.deps.config.webhook!, nothing, timestamp))).body).toEqual({ result: "ignored" });
  });

  /** An event signed with the test's key, whatever its body. */
  const signed = (body: Record<string, unknown>, timestamp: unknown = String(api.clock.now())) => {
    const raw = JSON.stringify({ app_id: "sandbox", ...body, timestamp });
    return { raw, signature: webhookSignature(api.deps.config.webhook!, raw, String(timestamp)) };
  };

  it("answers 400, never 500, to null, non-object bodies, non-numeric timestamps, impossible delivery times and quotas", async () => {
    for (const raw of ["null", "[]", "5", '"event"', "true", "{}", '{"timestamp":null}', '{"timestamp":{"a":1}}']) {
      const res = await post(raw, "mac=" + "0".repeat(64));
      expect([res.status, res.body.error.code], raw).toEqual([400, "invalid_request"]);
    }
    const limitsBefore = await api.database.db.select().from(oaLimits);
    for (const timestamp of ["abc", "1e3", "-5", "", "1700000000000.5", " 1700000000000", "9".repeat(40)]) {
      // Signed correctly over the odd timestamp: before, NaN was never "stale", so these applied.
      const e = signed({ event_name: "change_oa_daily_quota", quota: { new_quota: 1 } }, timestamp);
      const res = await post(e.raw, e.signature);
      expect([res.status, res.body.error?.code], timestamp).toEqual([400, "invalid_request"]);
    }
    for (const delivery_time of [1e20, "99999999999999999999", "soon", -1, { at: 1 }, api.clock.now() + 2 * 86_400_000]) {
      const e = signed({ event_name: "user_received_message", message: { msg_id: "zalo-msg-1", tracking_id: trackingId, delivery_time } });
      const res = await post(e.raw, e.signature);
      expect([res.status, res.body.error?.code], JSON.stringify(delivery_time)).toEqual([400, "invalid_request"]);
    }
    for (const new_quota of ["lots", -5, 0, 1.5, 1e20, "1e9", 10_000_001, true]) {
      const e = signed({ event_name: "change_oa_daily_quota", quota: { new_quota } });
      const res = await post(e.raw, e.signature);
      expect([res.status, res.body.error?.code], JSON.stringify(new_quota)).toEqual([400, "invalid_request"]);
    }
    for (const body of [
      { event_name: "change_template_status", data: null, status: "x" },
      { event_name: 5, message: null },
    ]) {
      const e = signed(body);
      expect((await post(e.raw, e.signature)).status, JSON.stringify(body)).toBe(200);
    }
    expect(await api.database.db.select().from(oaLimits)).toEqual(limitsBefore);
  });
});

describe("Zalo webhook with a real Zalo app and no OA secret", () => {
  it("has no key (the sandbox's is only for dev identity) and refuses every event, even one signed with the sandbox key", async () => {
    const real = { ZALO_APP_ID: "123", ZALO_APP_SECRET: "real-app-secret", SESSION_SECRET: "s".repeat(32) };
    expect(webhookSecrets(parseEnv(real))).toBeNull();
    expect(webhookSecrets(parseEnv({ ...real, ZALO_OA_SECRET: "oa-secret" }))).toEqual({ appId: "123", oaSecret: "oa-secret" });
    expect(webhookSecrets(parseEnv({}))).toEqual(SANDBOX_WEBHOOK);

    const api = await testApi({ webhook: webhookSecrets(parseEnv(real)) });
    try {
      const [template] = await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated"));
      const timestamp = String(api.clock.now());
      for (const body of [
        { event_name: "change_oa_daily_quota", quota: { new_quota: 1 } },
        { event_name: "change_template_status", template_id: template!.znsTemplateId, status: { new_status: "DISABLE" } },
      ]) {
        const raw = JSON.stringify({ app_id: "sandbox", timestamp, ...body });
        const res = await api.call("POST", "/webhooks/zalo", {
          rawBody: raw,
          headers: { "x-zevent-signature": webhookSignature(SANDBOX_WEBHOOK, raw, timestamp) },
        });
        expect([res.status, res.body.error.code]).toEqual([401, "webhook_not_configured"]);
      }
      expect(await api.database.db.select().from(oaLimits)).toEqual([]);
      expect((await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.id, template!.id)))[0]!.active).toBe(true);
    } finally {
      await api.close();
    }
  });
});
