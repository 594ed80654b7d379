import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CSRF_HEADER } from "../../src/contract/console-auth";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { openDatabase } from "../../src/server/db/client";
import { auditEvents, brands, consoleInvites, loyaltySettings, sessions, stores, users } from "../../src/server/db/schema";
import { parseEnv } from "../../src/server/env";
import { createInvite, createSetupLink } from "../../src/server/features/auth/invites";
import { issueLoginLink } from "../../src/server/features/auth/login-links";
import { startServer } from "../../src/server/server";
import { testApi, type TestApi } from "../support/api";
import { freshDatabase } from "../support/db";
import { testBrand } from "../support/factories";

/**
 * Console sign-in (docs/decisions/0039): the refresh token in an httpOnly cookie scoped to
 * /api/console, rotated with reuse detection, CSRF-guarded; sessions a user can list and end;
 * invitations by role; admins changing roles and deactivating; the first-run setup.
 */

const CSRF = { [CONSOLE_CSRF_HEADER]: "1" };
const REFRESH = "/console/auth/refresh";

type Jar = { cookie: string | null };

/** The refresh cookie a response set (its value; "" when it was cleared), or undefined. */
function refreshCookie(headers: Headers): { value: string; attributes: string } | undefined {
  const line = headers.getSetCookie().find((c) => c.startsWith("ll_console_refresh="));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(";");
  return { value: pair!.slice("ll_console_refresh=".length), attributes: attributes.join(";") };
}

/** A browser's cookie jar for one site: keeps what responses set, sends it back. */
function keep(jar: Jar, headers: Headers) {
  const set = refreshCookie(headers);
  if (set) jar.cookie = set.value ? `ll_console_refresh=${set.value}` : null;
}

describe("console sessions in a cookie", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  async function devSignIn(role: "manager" | "marketer" | "admin", userAgent = "Mozilla/5.0 Test") {
    const jar: Jar = { cookie: null };
    const res = await api.call("POST", "/console/auth/dev", { body: { role }, headers: { "user-agent": userAgent } });
    expect(res.status).toBe(200);
    keep(jar, res.headers);
    return { jar, access: res.body.session.accessToken as string, headers: res.headers, body: res.body };
  }

  /** A request from the console page: the cookie the browser holds, and the console's header. */
  async function refresh(jar: Jar, headers: Record<string, string> = CSRF) {
    const res = await api.call("POST", REFRESH, { headers: { ...headers, ...(jar.cookie ? { cookie: jar.cookie } : {}) } });
    keep(jar, res.headers);
    return res;
  }

  it("signs in with the refresh token only in an httpOnly, SameSite=Strict cookie scoped to /api/console", async () => {
    const { headers, body } = await devSignIn("manager");
    const cookie = refreshCookie(headers)!;
    expect(cookie.value.length).toBeGreaterThan(30);
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/SameSite=Strict/i);
    expect(cookie.attributes).toMatch(/Path=\/api\/console/);
    expect(cookie.attributes).toMatch(/Max-Age=\d+/);
    // Plain http on localhost (this test's URL): no Secure, or the browser would drop it.
    expect(cookie.attributes).not.toMatch(/Secure/i);
    expect(body.session).not.toHaveProperty("refreshToken");
    expect(JSON.stringify(body)).not.toContain(cookie.value);
  });

  it("marks the cookie Secure on any other host", async () => {
    const res = await api.call("POST", "/console/auth/dev", { body: { role: "manager" } });
    expect(res.status).toBe(200);
    // The test client's requests go to http://localhost; a proxied https host is the real case.
    const app = (await import("../../src/server/app")).createApp(api.deps);
    const secure = await app.request("https://console.example.vn/api/console/auth/dev", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "manager" }),
    });
    expect(refreshCookie(secure.headers)!.attributes).toMatch(/Secure/i);
  });

  it("survives a new tab: a client with nothing but the cookie gets an access token and is signed in", async () => {
    const { jar } = await devSignIn("marketer");
    // The new tab: no access token, only the browser's cookie.
    const res = await refresh(jar);
    expect(res.status).toBe(200);
    const me = await api.ok(authEndpoints.me, { token: res.body.accessToken });
    expect(me.body.user.role).toBe("marketer");
    // And again later (a browser restart): the rotated cookie works in turn.
    api.clock.advance(16 * 60_000);
    const later = await refresh(jar);
    expect(later.status).toBe(200);
    expect((await api.ok(authEndpoints.me, { token: later.body.accessToken })).body.user.role).toBe("marketer");
  });

  it("rotates the cookie's token on every refresh; a retired one presented again ends the whole session", async () => {
    const { jar, access } = await devSignIn("manager");
    const stolen = { ...jar };
    const first = await refresh(jar);
    expect(first.status).toBe(200);
    expect(jar.cookie).not.toBe(stolen.cookie);
    // The copy (taken before the rotation) is replayed: refused, and the family ends.
    const replay = await refresh(stolen);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("refresh_invalid");
    expect(refreshCookie(replay.headers)?.value).toBe("");
    const legit = await refresh(jar);
    expect(legit.status).toBe(401);
    expect((await api.refused(authEndpoints.me, { token: access })).status).toBe(401);
    expect((await api.refused(authEndpoints.me, { token: first.body.accessToken })).status).toBe(401);
  });

  it("refuses a cookie refresh without the console's header or from another site (CSRF), changing nothing", async () => {
    const { jar } = await devSignIn("manager");
    const before = jar.cookie;
    // A cross-site form can send the cookie (were it not SameSite) but not a custom header.
    const noHeader = await refresh(jar, {});
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error.code).toBe("csrf_refused");
    const crossSite = await refresh(jar, { ...CSRF, "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("csrf_refused");
    // A cross-site form posting to the sign-in routes cannot send JSON.
    const form = await api.call("POST", "/console/auth/dev", {
      rawBody: "role=admin",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.cookie! },
    });
    expect(form.status).toBe(415);
    expect(refreshCookie(form.headers)).toBeUndefined();
    // Nothing was rotated or ended by the refused requests.
    expect(jar.cookie).toBe(before);
    expect((await refresh(jar)).status).toBe(200);
  });

  it("logout ends the session on the server and clears the cookie", async () => {
    const { jar, access } = await devSignIn("manager");
    const kept = { ...jar };
    const out = await api.call("POST", "/console/auth/logout", { token: access, headers: { cookie: jar.cookie! } });
    expect(out.status).toBe(204);
    expect(refreshCookie(out.headers)?.value).toBe("");
    expect((await api.refused(authEndpoints.me, { token: access })).status).toBe(401);
    // Even a copy of the cookie kept from before is dead.
    expect((await refresh(kept)).status).toBe(401);
    // Another process (its own session cache) refuses it as well.
    expect((await api.anotherProcess().refused(authEndpoints.me, { token: access })).status).toBe(401);
  });

  it("lists the user's sessions with device, created and last used; ends one, or all the others", async () => {
    const phone = await devSignIn("admin", "Mozilla/5.0 (iPhone) Safari");
    const laptop = await devSignIn("admin", "Mozilla/5.0 (Windows NT 10.0) Chrome/120");
    api.clock.advance(60_000);
    await refresh(phone.jar);
    const list = await api.ok(authEndpoints.consoleSessions, { token: laptop.access });
    const mine = list.body.sessions;
    const laptopRow = mine.find((s) => s.current)!;
    expect(laptopRow.userAgent).toContain("Windows");
    const phoneRow = mine.find((s) => s.userAgent?.includes("iPhone"))!;
    expect(phoneRow).toBeDefined();
    // Most recently used first: the phone just refreshed.
    expect(mine.indexOf(phoneRow)).toBeLessThan(mine.indexOf(laptopRow));
    expect(Date.parse(phoneRow.lastUsedAt)).toBeGreaterThan(Date.parse(phoneRow.createdAt));

    // A manager cannot end someone else's session: it is not theirs.
    const other = await devSignIn("manager");
    expect((await api.refused(authEndpoints.consoleEndSession, { token: other.access, params: { sessionId: phoneRow.id } })).status).toBe(
      404,
    );

    await api.ok(authEndpoints.consoleEndSession, { token: laptop.access, params: { sessionId: phoneRow.id } });
    expect((await refresh(phone.jar)).status).toBe(401);
    const third = await devSignIn("admin", "Firefox");
    const ended = await api.ok(authEndpoints.consoleEndOtherSessions, { token: laptop.access });
    expect(ended.body.ended).toBeGreaterThanOrEqual(1);
    expect((await refresh(third.jar)).status).toBe(401);
    expect((await api.ok(authEndpoints.me, { token: laptop.access })).status).toBe(200);
    const after = await api.ok(authEndpoints.consoleSessions, { token: laptop.access });
    expect(after.body.sessions.map((s) => s.id)).toEqual([laptopRow.id]);
  });

  it("one-time links still sign in (the fallback), and set the cookie", async () => {
    const [manager] = await api.database.db.select().from(users).where(eq(users.role, "manager")).limit(1);
    const link = await issueLoginLink(api.database.db, {
      brandSlug: "demo",
      email: manager!.email!,
      publicUrl: "http://localhost:3000",
      nowMillis: api.clock.now(),
    });
    const res = await api.call("POST", "/console/auth/link", { body: { token: link!.token } });
    expect(res.status).toBe(200);
    expect(refreshCookie(res.headers)?.value).toBeTruthy();
  });
});

describe("console invitations, roles and deactivation", () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await testApi();
    admin = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "admin" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

  it("an admin invites a marketer: the link is shown once, stored hashed, and works exactly once under concurrency", async () => {
    const invite = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "marketer", displayName: "Trần Thu Hà" } });
    expect(invite.status).toBe(201);
    const token = tokenOf(invite.body.url);
    expect(invite.body.url).toMatch(/\/console\/invite\?token=/);
    const [row] = await api.database.db.select().from(consoleInvites).where(eq(consoleInvites.id, invite.body.id));
    expect(row!.tokenHash).not.toContain(token);
    // Listed as pending, without its link.
    const listed = await api.ok(authEndpoints.consoleUsers, { token: admin });
    expect(listed.body.invites.map((i) => i.id)).toContain(invite.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const tries = await Promise.all(Array.from({ length: 6 }, () => api.call("POST", "/console/auth/invite", { body: { token } })));
    const accepted = tries.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    expect(tries.filter((r) => r.status === 401).every((r) => r.body.error.code === "invite_invalid")).toBe(true);
    expect(tries.filter((r) => r.status !== 200)).toHaveLength(5);
    expect(accepted[0]!.body.user).toMatchObject({ role: "marketer", displayName: "Trần Thu Hà" });
    expect(refreshCookie(accepted[0]!.headers)?.value).toBeTruthy();
    const made = await api.database.db.select().from(users).where(eq(users.displayName, "Trần Thu Hà"));
    expect(made).toHaveLength(1);
    // Used: no longer pending.
    const after = await api.ok(authEndpoints.consoleUsers, { token: admin });
    expect(after.body.invites.map((i) => i.id)).not.toContain(invite.body.id);
    expect(after.body.users.find((u) => u.displayName === "Trần Thu Hà")).toMatchObject({ role: "marketer", active: true });
  });

  it("an expired invitation is refused", async () => {
    const brand = await testBrand(api);
    const invite = await createInvite(api.database.db, {
      brandId: brand.id,
      role: "manager",
      displayName: "Hết Hạn",
      publicUrl: "http://localhost:3000",
      nowMillis: api.clock.now() - 73 * 3_600_000,
    });
    const res = await api.refused(authEndpoints.consoleInviteAccept, { body: { token: invite.token } });
    expect(res.body.error.code).toBe("invite_invalid");
  });

  it("only admins manage users: managers and marketers are refused", async () => {
    for (const role of ["manager", "marketer"] as const) {
      const token = (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body.session.accessToken;
      expect((await api.refused(authEndpoints.consoleUsers, { token })).status).toBe(403);
      expect(
        (await api.refused(authEndpoints.consoleInvite, { token, body: { role: "admin", displayName: "Kẻ Lạ" } })).body.error.code,
      ).toBe("forbidden");
    }
  });

  it("a role change takes effect on the user's next request; deactivation ends every session at once", async () => {
    const invite = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "marketer", displayName: "Lê Văn Đổi" } });
    const accepted = await api.call("POST", "/console/auth/invite", { body: { token: tokenOf(invite.body.url) } });
    const access = accepted.body.session.accessToken as string;
    const jar: Jar = { cookie: null };
    keep(jar, accepted.headers);
    const userId = accepted.body.user.id as string;
    // A marketer may not manage users (admins only).
    expect((await api.refused(authEndpoints.consoleUsers, { token: access })).status).toBe(403);

    const promoted = await api.ok(authEndpoints.consoleChangeUser, { token: admin, params: { userId }, body: { role: "admin" } });
    expect(promoted.body.role).toBe("admin");
    // The old token carries the old role: the client is told to refresh, and the new token has the new role.
    expect((await api.refused(authEndpoints.me, { token: access })).body.error.code).toBe("token_expired");
    const renewed = await api.call("POST", REFRESH, { headers: { ...CSRF, cookie: jar.cookie! } });
    keep(jar, renewed.headers);
    expect((await api.ok(authEndpoints.me, { token: renewed.body.accessToken })).body.user.role).toBe("admin");
    expect((await api.ok(authEndpoints.consoleUsers, { token: renewed.body.accessToken })).status).toBe(200);

    const off = await api.ok(authEndpoints.consoleChangeUser, { token: admin, params: { userId }, body: { active: false } });
    expect(off.body.active).toBe(false);
    expect((await api.refused(authEndpoints.me, { token: renewed.body.accessToken })).body.error.code).toBe("unauthenticated");
    expect((await api.anotherProcess().refused(authEndpoints.me, { token: renewed.body.accessToken })).status).toBe(401);
    expect((await api.call("POST", REFRESH, { headers: { ...CSRF, cookie: jar.cookie! } })).status).toBe(401);
    const live = await api.database.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    expect(live).toHaveLength(0);
  });

  it("an admin cancels a pending invitation: its link stops working, it leaves the list, audited", async () => {
    const invite = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "manager", displayName: "Phan Hủy Bỏ" } });
    const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    // Only admins cancel.
    expect((await api.refused(authEndpoints.consoleCancelInvite, { token: manager, params: { inviteId: invite.body.id } })).status).toBe(
      403,
    );

    await api.ok(authEndpoints.consoleCancelInvite, { token: admin, params: { inviteId: invite.body.id } });
    const accept = await api.refused(authEndpoints.consoleInviteAccept, { body: { token: tokenOf(invite.body.url) } });
    expect(accept.body.error.code).toBe("invite_invalid");
    expect(await api.database.db.select().from(users).where(eq(users.displayName, "Phan Hủy Bỏ"))).toHaveLength(0);
    const list = await api.ok(authEndpoints.consoleUsers, { token: admin });
    expect(list.body.invites.map((i) => i.id)).not.toContain(invite.body.id);
    const [audit] = await api.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, invite.body.id));
    expect(audit).toMatchObject({ action: "console_invite_cancelled", detail: { role: "manager", name: "Phan Hủy Bỏ" } });

    // Twice, or a used one, or an unknown id: not found.
    expect(
      (await api.refused(authEndpoints.consoleCancelInvite, { token: admin, params: { inviteId: invite.body.id } })).body.error.code,
    ).toBe("not_found");
    const used = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "marketer", displayName: "Đã Nhận" } });
    await api.ok(authEndpoints.consoleInviteAccept, { body: { token: tokenOf(used.body.url) } });
    expect((await api.refused(authEndpoints.consoleCancelInvite, { token: admin, params: { inviteId: used.body.id } })).status).toBe(404);
  });

  it("of a cancel and an acceptance at the same moment, exactly one wins", async () => {
    const invite = await api.ok(authEndpoints.consoleInvite, { token: admin, body: { role: "marketer", displayName: "Cùng Lúc" } });
    const [cancel, accept] = await Promise.all([
      api.call("DELETE", `/console/users/invites/${invite.body.id}`, { token: admin }),
      api.call("POST", "/console/auth/invite", { body: { token: tokenOf(invite.body.url) } }),
    ]);
    expect([cancel.status === 204, accept.status === 200].filter(Boolean)).toHaveLength(1);
    const made = await api.database.db.select().from(users).where(eq(users.displayName, "Cùng Lúc"));
    expect(made).toHaveLength(accept.status === 200 ? 1 : 0);
  });

  it("the brand keeps one active admin; unknown users are not found", async () => {
    const me = await api.ok(authEndpoints.me, { token: admin });
    const admins = await api.database.db
      .select()
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)));
    if (admins.length === 1) {
      const res = await api.refused(authEndpoints.consoleChangeUser, {
        token: admin,
        params: { userId: me.body.user.id },
        body: { role: "manager" },
      });
      expect(res.body.error.code).toBe("last_admin");
      const off = await api.refused(authEndpoints.consoleChangeUser, {
        token: admin,
        params: { userId: me.body.user.id },
        body: { active: false },
      });
      expect(off.body.error.code).toBe("last_admin");
    }
    expect(admins.length).toBe(1);
    const missing = await api.refused(authEndpoints.consoleChangeUser, {
      token: admin,
      params: { userId: "00000000-0000-4000-8000-000000000000" },
      body: { role: "manager" },
    });
    expect(missing.body.error.code).toBe("not_found");
  });
});

describe("first run: no brand yet", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ brandSlug: "quan-moi" });
  });
  afterAll(() => api.close());

  const setupBody = (token: string, slug = "quan-moi") => ({
    token,
    brand: { name: "Quán Mới", slug, timeZone: "Asia/Ho_Chi_Minh", miniAppId: "1234567890123456789", oaId: "987654321" },
    admin: { displayName: "Phạm Chủ Quán", email: "chu@quanmoi.vn" },
  });

  it("signing in says the brand is not set up (409, not a 500)", async () => {
    const dev = await api.refused(authEndpoints.consoleDevLogin, { body: { role: "manager" } });
    expect(dev.status).toBe(409);
    expect(dev.body.error.code).toBe("brand_not_set_up");
    const zalo = await api.refused(authEndpoints.zaloLogin, { body: { accessToken: "dev:someone" } });
    expect(zalo.body.error.code).toBe("brand_not_set_up");
    expect((await api.ok(authEndpoints.setupStatus)).body).toEqual({ needed: true, slug: "quan-moi" });
  });

  it("the setup link creates the brand and its first admin, signs them in, and works once", async () => {
    const link = await createSetupLink(api.database.db, "http://localhost:3000", api.clock.now());
    expect(link.url).toMatch(/\/console\/setup\?token=/);
    // Another slug than the server's is refused before the link is spent; so is bad input.
    expect((await api.refused(authEndpoints.setup, { body: setupBody(link.token, "other") })).body.error.code).toBe("brand_slug_fixed");
    const badZone = setupBody(link.token);
    badZone.brand.timeZone = "Mars/Olympus";
    expect((await api.refused(authEndpoints.setup, { body: badZone })).status).toBe(400);

    const res = await api.call("POST", "/console/setup", { body: setupBody(link.token) });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: "admin", displayName: "Phạm Chủ Quán" });
    expect(refreshCookie(res.headers)?.value).toBeTruthy();
    const [brand] = await api.database.db.select().from(brands).where(eq(brands.slug, "quan-moi"));
    expect(brand).toMatchObject({ name: "Quán Mới", timeZone: "Asia/Ho_Chi_Minh", miniAppId: "1234567890123456789", oaId: "987654321" });
    expect(brand!.miniAppUrl).toBe("https://zalo.me/s/1234567890123456789/");
    // A programme to start from, and nothing of the demo brand.
    expect(await api.database.db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brand!.id))).toHaveLength(1);
    expect(await api.database.db.select().from(stores).where(eq(stores.brandId, brand!.id))).toHaveLength(0);
    expect(await api.database.db.select().from(users).where(eq(users.brandId, brand!.id))).toHaveLength(1);

    const me = await api.ok(authEndpoints.me, { token: res.body.session.accessToken });
    expect(me.body.brand).toMatchObject({ name: "Quán Mới", slug: "quan-moi" });
    expect((await api.ok(authEndpoints.setupStatus)).body.needed).toBe(false);
    // Used: refused, and a second link cannot make another brand either.
    expect((await api.refused(authEndpoints.setup, { body: setupBody(link.token) })).body.error.code).toBe("invite_invalid");
    const second = await createSetupLink(api.database.db, "http://localhost:3000", api.clock.now());
    expect((await api.refused(authEndpoints.setup, { body: setupBody(second.token) })).body.error.code).toBe("brand_already_set_up");
    // The admin can now invite.
    expect(
      (
        await api.ok(authEndpoints.consoleInvite, {
          token: res.body.session.accessToken,
          body: { role: "manager", displayName: "Quản Lý" },
        })
      ).status,
    ).toBe(201);
  });
});

describe("first run: the server started with SEED_DEMO=false and no brand", () => {
  it("prints a setup link at start-up that creates the brand, and seeds nothing", async () => {
    // An empty database on PGlite (the production default), or a fresh one with another slug on PostgreSQL.
    const pg = Boolean(process.env.TEST_DATABASE_URL);
    const database = pg ? await freshDatabase() : await openDatabase({ kind: "pglite-instance", pglite: new PGlite() });
    const env = parseEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      BRAND_SLUG: "khoi-dau",
      DATA_DIR: mkdtempSync(join(tmpdir(), "ll-setup-")),
    });
    const running = await startServer(env, pino({ level: "silent" }), { database, scheduler: false });
    try {
      expect(running.setupUrl).toMatch(/^http:\/\/localhost:\d+\/console\/setup\?token=/);
      if (!pg) expect(await database.db.select().from(brands)).toHaveLength(0);
      const signIn = await fetch(`${running.url}/api/console/auth/dev`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "manager" }),
      });
      expect(signIn.status).toBe(409);
      const token = new URL(running.setupUrl!).searchParams.get("token")!;
      const setup = await fetch(`${running.url}/api/console/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          token,
          brand: { name: "Khởi Đầu", slug: "khoi-dau", timeZone: "Asia/Bangkok", miniAppId: "111", oaId: "222" },
          admin: { displayName: "Người Đầu Tiên" },
        }),
      });
      expect(setup.status).toBe(201);
      const cookie = refreshCookie(setup.headers)!;
      // A new tab right after: the cookie alone signs in.
      const renewed = await fetch(`${running.url}/api/console/auth/refresh`, {
        method: "POST",
        headers: { ...CSRF, cookie: `ll_console_refresh=${cookie.value}` },
      });
      expect(renewed.status).toBe(200);
      if (!pg) {
        expect((await database.db.select().from(brands)).map((b) => b.slug)).toEqual(["khoi-dau"]);
        expect(await database.db.select().from(stores)).toHaveLength(0);
      }
    } finally {
      await running.close();
    }
  });
});
