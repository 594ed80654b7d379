import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONSOLE_CSRF_HEADER } from "../../src/contract/console-auth";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { ZALO_LOGIN_TTL_MS } from "../../src/domain/identity/zalo-login";
import { auditEvents, consoleZaloStates, sessions, users } from "../../src/server/db/schema";
import { ZaloFake, type FakeUser } from "../fakes/zalo-fake";
import { testApi, type TestApi } from "../support/api";

/**
 * Console Zalo login (docs/decisions/0040, addendum): OAuth v4 with PKCE at Zalo's user
 * endpoints against the fake Zalo, which checks the S256 challenge against the verifier and lets
 * each code be used once; the state is used once and bound to the browser that started; the Zalo
 * id is linked from the account page, then signs in alone. (Cancelling an invitation: console-signin.test.ts.)
 */

const CSRF = { [CONSOLE_CSRF_HEADER]: "1" };
const CALLBACK = "http://localhost:3000/api/console/auth/zalo/callback";

/** The value of a cookie a response set ("" when cleared), or undefined. */
function setCookie(headers: Headers, name: string): { value: string; attributes: string } | undefined {
  const line = headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(";");
  return { value: pair!.slice(name.length + 1), attributes: attributes.join(";") };
}

describe("console sign-in with Zalo (OAuth v4, PKCE)", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let manager: { access: string; id: string };
  const lan: FakeUser = { id: "zalo-lan-1001", name: "Nguyễn Thị Lan" };

  beforeAll(async () => {
    api = await testApi();
    fake = await new ZaloFake("fake-app", "fake-app-secret").start();
    api.deps.zaloLogin = {
      oauth: { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: 1_000 },
      graph: { graphUrl: fake.url, appSecret: fake.appSecret, timeoutMs: 1_000 },
    };
    const login = await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } });
    manager = { access: login.body.session.accessToken, id: login.body.user.id };
  });
  afterAll(async () => {
    await fake.stop();
    await api.close();
  });
  beforeEach(() => {
    fake.consent = "grant";
    fake.zaloSession = lan;
  });

  /**
   * The browser's trip: our start (or link), Zalo's consent page (the fake), and the redirect back.
   * Returns the callback path with its query and the binding cookie the browser holds.
   */
  async function consent(startWith: () => Promise<{ status: number; body: any; headers: Headers }>) {
    const started = await startWith();
    expect(started.status).toBe(200);
    const binding = setCookie(started.headers, "ll_console_zalo")!;
    expect(binding.attributes).toMatch(/HttpOnly/i);
    expect(binding.attributes).toMatch(/SameSite=Lax/i);
    expect(binding.attributes).toMatch(/Path=\/api\/console\/auth\/zalo/);
    const page = await fetch(started.body.consentUrl, { redirect: "manual" });
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(CALLBACK);
    return {
      consentUrl: started.body.consentUrl as string,
      callback: back.pathname.replace(/^\/api/, "") + back.search,
      cookie: `ll_console_zalo=${binding.value}`,
    };
  }
  const startSignIn = () => api.call("POST", "/console/auth/zalo/start");
  const startLink = (token = manager.access) => api.call("POST", "/console/account/zalo/link", { token });
  /** Where the callback sent the browser: the console page and ?zalo=<result>. */
  function landing(res: { status: number; headers: Headers }) {
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    return { page: to.pathname, result: to.searchParams.get("zalo") };
  }
  const finish = (trip: { callback: string; cookie: string }, cookie = trip.cookie) =>
    api.call("GET", trip.callback, { headers: cookie ? { cookie } : {} });

  it("is offered only where a Zalo app is configured", async () => {
    expect((await api.call("GET", "/health")).body.consoleZaloLogin).toBe(true);
    const status = await api.ok(authEndpoints.consoleZaloStatus, { token: manager.access });
    expect(status.body).toEqual({ available: true, linked: false, linkedAt: null });
    const saved = api.deps.zaloLogin;
    api.deps.zaloLogin = null;
    try {
      expect((await api.refused(authEndpoints.consoleZaloStart)).body.error.code).toBe("zalo_login_unavailable");
      expect((await api.call("GET", "/health")).body.consoleZaloLogin).toBe(false);
    } finally {
      api.deps.zaloLogin = saved;
    }
  });

  it("an unlinked Zalo account does not sign in: the console says so, no session is made", async () => {
    const before = await api.database.db.select().from(sessions);
    const trip = await consent(startSignIn);
    const query = new URL(trip.consentUrl).searchParams;
    expect(new URL(trip.consentUrl).pathname).toBe("/v4/permission");
    expect(query.get("app_id")).toBe("fake-app");
    expect(query.get("redirect_uri")).toBe(CALLBACK);
    expect(query.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await finish(trip);
    expect(landing(res)).toEqual({ page: "/console/login", result: "not_linked" });
    expect(setCookie(res.headers, "ll_console_refresh")).toBeUndefined();
    expect(await api.database.db.select().from(sessions)).toHaveLength(before.length);
  });

  it("links the manager's Zalo account from the account page, audited; then Zalo alone signs them in", async () => {
    const link = await consent(() => startLink());
    expect(landing(await finish(link))).toEqual({ page: "/console/account/sessions", result: "linked" });
    const status = await api.ok(authEndpoints.consoleZaloStatus, { token: manager.access });
    expect(status.body).toMatchObject({ available: true, linked: true });
    const [row] = await api.database.db.select().from(users).where(eq(users.id, manager.id));
    expect(row!.consoleZaloId).toBe(lan.id);
    // The Mini App identity is untouched: a manager may also be a shopper with a member row.
    expect(row!.zaloId).toBeNull();

    // The user's token exchange carried the verifier whose S256 is the challenge (the fake checks it).
    const exchange = fake.requests.filter((r) => r.path === "/v4/access_token").at(-1)!;
    expect(exchange.headers.secret_key).toBe("fake-app-secret");
    expect(new URLSearchParams(exchange.body).get("grant_type")).toBe("authorization_code");
    expect(new URLSearchParams(exchange.body).get("code_verifier")).toBeTruthy();

    const trip = await consent(startSignIn);
    const res = await finish(trip);
    expect(landing(res)).toEqual({ page: "/console/members", result: "signed_in" });
    // The session is in the refresh cookie: the console resumes it like a new tab.
    const refresh = setCookie(res.headers, "ll_console_refresh")!;
    expect(refresh.attributes).toMatch(/SameSite=Strict/i);
    expect(setCookie(res.headers, "ll_console_zalo")?.value).toBe("");
    const renewed = await api.call("POST", "/console/auth/refresh", {
      headers: { ...CSRF, cookie: `ll_console_refresh=${refresh.value}` },
    });
    expect(renewed.status).toBe(200);
    const me = await api.ok(authEndpoints.me, { token: renewed.body.accessToken });
    expect(me.body.user).toMatchObject({ id: manager.id, role: "manager" });

    const audit = await api.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, manager.id));
    expect(audit.map((a) => [a.action, a.detail])).toEqual(
      expect.arrayContaining([
        ["console_zalo_linked", { change: "linked" }],
        ["console_signed_in", { method: "zalo" }],
      ]),
    );
  });

  it("the state works once, and only in the browser that started (binding cookie); the code works once", async () => {
    const trip = await consent(startSignIn);
    // Another browser (a login-CSRF victim) brought the callback: refused, and the state is spent.
    expect(landing(await finish(trip, "")).result).toBe("state_invalid");
    expect(landing(await finish(trip)).result).toBe("state_invalid");

    const other = await consent(startSignIn);
    expect(landing(await finish(other, "ll_console_zalo=somebody-else")).result).toBe("state_invalid");

    // The code replayed against Zalo with the verifier of a new flow: the fake refuses it (used, and another challenge).
    const first = await consent(startSignIn);
    expect(landing(await finish(first)).result).toBe("signed_in");
    const second = await consent(startSignIn);
    const code = new URLSearchParams(first.callback.split("?")[1]).get("code")!;
    const forged = second.callback.replace(/code=[^&]+/, `code=${encodeURIComponent(code)}`);
    expect(landing(await api.call("GET", forged, { headers: { cookie: second.cookie } })).result).toBe("exchange_failed");
  });

  it("a state past its time, a refusal at Zalo, and Zalo not answering each land on words, with nothing signed in", async () => {
    const late = await consent(startSignIn);
    api.clock.advance(ZALO_LOGIN_TTL_MS + 1);
    expect(landing(await finish(late)).result).toBe("state_expired");

    fake.consent = "deny";
    expect(landing(await finish(await consent(startSignIn))).result).toBe("denied");
    fake.consent = "grant";

    const down = await consent(startSignIn);
    fake.failNext("http500");
    const res = await finish(down);
    expect(landing(res).result).toBe("exchange_failed");
    expect(setCookie(res.headers, "ll_console_refresh")).toBeUndefined();

    // A query that is not text is refused before any state is looked at.
    expect((await api.call("GET", "/console/auth/zalo/callback?state=%00")).status).toBe(400);
  });

  it("a Zalo account links to one console user of the brand; unlinking ends Zalo sign-in for it, audited", async () => {
    const marketer = await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } });
    // Lan's Zalo account is the manager's (linked above): the marketer cannot take it.
    const taken = await consent(() => startLink(marketer.body.session.accessToken));
    expect(landing(await finish(taken))).toEqual({ page: "/console/account/sessions", result: "already_linked" });

    await api.ok(authEndpoints.consoleZaloUnlink, { token: manager.access });
    expect((await api.ok(authEndpoints.consoleZaloStatus, { token: manager.access })).body.linked).toBe(false);
    expect(landing(await finish(await consent(startSignIn))).result).toBe("not_linked");
    // Now the marketer may link it.
    expect(landing(await finish(await consent(() => startLink(marketer.body.session.accessToken)))).result).toBe("linked");
    const unlinked = await api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, manager.id), eq(auditEvents.action, "console_zalo_linked")));
    expect(unlinked.map((a) => a.detail)).toEqual(expect.arrayContaining([{ change: "unlinked" }]));
  });

  it("a link flow whose session ended meanwhile links nothing", async () => {
    const admin = await api.ok(authEndpoints.consoleDevLogin, { body: { role: "admin" } });
    fake.zaloSession = { id: "zalo-admin-77", name: "Quản Trị" };
    const trip = await consent(() => startLink(admin.body.session.accessToken));
    await api.call("POST", "/console/auth/logout", { token: admin.body.session.accessToken });
    expect(landing(await finish(trip)).result).toBe("state_invalid");
    const [row] = await api.database.db.select().from(users).where(eq(users.id, admin.body.user.id));
    expect(row!.consoleZaloId).toBeNull();
  });

  it("a deactivated user's Zalo account does not sign in; the states table keeps only live flows", async () => {
    const admin = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "admin" } })).body.session.accessToken;
    const invite = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "marketer", displayName: "Đỗ Tạm Nghỉ" } });
    const accepted = await api.call("POST", "/console/auth/invite", {
      body: { token: new URL(invite.body.url).searchParams.get("token")! },
    });
    const userId = accepted.body.user.id as string;
    fake.zaloSession = { id: "zalo-paused-5", name: "Đỗ Tạm Nghỉ" };
    expect(landing(await finish(await consent(() => startLink(accepted.body.session.accessToken)))).result).toBe("linked");
    await api.ok(authEndpoints.consoleChangeUser, { token: admin, params: { userId }, body: { active: false } });
    const res = await finish(await consent(startSignIn));
    expect(landing(res)).toEqual({ page: "/console/login", result: "suspended" });
    expect(setCookie(res.headers, "ll_console_refresh")).toBeUndefined();

    api.clock.advance(ZALO_LOGIN_TTL_MS + 1);
    await consent(startSignIn);
    expect(await api.database.db.select().from(consoleZaloStates)).toHaveLength(1);
  });
});
