import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { consoleEndpoints } from "../../src/contract/endpoints/console";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { createApp } from "../../src/server/app";
import { issueLoginLink } from "../../src/server/features/auth/login-links";
import { sessions, stores, users } from "../../src/server/db/schema";
import { graphIdentity } from "../../src/server/zalo/identity";
import { DEMO } from "../../src/server/db/seed";
import { ZaloFake } from "../fakes/zalo-fake";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { makeStaff, makeStore, testBrand } from "../support/factories";

describe("Zalo sign-in through the Graph API (fake Zalo)", () => {
  let fake: ZaloFake;
  let api: TestApi;
  // Read by the client at each call: a call expected to succeed gets a timeout no busy CI machine
  // reaches; the "timeout" case shortens it while the fake hangs on purpose.
  const graph = { graphUrl: "", appSecret: "app-secret-1", timeoutMs: 15_000 };
  beforeAll(async () => {
    fake = await new ZaloFake("app-1", "app-secret-1").start();
    graph.graphUrl = fake.url;
    api = await testApi({ identity: graphIdentity(graph) });
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
  });

  it("verifies the token with /v2.0/me and appsecret_proof, creates the user and returns a session", async () => {
    fake.addUser("zalo-token-lan", { id: "5520001", name: "Nguyễn Thị Lan", pictureUrl: "https://s120-ava-talk.zadn.vn/lan.jpg" });
    const res = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "zalo-token-lan" } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      displayName: "Nguyễn Thị Lan",
      role: "member",
      isMember: false,
      avatarUrl: "https://s120-ava-talk.zadn.vn/lan.jpg",
    });
    const graphCall = fake.requests.find((r) => r.path.startsWith("/v2.0/me?"));
    expect(graphCall?.path).toBe("/v2.0/me?fields=id,name,picture");
    expect(graphCall?.headers.access_token).toBe("zalo-token-lan");
    expect(graphCall?.headers.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    const me = await api.ok(authEndpoints.me, { token: res.body.session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.devIdentity).toBe(false);
    expect(me.body.brand.name).toBe(DEMO.brandName);
  });

  it("signs the same Zalo user into the same account on every visit", async () => {
    fake.addUser("zalo-token-minh-1", { id: "5520002", name: "Trần Minh" });
    fake.addUser("zalo-token-minh-2", { id: "5520002", name: "Trần Văn Minh" });
    const a = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "zalo-token-minh-1" } });
    const b = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "zalo-token-minh-2" } });
    expect(b.body.user.id).toBe(a.body.user.id);
    expect(b.body.user.displayName).toBe("Trần Văn Minh");
  });

  it("refuses a token Zalo does not know (HTTP 200 with error != 0) and writes nothing", async () => {
    const before = await api.database.db.select({ n: count() }).from(users);
    const res = await api.refused(authEndpoints.zaloLogin, { body: { accessToken: "forged" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("zalo_token_invalid");
    const after = await api.database.db.select({ n: count() }).from(users);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("refuses dev tokens when a Zalo app secret is configured: dev identity is impossible", async () => {
    const res = await api.refused(authEndpoints.zaloLogin, { body: { accessToken: "dev:someone" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("zalo_token_invalid");
    const consoleDev = await api.refused(authEndpoints.consoleDevLogin, { body: { role: "manager" } });
    expect(consoleDev.status).toBe(403);
    expect(consoleDev.body.error.code).toBe("dev_identity_disabled");
  });

  it.each(["http500", "timeout", "garbage"] as const)("answers 502 zalo_unavailable when Zalo fails with %s", async (fault) => {
    fake.addUser("zalo-token-ha", { id: "5520003", name: "Phạm Thu Hà" });
    fake.failNext(fault);
    if (fault === "timeout") graph.timeoutMs = 300;
    const res = await api.refused(authEndpoints.zaloLogin, { body: { accessToken: "zalo-token-ha" } }).finally(() => {
      graph.timeoutMs = 15_000;
    });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("zalo_unavailable");
  });
});

describe("sessions", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("issues access tokens that expire after at most 15 minutes, and refreshes them", async () => {
    const { session } = await enrolledMember(api, "session-1");
    expect(Date.parse(session.accessTokenExpiresAt) - api.clock.now()).toBeLessThanOrEqual(15 * 60_000);
    api.clock.advance(15 * 60_000 + 1);
    const expired = await api.refused(authEndpoints.me, { token: session.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("token_expired");

    const refreshed = await api.ok(authEndpoints.refresh, { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(session.refreshToken);
    const me = await api.ok(authEndpoints.me, { token: refreshed.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.isMember).toBe(true);
  });

  it("treats a reused refresh token as stolen and ends the session", async () => {
    const { session } = await enrolledMember(api, "session-2");
    const first = await api.ok(authEndpoints.refresh, { body: { refreshToken: session.refreshToken } });
    expect(first.status).toBe(200);
    const replay = await api.refused(authEndpoints.refresh, { body: { refreshToken: session.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("refresh_invalid");
    // The legitimate holder's newer token is revoked too.
    const after = await api.refused(authEndpoints.refresh, { body: { refreshToken: first.body.refreshToken } });
    expect(after.status).toBe(401);
  });

  it("ends a session on logout and after 30 days", async () => {
    const a = await enrolledMember(api, "session-3");
    const out = await api.ok(authEndpoints.logout, { token: a.session.accessToken, body: { refreshToken: a.session.refreshToken } });
    expect(out.status).toBe(204);
    expect((await api.refused(authEndpoints.refresh, { body: { refreshToken: a.session.refreshToken } })).status).toBe(401);

    const b = await enrolledMember(api, "session-4");
    api.clock.advance(31 * 86_400_000);
    expect((await api.refused(authEndpoints.refresh, { body: { refreshToken: b.session.refreshToken } })).status).toBe(401);
  });

  it("rejects tokens signed with another key, with another algorithm, or tampered", async () => {
    const { session } = await enrolledMember(api, "session-5");
    const [header, payload, signature] = session.accessToken.split(".");
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    const elevated = JSON.parse(Buffer.from(payload!, "base64url").toString());
    elevated.role = "admin";
    const tampered = `${header}.${Buffer.from(JSON.stringify(elevated)).toString("base64url")}.${signature}`;
    // The genuine token is accepted first, so this process has checked it (and may remember that).
    expect((await api.call("GET", "/me", { token: session.accessToken })).status).toBe(200);
    for (const token of [noneAlg, tampered, `${header}.${payload}.AAAA`]) {
      const res = await api.call("GET", "/me", { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
    }
    // An app with another key refuses the very token this one accepted.
    const otherKey = createApp({ ...api.deps, config: { ...api.deps.config, sessionSecret: "another-session-secret-0123456789abcdef" } });
    const res = await otherKey.request("/api/me", { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });
});

describe("access tokens end with their session (issue 10 item 16)", () => {
  let api: TestApi;
  beforeAll(async () => {
    // A long cache on purpose: every assertion below must hold without waiting for it.
    api = await testApi({ sessionCheckTtlMs: 60_000 });
  });
  afterAll(() => api.close());

  it("stops the access token at logout, at once", async () => {
    const { session } = await enrolledMember(api, "end-logout");
    expect((await api.ok(authEndpoints.me, { token: session.accessToken })).status).toBe(200);
    await api.ok(authEndpoints.logout, { token: session.accessToken, body: { refreshToken: session.refreshToken } });
    const after = await api.refused(authEndpoints.me, { token: session.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthenticated");
  });

  it("detects reuse of any token of the family, not only the last one, and ends the access tokens too", async () => {
    const { session } = await enrolledMember(api, "end-family");
    const second = await api.ok(authEndpoints.refresh, { body: { refreshToken: session.refreshToken } });
    const third = await api.ok(authEndpoints.refresh, { body: { refreshToken: second.body.refreshToken } });
    const fourth = await api.ok(authEndpoints.refresh, { body: { refreshToken: third.body.refreshToken } });
    expect((await api.ok(authEndpoints.me, { token: fourth.body.accessToken })).status).toBe(200);
    // The very first token, three rotations ago, shows up again: someone copied it.
    const replay = await api.refused(authEndpoints.refresh, { body: { refreshToken: session.refreshToken } });
    expect(replay.body.error.code).toBe("refresh_invalid");
    expect((await api.refused(authEndpoints.refresh, { body: { refreshToken: fourth.body.refreshToken } })).status).toBe(401);
    expect((await api.refused(authEndpoints.me, { token: fourth.body.accessToken })).body.error.code).toBe("unauthenticated");
  });

  it("stops the access tokens of every session of an erased account", async () => {
    const { session } = await enrolledMember(api, "end-erase");
    const other = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:end-erase|Khách Test" } });
    await api.ok(preferenceEndpoints.erase, { token: session.accessToken, body: { confirm: true } });
    for (const token of [session.accessToken, other.body.session.accessToken]) {
      expect((await api.refused(authEndpoints.me, { token })).body.error.code).toBe("unauthenticated");
    }
  });

  it("reaches another API process once its short cache expires (clock moved, no waiting)", async () => {
    const { session } = await enrolledMember(api, "end-other-process");
    const other = api.anotherProcess();
    expect((await other.ok(authEndpoints.me, { token: session.accessToken })).status).toBe(200);
    await api.ok(authEndpoints.logout, { token: session.accessToken, body: { refreshToken: session.refreshToken } });
    // The other process read the session as live and trusts that for its TTL (documented
    // trade-off, docs/decisions/0011); past it, the session has ended there too.
    expect((await other.call("GET", "/me", { token: session.accessToken })).status).toBe(200);
    api.clock.advance(60_001);
    expect((await other.refused(authEndpoints.me, { token: session.accessToken })).body.error.code).toBe("unauthenticated");
  });
});

describe("roles", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("keeps members out of staff and console routes (403) and strangers out of everything (401)", async () => {
    const { session } = await enrolledMember(api, "role-1");
    const scan = await api.refused(memberEndpoints.scanMember, { token: session.accessToken, body: { code: "x" } });
    expect(scan.status).toBe(403);
    expect(scan.body.error.code).toBe("forbidden");
    const list = await api.refused(consoleEndpoints.listMembers, { token: session.accessToken });
    expect(list.status).toBe(403);
    expect((await api.refused(consoleEndpoints.listMembers)).status).toBe(401);
    expect((await api.refused(authEndpoints.me)).status).toBe(401);
  });

  it("lets staff scan but not open the console", async () => {
    const staff = await (await makeStaff(api, await makeStore(api))).signIn();
    expect((await api.refused(consoleEndpoints.listMembers, { token: staff })).status).toBe(403);
    expect((await api.refused(memberEndpoints.scanMember, { token: staff, body: { code: "x" } })).status).toBe(400);
  });

  it("in dev identity mode, lets a tester switch between member and staff (bound to a store)", async () => {
    const { session } = await enrolledMember(api, "role-2");
    const res = await api.ok(authEndpoints.devRole, { token: session.accessToken, body: { role: "staff" } });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe("staff");
    expect(res.body.user.stores).toHaveLength(1);
    expect(res.body.user.isMember).toBe(true);
    const back = await api.ok(authEndpoints.devRole, { token: res.body.session.accessToken, body: { role: "member" } });
    expect(back.body.user.role).toBe("member");
    expect(back.body.user.stores).toHaveLength(0);
    // Nobody can make themselves a manager through the dev switch.
    const manager = await api.call("POST", "/dev/role", { token: back.body.session.accessToken, body: { role: "manager" } });
    expect(manager.status).toBe(400);
  });

  it("signs a console user in with a one-time link that works once and expires", async () => {
    const link = await issueLoginLink(api.database.db, {
      brandSlug: "demo",
      email: DEMO.managerEmail,
      publicUrl: "http://x",
      nowMillis: api.clock.now(),
    });
    expect(link?.url).toMatch(/^http:\/\/x\/console\/login\?token=/);
    const ok = await api.ok(authEndpoints.consoleLinkLogin, { body: { token: link!.token } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe("manager");
    const again = await api.refused(authEndpoints.consoleLinkLogin, { body: { token: link!.token } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("login_link_invalid");

    const late = await issueLoginLink(api.database.db, {
      brandSlug: "demo",
      email: DEMO.managerEmail,
      publicUrl: "http://x",
      nowMillis: api.clock.now(),
    });
    api.clock.advance(16 * 60_000);
    expect((await api.refused(authEndpoints.consoleLinkLogin, { body: { token: late!.token } })).status).toBe(401);
    expect(
      await issueLoginLink(api.database.db, { brandSlug: "demo", email: "nobody@x.vn", publicUrl: "http://x", nowMillis: 0 }),
    ).toBeNull();
  });

  it("one-click console sign-in in dev mode", async () => {
    const res = await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe("marketer");
    expect(res.body.user.stores).toEqual([]);
    const manager = await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } });
    const brandStores = await api.database.db
      .select()
      .from(stores)
      .where(eq(stores.brandId, (await testBrand(api)).id));
    expect(manager.body.user.stores).toHaveLength(brandStores.length); // managers act for every store of the brand
    const list = await api.ok(consoleEndpoints.listMembers, { token: res.body.session.accessToken });
    expect(list.status).toBe(200);
  });

  it("stores refresh tokens only as hashes", async () => {
    const { session, user } = await enrolledMember(api, "role-3");
    const rows = await api.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.refreshHash).not.toBe(session.refreshToken);
  });
});
