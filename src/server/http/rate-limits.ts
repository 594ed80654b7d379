import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Database } from "../db/client";

/** Who a limit counts: the caller's address, or the signed-in user (member, staff, console user). */
export type LimitBy = "ip" | "user" | "key";
export type RateLimit = { by: LimitBy; points: number; perSeconds: number };

/**
 * Every rate limit of the API, in one place (docs/decisions/0018). A route names its limit in
 * its declaration (`routesAt(prefix)(endpoint, { limit })`); a route that names none gets
 * `public` (per address) or `signedIn` (per user), so a new route is never unlimited.
 * The numbers are for people at a counter or a phone, with room for bursts; a POS integration
 * that needs more raises them here.
 */
export const RATE_LIMITS = {
  /** Sign-in with a Zalo token: each one costs a call to Zalo's Graph API. Shop Wi-Fi and mobile NAT share addresses. */
  signIn: { by: "ip", points: 30, perSeconds: 60 },
  /** Refresh-token exchange. */
  tokenRefresh: { by: "ip", points: 60, perSeconds: 60 },
  /** Phone-token exchange: two calls to Zalo each. */
  phoneExchange: { by: "ip", points: 10, perSeconds: 60 },
  /** Console sign-in links (a token guessed per try). */
  consoleSignIn: { by: "ip", points: 10, perSeconds: 60 },
  /** A cashier's earns: one receipt every two seconds on average, bursts allowed. */
  earn: { by: "user", points: 60, perSeconds: 60 },
  /** Member-code scans by a cashier. */
  scan: { by: "user", points: 60, perSeconds: 60 },
  /** A member's redemptions. */
  redeem: { by: "user", points: 20, perSeconds: 60 },
  /** Voucher look-ups and uses at the counter. */
  voucherUse: { by: "user", points: 60, perSeconds: 60 },
  /** A member's consent switches and Zalo permission answers (also bounded per day: DAILY_EVIDENCE_BOUNDS). */
  consents: { by: "user", points: 30, perSeconds: 60 },
  /** A member's preference answers (saved one question at a time). */
  answers: { by: "user", points: 60, perSeconds: 60 },
  /** A member's wheel spins and plays bought (issue 14): a spin animates for seconds, so 30 a minute is already a bot. */
  gameSpin: { by: "user", points: 30, perSeconds: 60 },
  /** Wheel spins per address: several members behind one shop's Wi-Fi or mobile NAT, not a farm of accounts. */
  gameSpinIp: { by: "ip", points: 300, perSeconds: 60 },
  /** Member search: the console's, and the counter's look-up by card number or phone. */
  search: { by: "user", points: 60, perSeconds: 60 },
  /** A member's check-in taps (one a day counts; the rest are retries and double taps answered from the database). */
  checkin: { by: "user", points: 20, perSeconds: 60 },
  /** Check-ins per address as well: many accounts on one phone or script hammering the route. */
  checkinIp: { by: "ip", points: 120, perSeconds: 60 },
  /** Referral codes accepted by a user (a friend opens one link, maybe twice). */
  referral: { by: "user", points: 20, perSeconds: 60 },
  /** Referral codes tried per address: guessing codes is refused by their signature, and slowed here. */
  referralIp: { by: "ip", points: 60, perSeconds: 60 },
  /** Console exports (the ledger as CSV): each reads up to 50,000 rows; a person downloads a few files, not hundreds. */
  export: { by: "user", points: 10, perSeconds: 60 },
  /** Member import (dry runs and imports): each reads a file of up to 20 MB; a person checks and corrects a file a few times. */
  import: { by: "user", points: 20, perSeconds: 60 },
  /** Reward image uploads: each is decoded and resized (CPU); a manager adds a few images, not hundreds. */
  upload: { by: "user", points: 20, perSeconds: 60 },
  /** Reward images per address: a catalogue is a burst of images behind one shop's Wi-Fi (then cached a year). */
  images: { by: "ip", points: 1200, perSeconds: 60 },
  /** Zalo's webhook events: bursts of delivery receipts come from Zalo's few addresses. */
  webhook: { by: "ip", points: 6000, perSeconds: 60 },
  /** A store's POS, per API key (docs/integration.md): a busy till's earns, refunds and vouchers together. */
  pos: { by: "key", points: 600, perSeconds: 60 },
  /** Any other public route (health, terms, rewards, webhooks, the OpenAPI document). */
  public: { by: "ip", points: 300, perSeconds: 60 },
  /** Any other signed-in route. */
  signedIn: { by: "user", points: 300, perSeconds: 60 },
} as const satisfies Record<string, RateLimit>;

export type LimitName = keyof typeof RATE_LIMITS;
export type RateLimitTable = Record<LimitName, RateLimit>;

/** The table with every limit's points multiplied (RATE_LIMIT_MULTIPLIER; tests and benchmarks raise them). */
export function scaledLimits(factor: number, base: RateLimitTable = RATE_LIMITS): RateLimitTable {
  const out = {} as Record<LimitName, RateLimit>;
  for (const name of Object.keys(base) as LimitName[]) {
    out[name] = { ...base[name], points: Math.max(1, Math.round(base[name].points * factor)) };
  }
  return out;
}

type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };
export type Limiters = { consume(name: LimitName, key: string): Promise<Verdict> };

/**
 * One limiter per limit, made on first use. On PostgreSQL the counters live in the
 * `rate_limits` table (rate-limiter-flexible's RateLimiterPostgres on the app's pg pool), so
 * every API process counts against the same numbers; should the database fail, an in-memory
 * limiter with the same numbers decides (`insuranceLimiter`) rather than refusing everyone.
 * PGlite serves one process, so memory is the store there.
 */
export function createLimiters(database: Database, table: RateLimitTable): Limiters {
  const made = new Map<LimitName, RateLimiterAbstract>();
  function limiter(name: LimitName) {
    let l = made.get(name);
    if (!l) {
      const { points, perSeconds } = table[name];
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: perSeconds });
      l = database.pool
        ? new RateLimiterPostgres({
            storeClient: database.pool,
            storeType: "pool",
            tableName: "rate_limits",
            tableCreated: true, // by the migration, not by the library at run time
            keyPrefix: name,
            points,
            duration: perSeconds,
            insuranceLimiter: memory,
          })
        : memory;
      made.set(name, l);
    }
    return l;
  }
  const refused = (refusal: unknown) => {
    if (refusal instanceof RateLimiterRes)
      return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    throw refusal;
  };
  if (!database.pool) {
    return {
      async consume(name, key) {
        try {
          await limiter(name).consume(key);
          return { ok: true };
        } catch (refusal) {
          return refused(refusal);
        }
      },
    };
  }
  // Shared counters: take calls from the database in chunks (see chunkFor) and spend them here.
  const leases = new Map<string, { left: number; until: number }>();
  // One chunk taken at a time per counter: calls that find the lease spent while another call of
  // this process is taking the next chunk wait for it and share it. Without this, ten calls
  // arriving together each took a chunk (ten upserts on one row, which wait on each other's
  // lock), and all but the last chunk were dropped unspent, making the limit stricter.
  const taking = new Map<string, Promise<unknown>>();
  async function take(name: LimitName, key: string, id: string): Promise<Verdict> {
    const now = Date.now();
    if (leases.size > MAX_LEASES) sweep(leases, now);
    const chunk = chunkFor(table[name].points);
    try {
      const res = await limiter(name).consume(key, chunk);
      leases.set(id, { left: chunk - 1, until: now + res.msBeforeNext });
      return { ok: true };
    } catch (refusal) {
      if (chunk === 1 || !(refusal instanceof RateLimiterRes)) return refused(refusal);
    }
    // Fewer than a chunk left in this window: give the chunk back and take exactly one.
    leases.delete(id);
    try {
      await limiter(name).reward(key, chunk);
      await limiter(name).consume(key, 1);
      return { ok: true };
    } catch (refusal) {
      return refused(refusal);
    }
  }
  return {
    async consume(name, key) {
      const id = `${name}\u0000${key}`;
      // Counted call by call: nothing to share, so nothing to wait for.
      if (chunkFor(table[name].points) === 1) return take(name, key, id);
      for (;;) {
        const lease = leases.get(id);
        if (lease && lease.left > 0 && Date.now() < lease.until) {
          lease.left--;
          return { ok: true };
        }
        const pending = taking.get(id);
        if (!pending) break;
        await pending.catch(() => {});
      }
      const pending = take(name, key, id);
      taking.set(id, pending);
      try {
        return await pending;
      } finally {
        taking.delete(id);
      }
    },
  };
}

/**
 * How many calls a process takes from a shared (PostgreSQL) counter at once. Counting every
 * call in the database costs one write per request on the hottest path: a busy counter's earns
 * all update one row, which halved bench:ledger's ratio on PostgreSQL. Taking a tenth of the
 * limit at a time (at most 20) divides those writes by up to 20, and keeps the limit shared and
 * never looser: calls taken but not spent by a process are lost to the others until the window
 * ends, so the worst case is slightly stricter, by under a tenth of the limit per process.
 * Small limits (under 20 calls) are counted call by call.
 */
export function chunkFor(points: number): number {
  return Math.max(1, Math.min(20, Math.floor(points / 10)));
}

const MAX_LEASES = 10_000;
function sweep(leases: Map<string, { until: number }>, now: number) {
  for (const [id, lease] of leases) if (lease.until <= now) leases.delete(id);
}
