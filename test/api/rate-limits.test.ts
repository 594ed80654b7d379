import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { checkinEndpoints } from "../../src/contract/endpoints/checkin";
import { gameEndpoints } from "../../src/contract/endpoints/game";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { ErrorBody } from "../../src/contract/errors";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { chunkFor, type RateLimit } from "../../src/server/http/rate-limits";
import { queryRows } from "../../src/server/db/client";
import { checkins, gameDraws, ledgerEntries } from "../../src/server/db/schema";
import { eq, sql } from "drizzle-orm";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, makeStaff, makeStore } from "../support/factories";
import { makeCampaign, nothing, points } from "../support/game";

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

describe("spins and check-ins per address (issue 14)", () => {
  let api: TestApi;
  beforeAll(async () => {
    // Its own app: three calls a minute per address on each route family, behind one trusted proxy.
    const three = { by: "ip", points: 3, perSeconds: 60 } as const;
    api = await testApi({ trustProxyHops: 1, rateLimits: { gameSpinIp: three, checkinIp: three } });
  });
  afterAll(() => api.close());

  const from = (ip: string) => ({ "x-forwarded-for": `10.0.0.9, ${ip}` });
  /** What a refused call must have left alone: the member's draws, check-ins and ledger entries. */
  const traces = async (memberId: string) => {
    const db = api.database.db;
    const [d, c, l] = await Promise.all([
      db.select().from(gameDraws).where(eq(gameDraws.memberId, memberId)),
      db.select().from(checkins).where(eq(checkins.memberId, memberId)),
      db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, memberId)),
    ]);
    return d.length + c.length + l.length;
  };

  it("many members behind one address share its count; the refused ones change nothing; another address counts its own", async () => {
    const campaign = await makeCampaign(api, { segments: [points("p10", 10, 1), nothing("none", 0)] });
    const members = await Promise.all(["a", "b", "c", "d"].map((n) => enrolledMember(api, `limit-ip-game-${n}`)));
    const spin = (i: number, ip: string) =>
      api.call("POST", `/members/me/games/${campaign.id}/spins`, {
        token: members[i]!.session.accessToken,
        body: { idempotencyKey: `ip-spin-${i}-${ip}` },
        headers: from(ip),
      });
    const checkIn = (i: number, ip: string) =>
      api.call("POST", "/members/me/checkin", {
        token: members[i]!.session.accessToken,
        body: { idempotencyKey: `ip-checkin-${i}-${ip}` },
        headers: from(ip),
      });
    for (const [act, name] of [
      [spin, "spin"],
      [checkIn, "check-in"],
    ] as const) {
      for (const i of [0, 1, 2]) expect((await act(i, "203.0.113.20")).status, `${name} ${i}`).toBe(201);
      const refused = await act(3, "203.0.113.20");
      expectLimited({ status: refused.status, body: refused.body, retryAfter: refused.headers.get("retry-after") });
      // Before the spin loop member d had nothing; before the check-in loop, one draw and its ledger credit.
      expect(await traces(members[3]!.card.memberId), name).toBe(name === "spin" ? 0 : 2);
      // The same member from another address: that address's first call.
      expect((await act(3, "203.0.113.21")).status, name).toBe(201);
    }
    // The refused spin kept member d's play (one a day): the one from the other address was their first.
    const view = await api.ok(gameEndpoints.myGames, { token: members[3]!.session.accessToken });
    expect(view.body.campaigns.find((c) => c.campaignId === campaign.id)!.plays.total).toBe(0);
    const state = await api.ok(checkinEndpoints.checkinState, { token: members[3]!.session.accessToken, headers: from("203.0.113.22") });
    expect(state.body).toMatchObject({ checkedToday: true, streak: 1 });
  });
});
