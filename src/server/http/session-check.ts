import { sql } from "drizzle-orm";
import type { Role } from "../../domain/identity/roles";
import { preparedStatement, type Db } from "../db/client";

/**
 * How long this process trusts what it last read about a session (docs/decisions/0011): a
 * session ended by another process (logout, refresh-token reuse, account erasure) stops its
 * access tokens here at most this long after. The process that ends a session forgets it at
 * once, so there it takes effect immediately.
 */
export const SESSION_CHECK_TTL_MS = 5_000;
/** Bounds the cache's memory: past this many sessions the oldest entries are dropped. */
const MAX_ENTRIES = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * live: the session is, and the token's role is the user's; stale: the session is, but an
 * admin changed the user's role since the token was signed (refresh to get one with the new
 * role); ended: revoked, expired, unknown, or the user deactivated.
 */
export type SessionState = "live" | "stale" | "ended";

export type SessionCheck = {
  /** Whether the session exists for this user, is not revoked and has not expired (and the user is not deactivated). */
  isLive(sessionId: string, userId: string, nowMillis: number): Promise<boolean>;
  /** isLive, and whether a token signed with `role` still carries the user's role. */
  state(sessionId: string, userId: string, role: Role, nowMillis: number): Promise<SessionState>;
  /** Drops what this process knows of sessions it has just ended, so they end here at once. */
  forget(sessionIds: Iterable<string>): void;
  /** The same for every session of a user (account erasure ends them all). */
  forgetUser(userId: string): void;
};

type Entry = { live: boolean; userId: string; role: Role | null; until: number };

// The user's role and deactivation are read with the session (one primary-key join), so an
// admin's role change or deactivation reaches every process within the cache's TTL.
const sessionLive = preparedStatement<{ user_id: string; live: boolean; role: Role }, { sessionId: string; now: string }>(
  "session_live_role",
  sql`select s.user_id, (s.revoked_at is null and s.expires_at > ${sql.placeholder("now")} and u.deactivated_at is null) as live, u.role
      from sessions s join users u on u.id = s.user_id where s.id = ${sql.placeholder("sessionId")}`,
);

/**
 * Per-process cache of session state in front of the sessions table, so that verifying an
 * access token on the earn path costs one query per session every few seconds, not one per
 * request. Time is the injected clock, so tests move past the TTL instead of waiting.
 */
export function sessionCheck(db: Db, ttlMs = SESSION_CHECK_TTL_MS): SessionCheck {
  const cache = new Map<string, Entry>();
  // Requests arriving together for a session not yet cached share one read (a burst of scans
  // with one staff token must not become a burst of queries).
  const reading = new Map<string, Promise<Entry>>();
  // Bumped by every forget: a read that started before one may predate the revocation, so it
  // answers its own request but is not cached.
  let epoch = 0;
  async function read(sessionId: string, nowMillis: number): Promise<Entry> {
    const [row] = await sessionLive(db, { sessionId, now: new Date(nowMillis).toISOString() });
    return { live: row?.live === true, userId: row?.user_id ?? "", role: row?.role ?? null, until: nowMillis + ttlMs };
  }
  async function entryOf(sessionId: string, nowMillis: number): Promise<Entry | null> {
    const hit = cache.get(sessionId);
    if (hit && hit.until > nowMillis) return hit;
    // A signed token names a session we created; anything else is not one (and must not
    // reach a uuid comparison, which PostgreSQL would answer with an error).
    if (!UUID.test(sessionId)) return null;
    let pending = reading.get(sessionId);
    if (!pending) {
      const started = epoch;
      pending = read(sessionId, nowMillis).finally(() => reading.delete(sessionId));
      reading.set(sessionId, pending);
      const entry = await pending;
      if (started === epoch) {
        cache.delete(sessionId);
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(sessionId, entry);
      }
    }
    return pending;
  }
  return {
    async isLive(sessionId, userId, nowMillis) {
      const entry = await entryOf(sessionId, nowMillis);
      return entry !== null && entry.live && entry.userId === userId;
    },
    async state(sessionId, userId, role, nowMillis) {
      const entry = await entryOf(sessionId, nowMillis);
      if (!entry || !entry.live || entry.userId !== userId) return "ended";
      return entry.role === role ? "live" : "stale";
    },
    forget(sessionIds) {
      epoch++;
      for (const id of sessionIds) {
        cache.delete(id);
        reading.delete(id);
      }
    },
    forgetUser(userId) {
      epoch++;
      for (const [id, entry] of cache) if (entry.userId === userId) cache.delete(id);
      // A read in flight may predate the revocation: drop them all (erasure is rare).
      reading.clear();
    },
  };
}
