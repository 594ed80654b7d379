/**
 * The OA access and refresh tokens (docs/zalo.md#oa-token, docs/messaging.md#oa-tokens):
 * encrypted at rest with AES-256-GCM, refreshed before expiry (or after -124) by exactly one
 * process at a time. No transaction is open during the OAuth call: the refreshing process takes
 * a lease on the token row in a short transaction, commits, calls Zalo, and writes the result in
 * a second short statement; others wait for its result (or for the lease to end) holding no lock.
 *
 * Refresh tokens are single-use: Zalo rotates the pair when it processes a refresh. What can and
 * cannot happen:
 * - If the answer is lost after Zalo processed the call (connection reset, timeout, the process
 *   killed during the call), the new pair is gone and only the spent refresh token is stored.
 *   Nothing on our side can prevent that: nothing can be written before Zalo answers. It is made
 *   known instead: `refresh_started_at` (written with the lease, before the call; cleared once an
 *   answer is stored) says the stored refresh token may be spent. The next refresh gets -14020
 *   once; the OA is then marked disconnected (reason refresh_answer_lost), logged as an error and
 *   shown in the console, and neither OAuth nor ZNS is called for the brand again until new
 *   tokens are saved (`save`, which also releases the held messages). Messages wait; they never
 *   fail for it.
 * - An answer that arrives after another process took the lease over is still stored, as long as
 *   the stored refresh token is still the one it spent (compared by ciphertext): that pair is
 *   the only one that works. (Writing only while the lease was ours dropped it and burnt the OA.)
 * - A refusal of a refresh token that is no longer the stored one (a newer pair was stored
 *   meanwhile) changes nothing: the newer pair is used.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { OA_DISCONNECTED, OA_TOKEN_REFRESH_FAILED } from "../../../domain/messaging/message-errors";
import { refreshRefusal } from "../../../domain/messaging/oa-connection";
import { NO_OA_TOKEN } from "../../../domain/messaging/sending-rules";
import type { Db, Tx } from "../../db/client";
import { messages, oaTokens } from "../../db/schema";
import type { OaTokens } from "../../zalo/oa-token";
import type { ZaloOutcome } from "../../zalo/http";

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 10 * 60_000;

export function encrypt(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
}

export function decrypt(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("oa token: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

export type OaTokenStore = {
  /** A usable access token; null when none is stored, the OA is disconnected, or none can be had now. */
  accessToken(brandId: string): Promise<string | null>;
  /**
   * After -124 for `rejected`: true when a usable token other than `rejected` is stored (by
   * this call, or by another process meanwhile). Without `rejected`, forces a new token.
   * OA_DISCONNECTED when Zalo has refused the refresh token for good (now or earlier).
   */
  refresh(brandId: string, rejected?: string): Promise<boolean | typeof OA_DISCONNECTED>;
  /** Zalo refused the OA's refresh token for good and no new tokens have been saved since. */
  disconnected(brandId: string): Promise<boolean>;
  /** Stores a new pair (first connection or reconnection): the OA is connected, held messages go at once. */
  save(brandId: string, tokens: OaTokens): Promise<void>;
};

export type OaTokenStoreOptions = {
  /** How long a refresh may take before another process may take over (longer than the OAuth timeout). */
  leaseMs?: number;
  /** How often a waiting process looks again, in real time. */
  pollMs?: number;
  /** Where a refused refresh and a disconnected OA are reported (never with a token). */
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
};

/** Codes a message waits under for our own token state: new tokens release them at once. */
const TOKEN_HOLDS = [OA_DISCONNECTED, NO_OA_TOKEN, OA_TOKEN_REFRESH_FAILED];

/** Messages held for want of a usable token go at the next worker pass, not after their hold. */
async function releaseHeld(q: Db | Tx, brandId: string, at: Date) {
  await q
    .update(messages)
    .set({ notBefore: at, errorDetail: null })
    .where(
      and(
        eq(messages.brandId, brandId),
        eq(messages.status, "queued"),
        inArray(messages.lastError, TOKEN_HOLDS),
        gt(messages.notBefore, at),
      ),
    );
}

/** Random per refresh attempt, so a late writer whose lease was taken over cannot overwrite. */
const leaseId = () => randomBytes(12).toString("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function oaTokenStore(
  db: Db,
  key: Buffer,
  now: () => number,
  refreshFn: (refreshToken: string) => Promise<ZaloOutcome<OaTokens>>,
  options: OaTokenStoreOptions = {},
): OaTokenStore {
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const log = options.log;

  type Step =
    | { kind: "none" }
    | { kind: "disconnected" }
    | { kind: "token"; token: string }
    | { kind: "wait" }
    /** `sealed`: the refresh token as stored; `inDoubt`: an earlier call of ours never got its answer. */
    | { kind: "lease"; by: string; refreshToken: string; sealed: string; inDoubt: boolean };

  /** One short transaction: a usable token, or the lease to refresh it, or "someone else is refreshing". */
  function decide(brandId: string, rejected: string | null, force: boolean): Promise<Step> {
    return db.transaction(async (tx): Promise<Step> => {
      const [row] = await tx.select().from(oaTokens).where(eq(oaTokens.brandId, brandId)).for("update");
      if (!row) return { kind: "none" };
      if (row.disconnectedAt) return { kind: "disconnected" };
      const current = decrypt(key, row.accessTokenEnc);
      const usable = !force && current !== rejected && row.expiresAt.getTime() - REFRESH_MARGIN_MS > now();
      if (usable) return { kind: "token", token: current };
      if (row.refreshLeaseUntil && row.refreshLeaseUntil.getTime() > now()) return { kind: "wait" };
      const by = leaseId();
      // Written before the call: if this process dies or the answer is lost, the next holder
      // knows the stored refresh token may be spent. The earliest such call is kept.
      await tx
        .update(oaTokens)
        .set({
          refreshLeaseBy: by,
          refreshLeaseUntil: new Date(now() + leaseMs),
          refreshStartedAt: row.refreshStartedAt ?? new Date(now()),
        })
        .where(eq(oaTokens.brandId, brandId));
      return {
        kind: "lease",
        by,
        refreshToken: decrypt(key, row.refreshTokenEnc),
        sealed: row.refreshTokenEnc,
        inDoubt: row.refreshStartedAt !== null,
      };
    });
  }

  async function obtain(brandId: string, rejected: string | null, force: boolean): Promise<string | null | typeof OA_DISCONNECTED> {
    // A waiter gives up after a lease's length in real time too: the caller backs off and
    // retries, rather than a worker pass stalling behind a clock that does not move.
    const giveUpAt = performance.now() + leaseMs + pollMs;
    for (;;) {
      const step = await decide(brandId, rejected, force);
      if (step.kind === "none") return null;
      if (step.kind === "disconnected") return OA_DISCONNECTED;
      if (step.kind === "token") return step.token;
      if (step.kind === "wait") {
        if (performance.now() > giveUpAt) return null;
        await sleep(pollMs);
        // Whatever the lease holder stored is new to us: a forced refresh is satisfied by it.
        force = false;
        continue;
      }
      const out = await refreshFn(step.refreshToken);
      const mine = and(eq(oaTokens.brandId, brandId), eq(oaTokens.refreshLeaseBy, step.by));
      // The result applies while the stored refresh token is still the one this call spent,
      // whoever holds the lease now (see the top of this file).
      const spent = and(eq(oaTokens.brandId, brandId), eq(oaTokens.refreshTokenEnc, step.sealed));
      const released = { refreshLeaseBy: null, refreshLeaseUntil: null };
      if (out.ok) {
        const written = await db
          .update(oaTokens)
          .set({
            accessTokenEnc: encrypt(key, out.value.accessToken),
            refreshTokenEnc: encrypt(key, out.value.refreshToken),
            expiresAt: new Date(now() + out.value.expiresInSeconds * 1000),
            updatedAt: new Date(now()),
            ...released,
            refreshStartedAt: null,
            // A late answer after another process's -14020 is the pair that works: connected again.
            disconnectedAt: null,
            disconnectReason: null,
            disconnectZaloError: null,
          })
          .where(spent)
          .returning({ brandId: oaTokens.brandId });
        if (written.length > 0) {
          // Messages held for want of a token (or for a disconnection just undone) need not wait out their hold.
          await releaseHeld(db, brandId, new Date(now()));
          return out.value.accessToken;
        }
      } else {
        const reason = out.kind === "rejected" ? refreshRefusal(out.zaloError, step.inDoubt) : null;
        if (reason) {
          const marked = await db
            .update(oaTokens)
            .set({
              ...released,
              refreshStartedAt: null,
              disconnectedAt: new Date(now()),
              disconnectReason: reason,
              disconnectZaloError: out.zaloError ?? null,
            })
            .where(and(spent, isNull(oaTokens.disconnectedAt)))
            .returning({ brandId: oaTokens.brandId });
          if (marked.length > 0) {
            // The messages already waiting for a token wait for the reconnection now: the worker's
            // claim skips a disconnected brand, so without this their log would keep the older reason.
            await db
              .update(messages)
              .set({ lastError: OA_DISCONNECTED })
              .where(
                and(
                  eq(messages.brandId, brandId),
                  eq(messages.status, "queued"),
                  inArray(messages.lastError, [NO_OA_TOKEN, OA_TOKEN_REFRESH_FAILED]),
                ),
              );
            log?.error(
              { brandId, zaloError: out.zaloError, reason },
              "OA disconnected: Zalo refused its refresh token; messages are held until the OA is connected again",
            );
            return OA_DISCONNECTED;
          }
        } else {
          log?.warn({ brandId, kind: out.kind, zaloError: out.zaloError, message: out.message }, "OA token refresh failed");
          // Refused (not for good): Zalo did not take this refresh token, so unless an earlier
          // call is in doubt it is not spent. Unanswered: this call may have spent it.
          await db
            .update(oaTokens)
            .set(out.kind === "rejected" && !step.inDoubt ? { ...released, refreshStartedAt: null } : released)
            .where(mine);
          return null;
        }
      }
      // The stored refresh token is no longer the one this call spent: a newer pair was stored
      // meanwhile (or the OA was marked disconnected). Give the lease back and use what is stored.
      await db.update(oaTokens).set(released).where(mine);
      force = false;
    }
  }

  return {
    async accessToken(brandId) {
      const [row] = await db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
      if (!row || row.disconnectedAt) return null;
      if (row.expiresAt.getTime() - REFRESH_MARGIN_MS > now()) return decrypt(key, row.accessTokenEnc);
      const out = await obtain(brandId, null, false);
      return out === OA_DISCONNECTED ? null : out;
    },
    async refresh(brandId, rejected) {
      const out = await obtain(brandId, rejected ?? null, rejected === undefined);
      return out === OA_DISCONNECTED ? OA_DISCONNECTED : out !== null;
    },
    async disconnected(brandId) {
      const [row] = await db.select({ at: oaTokens.disconnectedAt }).from(oaTokens).where(eq(oaTokens.brandId, brandId));
      return !!row?.at;
    },
    async save(brandId, tokens) {
      const at = new Date(now());
      const values = {
        brandId,
        accessTokenEnc: encrypt(key, tokens.accessToken),
        refreshTokenEnc: encrypt(key, tokens.refreshToken),
        expiresAt: new Date(now() + tokens.expiresInSeconds * 1000),
        updatedAt: at,
        refreshLeaseBy: null,
        refreshLeaseUntil: null,
        refreshStartedAt: null,
        disconnectedAt: null,
        disconnectReason: null,
        disconnectZaloError: null,
      };
      await db.transaction(async (tx) => {
        await tx.insert(oaTokens).values(values).onConflictDoUpdate({ target: oaTokens.brandId, set: values });
        await releaseHeld(tx, brandId, at);
      });
    },
  };
}
