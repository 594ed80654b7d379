import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { OA_CONNECT_TTL_MS } from "../../src/domain/messaging/oa-connection";
import { auditEvents, brands, oaConnectStates, oaTokens } from "../../src/server/db/schema";
import { decrypt, oaTokenStore } from "../../src/server/features/messaging/oa-token-store";
import { listZnsTemplates } from "../../src/server/zalo/zns-templates";
import { refreshOaToken } from "../../src/server/zalo/oa-token";
import { ZaloFake } from "../fakes/zalo-fake";
import { testApi, type TestApi } from "../support/api";

/**
 * Issue 16, "Connect Zalo OA": OAuth v4 with PKCE from the console against the fake Zalo, which
 * checks the S256 challenge against the verifier, and lets each code be used once.
 */
describe("connecting the Zalo OA from the console (OAuth v4 with PKCE)", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let brandId: string;
  let admin: string;
  const key = randomBytes(32);

  beforeAll(async () => {
    api = await testApi();
    fake = await new ZaloFake("fake-app", "fake-app-secret").start();
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: 1_000 };
    api.deps.oaConnect = {
      oauth,
      store: oaTokenStore(api.database.db, key, api.clock.now, (r) => refreshOaToken(oauth, r)),
      api: { znsUrl: fake.url, openapiUrl: fake.url, timeoutMs: 1_000 },
    };
    [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    admin = (await signIn("admin")).accessToken;
  });
  afterAll(async () => {
    await fake.stop();
    await api.close();
  });
  beforeEach(async () => {
    fake.consent = "grant";
    await api.database.db.delete(oaTokens);
  });

  async function signIn(role: "admin" | "manager" | "marketer") {
    return (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body.session;
  }
  /** The browser's trip: our connect, Zalo's consent page (the fake), and where Zalo sends it back. */
  async function consent(token = admin) {
    const { body } = await api.ok(messagingEndpoints.oaConnect, { token });
    const page = await fetch(body.consentUrl, { redirect: "manual" });
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get("location")!);
    expect(back.origin + back.pathname).toBe("http://localhost:3000/api/console/messaging/oa/callback");
    return { url: body.consentUrl, callback: back.pathname.replace(/^\/api/, "") + back.search, state: back.searchParams.get("state")! };
  }
  const result = (res: { status: number; headers: Headers }) => {
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!).searchParams.get("oa");
  };
  const stored = async () => api.database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));

  it("connects: consent with an S256 challenge and state, the code exchanged with the verifier, tokens saved encrypted, status connected", async () => {
    const before = (await api.ok(messagingEndpoints.oaStatus, { token: admin })).body;
    expect(before).toMatchObject({ connectable: true, state: "not_connected", expiresAt: null, reconnectNeeded: false });
    expect(before.redirectUri).toBe("http://localhost:3000/api/console/messaging/oa/callback");

    const trip = await consent();
    const consentQuery = new URL(trip.url).searchParams;
    expect(consentQuery.get("app_id")).toBe("fake-app");
    expect(consentQuery.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result(await api.call("GET", trip.callback))).toBe("connected");

    const exchange = fake.requests.filter((r) => r.path === "/v4/oa/access_token").at(-1)!;
    expect(exchange.headers.secret_key).toBe("fake-app-secret");
    const form = new URLSearchParams(exchange.body);
    expect(form.get("grant_type")).toBe("authorization_code");
    expect(form.get("code_verifier")).toBeTruthy();

    const [row] = await stored();
    expect(row!.accessTokenEnc).not.toMatch(/oa-access/);
    const access = decrypt(key, row!.accessTokenEnc);
    expect(access).toMatch(/^oa-access-/);
    expect(row!.expiresAt.getTime()).toBe(api.clock.now() + 90_000_000);

    const status = (await api.ok(messagingEndpoints.oaStatus, { token: admin })).body;
    expect(status).toMatchObject({ state: "connected", reconnectNeeded: false, expiresAt: row!.expiresAt.toISOString() });
    // The ZNS client now works with what was stored: the fake honours the token.
    const token = await api.deps.oaConnect!.store.accessToken(brandId);
    expect(token).toBe(access);
    const list = await listZnsTemplates({ znsUrl: fake.url, timeoutMs: 1_000 }, token!, { offset: 0, limit: 10 });
    expect(list.ok).toBe(true);

    const audit = await api.database.db.select().from(auditEvents).where(eq(auditEvents.action, "oa_connected"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ oaId: fake.oaId });
  });

  it("says when a refresh was refused for good (reconnect needed), and connecting again clears it", async () => {
    expect(result(await api.call("GET", (await consent()).callback))).toBe("connected");
    await api.database.db
      .update(oaTokens)
      .set({ disconnectedAt: new Date(api.clock.now()), disconnectReason: "refresh_token_rejected", disconnectZaloError: -14014 });
    expect((await api.ok(messagingEndpoints.oaStatus, { token: admin })).body).toMatchObject({
      state: "disconnected",
      reconnectNeeded: true,
      zaloError: -14014,
    });
    expect(result(await api.call("GET", (await consent()).callback))).toBe("connected");
    expect((await api.ok(messagingEndpoints.oaStatus, { token: admin })).body).toMatchObject({
      state: "connected",
      reconnectNeeded: false,
    });
  });

  it("refuses a replayed, an unknown and an expired state, saving nothing", async () => {
    const trip = await consent();
    expect(result(await api.call("GET", trip.callback))).toBe("connected");
    await api.database.db.delete(oaTokens);
    expect(result(await api.call("GET", trip.callback))).toBe("state_invalid");
    expect(result(await api.call("GET", trip.callback.replace(trip.state, "x".repeat(32))))).toBe("state_invalid");
    expect(result(await api.call("GET", "/console/messaging/oa/callback?code=abc"))).toBe("state_invalid");

    const late = await consent();
    api.clock.advance(OA_CONNECT_TTL_MS);
    expect(result(await api.call("GET", late.callback))).toBe("state_expired");
    expect(await stored()).toHaveLength(0);
    // The next connection clears the expired flows: only the new one is kept.
    await api.ok(messagingEndpoints.oaConnect, { token: admin });
    expect(await api.database.db.select().from(oaConnectStates)).toHaveLength(1);
  });

  it("refuses a state whose admin's session has ended", async () => {
    const session = await signIn("admin");
    const trip = await consent(session.accessToken);
    await api.ok(authEndpoints.consoleLogout, { token: session.accessToken });
    expect(result(await api.call("GET", trip.callback))).toBe("state_invalid");
    expect(await stored()).toHaveLength(0);
  });

  it("a refused exchange (Zalo error, a wrong verifier, Zalo down) or a denied consent gives a typed result and saves nothing", async () => {
    let trip = await consent();
    fake.failNextOauth({ error: -14019, message: "code is invalid" });
    expect(result(await api.call("GET", trip.callback))).toBe("exchange_failed");

    trip = await consent();
    fake.failNextOauth("http500");
    expect(result(await api.call("GET", trip.callback))).toBe("exchange_failed");

    // The verifier is checked by the fake: the code with another flow's state (hence verifier) is refused.
    const a = await consent();
    const b = await consent();
    const code = new URL(`http://x${a.callback}`).searchParams.get("code")!;
    const mixed = `/console/messaging/oa/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(b.state)}`;
    expect(result(await api.call("GET", mixed))).toBe("exchange_failed");

    fake.consent = "deny";
    trip = await consent();
    expect(result(await api.call("GET", trip.callback))).toBe("denied");
    expect(await stored()).toHaveLength(0);
  });

  it("is for admins only: managers and marketers are refused; the callback without a state does nothing", async () => {
    const statesBefore = (await api.database.db.select().from(oaConnectStates)).length;
    for (const role of ["manager", "marketer"] as const) {
      const token = (await signIn(role)).accessToken;
      expect((await api.refused(messagingEndpoints.oaConnect, { token })).status).toBe(403);
      expect((await api.refused(messagingEndpoints.oaStatus, { token })).status).toBe(403);
    }
    expect((await api.refused(messagingEndpoints.oaConnect)).status).toBe(401);
    // Refused before anything was kept.
    expect(await api.database.db.select().from(oaConnectStates)).toHaveLength(statesBefore);
  });

  it("answers hostile callback input with 4xx or a refusal, never 5xx, saving nothing", async () => {
    // Already encoded as they would arrive: huge, NUL, a lone surrogate (raw and as UTF-8 bytes), invalid UTF-8.
    const hostile = ["x".repeat(100_000), "a%00b", "%ED%A0%80", "%uD800", "%FF%FE", "%"];
    for (const q of hostile) {
      for (const name of ["state", "code", "error"]) {
        const v = q;
        const res = await api.call("GET", `/console/messaging/oa/callback?${name}=${q}&state=abc`);
        expect(res.status, `${name}=${v.slice(0, 10)}`).toBeLessThan(500);
      }
    }
    expect(await stored()).toHaveLength(0);
  });

  it("says the connection is unavailable where no Zalo app is configured (the sandbox)", async () => {
    const saved = api.deps.oaConnect;
    api.deps.oaConnect = null;
    try {
      expect((await api.refused(messagingEndpoints.oaConnect, { token: admin })).body.error.code).toBe("oa_connect_unavailable");
      expect((await api.ok(messagingEndpoints.oaStatus, { token: admin })).body.connectable).toBe(false);
    } finally {
      api.deps.oaConnect = saved;
    }
  });
});
