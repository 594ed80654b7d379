import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { ErrorBody } from "../../src/contract/errors";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { chunkFor, type RateLimit } from "../../src/server/http/rate-limits";
import { queryRows } from "../../src/server/db/client";
import { sql } from "drizzle-orm";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, makeStaff, makeStore } from "../support/factories";

/** Two calls per minute: a test reaches each limit in three calls. */
const two = (by: RateLimit["by"]): RateLimit => ({ by, points: 2, perSeconds: 60 });

/** The refusal every limit answers: 429, Retry-After in whole seconds, the usual error body. */
function expectLimited(res: { status: number; body: unknown; retryAfter: string | null }) {
  expect(res.status).toBe(429);
  expect(ErrorBody.parse(res.body).error.code).toBe("rate_limited");
  expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(res.retryAfter)).toBeLessThanOrEqual(60);
}

describe("rate limits per user (issue 10 item 17), on this run's database", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({
      rateLimits: {
        earn: two("user"),
        scan: two("user"),
        consents: two("user"),
        search: two("user"),
        gameSpin: two("user"),
        checkin: two("user"),
        signedIn: { by: "user", points: 3, perSeconds: 60 },
      },
    });
  });
  afterAll(() => api.close());

  /** A call that also returns the Retry-After header. */
  async function call(method: string, path: string, opts: { body?: unknown; token?: string } = {}) {
    const res = await api.call(method, path, { body: opts.body, token: opts.token });
    return { status: res.status, body: res.body as unknown, retryAfter: res.headers.get("retry-after") };
  }

  it("limits earn and scan per staff member; a colleague has their own count", async () => {
    const store = await makeStore(api);
    const [lan, minh] = [await makeStaff(api, store), await makeStaff(api, store)];
    const lanToken = await lan.signIn();
    // Every call counts, valid or not: the limit is checked before the body is.
    for (const path of ["/staff/earn", "/staff/scan-member"]) {
      expect((await call("POST", path, { token: lanToken, body: {} })).status).toBe(400);
      expect((await call("POST", path, { token: lanToken, body: {} })).status).toBe(400);
      expectLimited(await call("POST", path, { token: lanToken, body: {} }));
    }
    expect((await call("POST", "/staff/earn", { token: await minh.signIn(), body: {} })).status).toBe(400);
  });

  it("limits a member's consent changes per member", async () => {
    const m = await enrolledMember(api, "limit-consents");
    const body = { purpose: "zns_promo" as const, granted: true, wordingVersion: PURPOSES.zns_promo.version };
    expect((await call("POST", "/members/me/consents", { token: m.session.accessToken, body })).status).toBe(200);
    expect((await call("POST", "/members/me/consents", { token: m.session.accessToken, body })).status).toBe(200);
    expectLimited(await call("POST", "/members/me/consents", { token: m.session.accessToken, body }));
    const other = await enrolledMember(api, "limit-consents-2");
    await api.ok(preferenceEndpoints.setConsent, { token: other.session.accessToken, body });
  });

  it("limits a member's spins and check-ins per member (issue 14)", async () => {
    const [a, b] = [await enrolledMember(api, "limit-game-a"), await enrolledMember(api, "limit-game-b")];
    const spin = `/members/me/games/${randomUUID()}/spins`;
    for (const path of [spin, "/members/me/checkin"]) {
      // Every call counts, valid or not: the limit is checked before the body is.
      expect((await call("POST", path, { token: a.session.accessToken, body: {} })).status).toBe(400);
      expect((await call("POST", path, { token: a.session.accessToken, body: {} })).status).toBe(400);
      expectLimited(await call("POST", path, { token: a.session.accessToken, body: {} }));
      expect((await call("POST", path, { token: b.session.accessToken, body: {} })).status).toBe(400);
    }
  });

  it("limits console search per console user", async () => {
    const token = await consoleSession(api, "marketer");
    expect((await call("GET", "/console/members?q=nguyen", { token })).status).toBe(200);
    expect((await call("GET", "/console/members?q=nguyen", { token })).status).toBe(200);
    expectLimited(await call("GET", "/console/members?q=nguyen", { token }));
  });

  it("gives a route that declares no limit the default one (signed-in: per user)", async () => {
    const token = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:limit-default" } })).body.session.accessToken;
    for (let i = 0; i < 3; i++) await api.ok(authEndpoints.me, { token });
    expectLimited(await call("GET", "/me", { token }));
  });

  it("shares the counts between API processes on PostgreSQL; on PGlite (one process) each app counts its own", async () => {
    const m = await enrolledMember(api, "limit-two-processes");
    const body = { purpose: "zns_promo" as const, granted: true, wordingVersion: PURPOSES.zns_promo.version };
    const other = api.anotherProcess();
    expect((await call("POST", "/members/me/consents", { token: m.session.accessToken, body })).status).toBe(200);
    expect((await call("POST", "/members/me/consents", { token: m.session.accessToken, body })).status).toBe(200);
    const third = await other.call("POST", "/members/me/consents", { token: m.session.accessToken, body });
    if (api.database.driver === "postgres") {
      expect([third.status, third.body.error.code]).toEqual([429, "rate_limited"]);
    } else {
      expect(third.status).toBe(200);
    }
  });
});

describe("shared counters taken in chunks (bench:ledger on PostgreSQL)", () => {
  let api: TestApi;
  beforeAll(async () => {
    // 40 a minute: a process takes 4 calls from the shared counter at a time (chunkFor).
    api = await testApi({ rateLimits: { search: { by: "user", points: 40, perSeconds: 60 } } });
  });
  afterAll(() => api.close());

  it("counts in the database once per chunk, yet two processes together get exactly the limit, never more", async () => {
    expect(chunkFor(40)).toBe(4);
    expect(chunkFor(2)).toBe(1);
    const token = await consoleSession(api, "marketer");
    const shared = api.database.driver === "postgres";
    const counted = async () =>
      Number(
        (await queryRows<{ points: number }>(api.database.db, sql`select points from rate_limits where key like 'search:%'`))[0]?.points,
      );
    const processes = [api, api.anotherProcess()];
    const statuses: number[] = [];
    const search = async (i: number) => statuses.push((await processes[i % 2]!.call("GET", "/console/members?q=an", { token })).status);
    await search(0);
    await search(2);
    // Two calls on one process: one chunk of 4 taken from the database, one write.
    if (shared) expect(await counted()).toBe(4);
    for (let i = 0; i < 44; i++) await search(i);
    // Between them the two processes spend exactly the limit (a process may be refused while the
    // other still holds calls from its last chunk), and in the end both are refused.
    expect(statuses.filter((s) => s === 200)).toHaveLength(shared ? 40 : 46);
    if (shared) expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("lets calls arriving together on one process share the chunk being taken, instead of each taking one", async () => {
    // Not the marketer: the test above spent that user's calls.
    const token = await consoleSession(api, "manager");
    const shared = api.database.driver === "postgres";
    const userId = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sub as string;
    const counted = async () =>
      Number(
        (await queryRows<{ points: number }>(api.database.db, sql`select points from rate_limits where key = ${`search:${userId}`}`))[0]
          ?.points,
      );
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async () => (await api.call("GET", "/console/members?q=an", { token })).status),
    );
    expect(statuses).toEqual(Array(8).fill(200));
    // Eight calls, chunks of 4: two chunks taken from the shared counter, none dropped unspent.
    if (shared) expect(await counted()).toBe(8);
  });
});

describe("rate limits per address (issue 10 item 17)", () => {
  let api: TestApi;
  beforeAll(async () => {
    // Its own app: every other test signs in from the same (unknown) address.
    api = await testApi({ trustProxyHops: 1, rateLimits: { signIn: two("ip") } });
  });
  afterAll(() => api.close());

  async function call(method: string, path: string, opts: { body?: unknown; ip: string }) {
    const res = await api.call(method, path, { body: opts.body, headers: { "x-forwarded-for": `10.0.0.9, ${opts.ip}` } });
    return { status: res.status, body: res.body as unknown, retryAfter: res.headers.get("retry-after") };
  }

  it("limits sign-in per address (each costs a call to Zalo); another address is not affected", async () => {
    const signIn = (ip: string) => call("POST", "/auth/zalo", { body: { accessToken: "dev:limit-ip|Khách" }, ip });
    expect((await signIn("203.0.113.7")).status).toBe(200);
    expect((await signIn("203.0.113.7")).status).toBe(200);
    expectLimited(await signIn("203.0.113.7"));
    expect((await signIn("203.0.113.8")).status).toBe(200);
  });

  it("reads the address the trusted proxy saw, not what the client put on the left of X-Forwarded-For", async () => {
    const spoofing = (claimed: string) =>
      api.call("POST", "/auth/zalo", {
        body: { accessToken: "dev:limit-spoof" },
        headers: { "x-forwarded-for": `${claimed}, 198.51.100.4` },
      });
    expect((await spoofing("1.1.1.1")).status).toBe(200);
    expect((await spoofing("2.2.2.2")).status).toBe(200);
    expect((await spoofing("3.3.3.3")).status).toBe(429);
  });
});
