import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { WEBHOOK_SILENCE_MS } from "../../src/domain/messaging/zalo-link";
import { ZNS_PARAM_TYPES, type ZnsParamType } from "../../src/domain/messaging/zns-template";
import { createApp } from "../../src/server/app";
import { auditEvents, brands, oaLimits, oaLink, oaTokens, znsTemplates } from "../../src/server/db/schema";
import { oaTokenStore } from "../../src/server/features/messaging/oa-token-store";
import { webhookSignature } from "../../src/server/features/messaging/webhook";
import { refreshOaToken } from "../../src/server/zalo/oa-token";
import { ZaloFake } from "../fakes/zalo-fake";
import { testApi, type TestApi } from "../support/api";

/**
 * Issue 16, "Connect the Zalo OA": the page that tells an admin what to register at Zalo and
 * whether it works — webhook URL and last event, the domain verification file served by us,
 * "check connection" against the fake Zalo in plain codes, and the template sync.
 */
describe("the console's Zalo page", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let brandId: string;
  let admin: string;
  let manager: string;
  let marketer: string;
  const key = randomBytes(32);
  const code = "AbC123_x-9ZqWe";

  beforeAll(async () => {
    api = await testApi();
    fake = await new ZaloFake("fake-app", "fake-app-secret").start();
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: 1_000 };
    api.deps.oaConnect = {
      oauth,
      store: oaTokenStore(api.database.db, key, api.clock.now, (r) => refreshOaToken(oauth, r)),
      api: { znsUrl: fake.url, openapiUrl: fake.url, timeoutMs: 1_000 },
    };
    api.deps.config.oaId = fake.oaId;
    [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
  });
  afterAll(async () => {
    await fake.stop();
    await api.close();
  });
  beforeEach(async () => {
    await api.database.db.delete(oaTokens);
    await api.database.db.delete(oaLink);
    await api.database.db.delete(oaLimits);
    api.deps.config.oaId = fake.oaId;
    // Fresh sessions: a test moves the clock by a day, past a console session's life.
    const signIn = async (role: "admin" | "manager" | "marketer") =>
      (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body.session.accessToken;
    [admin, manager, marketer] = [await signIn("admin"), await signIn("manager"), await signIn("marketer")];
  });

  const connect = async () => api.deps.oaConnect!.store.save(brandId, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
  const root = (path: string) => createApp(api.deps).request(path);
  const event = async (name: string, sign = true) => {
    const timestamp = String(api.clock.now());
    const raw = JSON.stringify({ event_name: name, app_id: "x", timestamp, sender: { id: fake.oaId }, message: {} });
    const signature = sign ? webhookSignature(api.deps.config.webhook!, raw, timestamp) : "mac=" + "0".repeat(64);
    return api.call("POST", "/webhooks/zalo", { rawBody: raw, headers: { "x-zevent-signature": signature } });
  };

  it("shows what to register at Zalo: the webhook URL, the redirect URI, the Mini App's link; admins only", async () => {
    const { body } = await api.ok(messagingEndpoints.zaloLink, { token: admin });
    expect(body).toMatchObject({
      transport: "zalo",
      oa: { state: "not_connected", redirectUri: "http://localhost:3000/api/console/messaging/oa/callback" },
      webhook: { url: "http://localhost:3000/api/webhooks/zalo", health: "not_needed", lastEventAt: null },
      siteVerification: { code: null, fileUrl: null },
      miniApp: { appId: "3423472366583461276", deepLinkBase: "https://zalo.me/s/3423472366583461276/" },
      lastCheck: null,
    });
    expect((await api.refused(messagingEndpoints.zaloLink, { token: manager })).status).toBe(403);
    expect((await api.refused(messagingEndpoints.checkConnection, { token: marketer })).status).toBe(403);
  });

  it("serves Zalo's domain verification file for the saved code only, audited; a bad code changes nothing", async () => {
    expect((await root(`/zalo_verifier${code}.html`)).status).toBe(404);
    for (const bad of ["short", 'abcdefgh"><b>', "a".repeat(129), 42])
      expect(
        (await api.refused(messagingEndpoints.siteVerification, { token: admin, body: { code: bad as string } })).body.error.code,
      ).toBe("invalid_request");
    expect((await api.refused(messagingEndpoints.siteVerification, { token: manager, body: { code } })).status).toBe(403);

    const { body } = await api.ok(messagingEndpoints.siteVerification, { token: admin, body: { code } });
    expect(body.siteVerification).toEqual({
      code,
      fileUrl: `http://localhost:3000/zalo_verifier${code}.html`,
      metaTag: `<meta name="zalo-platform-site-verification" content="${code}">`,
    });
    const file = await root(`/zalo_verifier${code}.html`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/text\/html/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await file.text()).toContain(`<meta name="zalo-platform-site-verification" content="${code}">`);
    expect((await root(`/zalo_verifier${code}X.html`)).status).toBe(404);
    // Saving the same code again writes no second audit row.
    await api.ok(messagingEndpoints.siteVerification, { token: admin, body: { code } });
    await api.ok(messagingEndpoints.siteVerification, { token: admin, body: { code: null } });
    expect((await root(`/zalo_verifier${code}.html`)).status).toBe(404);
    const audit = await api.database.db.select().from(auditEvents).where(eq(auditEvents.action, "zalo_site_verification_changed"));
    expect(audit.map((a) => a.detail)).toEqual([
      { from: null, to: code },
      { from: code, to: null },
    ]);
  });

  it("notes the last accepted webhook event and the last refused for its signature; a day of silence is flagged", async () => {
    await connect();
    expect((await api.ok(messagingEndpoints.zaloLink, { token: admin })).body.webhook.health).toBe("never");
    expect((await event("user_received_message")).status).toBe(200);
    let link = (await api.ok(messagingEndpoints.zaloLink, { token: admin })).body.webhook;
    expect(link).toMatchObject({ health: "ok", lastEventName: "user_received_message", lastRejectedAt: null });
    expect(link.lastEventAt).toBe(new Date(api.clock.now()).toISOString());

    api.clock.advance(1000);
    expect((await event("follow", false)).status).toBe(401);
    link = (await api.ok(messagingEndpoints.zaloLink, { token: admin })).body.webhook;
    expect(link.lastRejectedAt).toBe(new Date(api.clock.now()).toISOString());
    expect(link.lastEventName).toBe("user_received_message");

    api.clock.advance(WEBHOOK_SILENCE_MS);
    const later = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "admin" } })).body.session.accessToken;
    expect((await api.ok(messagingEndpoints.zaloLink, { token: later })).body.webhook.health).toBe("silent");
  });

  it("checks the connection: not connected says so and skips the calls", async () => {
    const { body } = await api.ok(messagingEndpoints.checkConnection, { token: admin });
    expect(body.checks).toEqual([
      { check: "token", result: "not_connected", zaloError: null },
      { check: "oa", result: "skipped", zaloError: null },
      { check: "zns", result: "skipped", zaloError: null },
      { check: "webhook", result: "webhook_never", zaloError: null },
    ]);
  });

  it("checks the connection against Zalo: the OA's name and quota kept; another OA, a refused token and no answer in words", async () => {
    await connect();
    fake.znsDailyQuota = 10_000;
    await event("user_received_message");
    const ok = (await api.ok(messagingEndpoints.checkConnection, { token: admin })).body;
    expect(ok.checks.map((c) => c.result)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(ok).toMatchObject({ oaName: fake.oaName, dailyQuota: 10_000 });
    const link = (await api.ok(messagingEndpoints.zaloLink, { token: admin })).body;
    expect(link).toMatchObject({ oaName: fake.oaName, dailyQuota: 10_000, lastCheck: ok });
    expect((await api.database.db.select().from(oaLimits))[0]!.dailyQuota).toBe(10_000);

    api.deps.config.oaId = "999";
    expect((await api.ok(messagingEndpoints.checkConnection, { token: admin })).body.checks[1]).toMatchObject({ result: "oa_mismatch" });

    fake.expireOaTokens();
    const refused = (await api.ok(messagingEndpoints.checkConnection, { token: admin })).body.checks;
    expect(refused[1]).toEqual({ check: "oa", result: "token_refused", zaloError: -216 });
    expect(refused[2]).toEqual({ check: "zns", result: "token_refused", zaloError: -124 });

    fake.failNext("http500", "garbage");
    await connect();
    const down = (await api.ok(messagingEndpoints.checkConnection, { token: admin })).body.checks;
    expect(down.slice(1, 3).map((c) => c.result)).toEqual(["unreachable", "unreachable"]);
    fake.znsDailyQuota = Number.POSITIVE_INFINITY;
  });

  it("says the sandbox has nothing to check or sync", async () => {
    const saved = api.deps.oaConnect;
    api.deps.oaConnect = null;
    try {
      expect((await api.refused(messagingEndpoints.checkConnection, { token: admin })).body.error.code).toBe("oa_connect_unavailable");
      expect((await api.refused(messagingEndpoints.syncTemplates, { token: manager })).body.error.code).toBe("oa_connect_unavailable");
      expect((await api.ok(messagingEndpoints.zaloLink, { token: admin })).body.transport).toBe("sandbox");
    } finally {
      api.deps.oaConnect = saved;
    }
  });

  it("syncs templates: Zalo's approved ones against the registry, with what differs; marketers may not", async () => {
    expect((await api.refused(messagingEndpoints.syncTemplates, { token: manager })).body.error.code).toBe("oa_not_connected");
    await connect();
    const ours = await api.database.db
      .select({ znsTemplateId: znsTemplates.znsTemplateId, params: znsTemplates.params })
      .from(znsTemplates)
      .where(eq(znsTemplates.brandId, brandId));
    expect(ours.length).toBeGreaterThan(1);
    const [same, changed, ...rest] = ours;
    fake.znsTemplates.clear();
    fake.znsTemplateMeta.clear();
    // Zalo has the first as registered, the second with a parameter more and disabled, and one new template.
    fake.znsTemplates.set(
      same!.znsTemplateId,
      same!.params.map((p) => p.name),
    );
    fake.znsTemplateMeta.set(same!.znsTemplateId, {
      maxLength: Object.fromEntries(same!.params.map((p) => [p.name, lengthOf(p.type)])),
    });
    fake.znsTemplates.set(changed!.znsTemplateId, [...changed!.params.map((p) => p.name), "extra_param"]);
    fake.znsTemplateMeta.set(changed!.znsTemplateId, {
      status: "DISABLE",
      maxLength: Object.fromEntries(changed!.params.map((p) => [p.name, lengthOf(p.type)])),
    });
    fake.znsTemplates.set("777001", ["customer_name", "order_code"]);
    fake.znsTemplates.set("777002", ["x"]);
    fake.znsTemplateMeta.set("777002", { status: "REJECT" });

    expect((await api.refused(messagingEndpoints.syncTemplates, { token: marketer })).status).toBe(403);
    const { body } = await api.ok(messagingEndpoints.syncTemplates, { token: manager });
    const byZaloId = new Map(body.items.map((i) => [i.state === "missing_at_zalo" ? i.znsTemplateId : i.template.templateId, i]));
    expect(byZaloId.get(same!.znsTemplateId)).toMatchObject({ state: "matches" });
    expect(byZaloId.get(changed!.znsTemplateId)).toMatchObject({
      state: "differs",
      differences: [{ code: "not_enabled" }, { code: "param_missing", param: "extra_param" }],
    });
    expect(byZaloId.get("777001")).toMatchObject({
      state: "new",
      suggested: [
        { name: "customer_name", type: "customer_name" },
        { name: "order_code", type: "code" },
      ],
    });
    // Neither registered nor enabled: not listed.
    expect(byZaloId.has("777002")).toBe(false);
    for (const t of rest) expect(byZaloId.get(t.znsTemplateId)).toMatchObject({ state: "missing_at_zalo" });
    // Nothing was written: registering stays the manager's decision.
    expect(await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.brandId, brandId))).toHaveLength(ours.length);

    fake.expireOaTokens();
    const refused = await api.refused(messagingEndpoints.syncTemplates, { token: manager });
    expect(refused.status).toBe(424);
    expect(refused.body.error).toMatchObject({ code: "zalo_refused", params: { zaloError: -124 } });
    await connect();
    fake.failNext("timeout");
    expect((await api.refused(messagingEndpoints.syncTemplates, { token: manager })).body.error.code).toBe("zalo_unreachable");
  });
});

/** The registry's types' limits (zns-template.ts), so the fake answers the same lengths. */
const lengthOf = (type: ZnsParamType) => ZNS_PARAM_TYPES[type];
