import { sql } from "drizzle-orm";
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

export type SessionCheck = {
  /** Whether the session exists for this user, is not revoked and has not expired. */
  isLive(sessionId: string, userId: string, nowMillis: number): Promise<boolean>;
  /** Drops what this process knows of sessions it has just ended, so they end here at once. */
  forget(sessionIds: Iterable<string>): void;
  /** The same for every session of a user (account erasure ends them all). */
  forgetUser(userId: string): void;
};

type Entry = { live: boolean; userId: string; until: number };

const sessionLive = preparedStatement<{ user_id: string; live: boolean }, { sessionId: string; now: string }>(
  "session_live",
  sql`select user_id, (revoked_at is null and expires_at > ${sql.placeholder("now")}) as live from sessions where id = ${sql.placeholder("sessionId")}`,
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
    return { live: row?.live === true, userId: row?.user_id ?? "", until: nowMillis + ttlMs };
  }
  return {
    async isLive(sessionId, userId, nowMillis) {
      const hit = cache.get(sessionId);
      if (hit && hit.until > nowMillis) return hit.live && hit.userId === userId;
      // A signed token names a session we created; anything else is not one (and must not
      // reach a uuid comparison, which PostgreSQL would answer with an error).
      if (!UUID.test(sessionId)) return false;
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
      const entry = await pending;
      return entry.live && entry.userId === userId;
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
