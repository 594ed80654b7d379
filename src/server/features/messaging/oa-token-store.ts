/**
 * The OA access and refresh tokens (docs/zalo.md#oa-token): encrypted at rest with AES-256-GCM,
 * refreshed before expiry (or after -124) by exactly one process at a time. No transaction is
 * open during the OAuth call: the refreshing process takes a lease on the token row in a short
 * transaction, commits, calls Zalo, and writes the new pair in a second short transaction;
 * others wait for its result (or for the lease to end) without holding any lock.
 *
 * Refresh tokens are single-use. If the process dies, or the answer is lost, after Zalo has
 * processed the call, only the spent refresh token is stored and the next refresh is refused:
 * that cannot be prevented from here (issue 11 item 2 makes it visible as "OA disconnected").
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { oaTokens } from "../../db/schema";
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
  accessToken(brandId: string): Promise<string | null>;
  /**
   * After -124 for `rejected`: true when a usable token other than `rejected` is stored (by
   * this call, or by another process meanwhile). Without `rejected`, forces a new token.
   */
  refresh(brandId: string, rejected?: string): Promise<boolean>;
  save(brandId: string, tokens: OaTokens): Promise<void>;
};

export type OaTokenStoreOptions = {
  /** How long a refresh may take before another process may take over (longer than the OAuth timeout). */
  leaseMs?: number;
  /** How often a waiting process looks again, in real time. */
  pollMs?: number;
};

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

  type Step = { kind: "none" } | { kind: "token"; token: string } | { kind: "wait" } | { kind: "lease"; by: string; refreshToken: string };

  /** One short transaction: a usable token, or the lease to refresh it, or "someone else is refreshing". */
  function decide(brandId: string, rejected: string | null, force: boolean): Promise<Step> {
    return db.transaction(async (tx): Promise<Step> => {
      const [row] = await tx.select().from(oaTokens).where(eq(oaTokens.brandId, brandId)).for("update");
      if (!row) return { kind: "none" };
      const current = decrypt(key, row.accessTokenEnc);
      const usable = !force && current !== rejected && row.expiresAt.getTime() - REFRESH_MARGIN_MS > now();
      if (usable) return { kind: "token", token: current };
      if (row.refreshLeaseUntil && row.refreshLeaseUntil.getTime() > now()) return { kind: "wait" };
      const by = leaseId();
      await tx
        .update(oaTokens)
        .set({ refreshLeaseBy: by, refreshLeaseUntil: new Date(now() + leaseMs) })
        .where(eq(oaTokens.brandId, brandId));
      return { kind: "lease", by, refreshToken: decrypt(key, row.refreshTokenEnc) };
    });
  }

  async function obtain(brandId: string, rejected: string | null, force: boolean): Promise<string | null> {
    // A waiter gives up after a lease's length in real time too: the caller backs off and
    // retries, rather than a worker pass stalling behind a clock that does not move.
    const giveUpAt = performance.now() + leaseMs + pollMs;
    for (;;) {
      const step = await decide(brandId, rejected, force);
      if (step.kind === "none") return null;
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
      if (!out.ok) {
        await db.update(oaTokens).set({ refreshLeaseBy: null, refreshLeaseUntil: null }).where(mine);
        return null;
      }
      // Only while the lease is still ours: after a takeover the other process's pair wins.
      const written = await db
        .update(oaTokens)
        .set({
          accessTokenEnc: encrypt(key, out.value.accessToken),
          refreshTokenEnc: encrypt(key, out.value.refreshToken),
          expiresAt: new Date(now() + out.value.expiresInSeconds * 1000),
          updatedAt: new Date(now()),
          refreshLeaseBy: null,
          refreshLeaseUntil: null,
        })
        .where(mine)
        .returning({ brandId: oaTokens.brandId });
      return written.length > 0 ? out.value.accessToken : null;
    }
  }

  return {
    async accessToken(brandId) {
      const [row] = await db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
      if (!row) return null;
      if (row.expiresAt.getTime() - REFRESH_MARGIN_MS > now()) return decrypt(key, row.accessTokenEnc);
      return obtain(brandId, null, false);
    },
    async refresh(brandId, rejected) {
      return (await obtain(brandId, rejected ?? null, rejected === undefined)) !== null;
    },
    async save(brandId, tokens) {
      const values = {
        brandId,
        accessTokenEnc: encrypt(key, tokens.accessToken),
        refreshTokenEnc: encrypt(key, tokens.refreshToken),
        expiresAt: new Date(now() + tokens.expiresInSeconds * 1000),
        updatedAt: new Date(now()),
        refreshLeaseBy: null,
        refreshLeaseUntil: null,
      };
      await db.insert(oaTokens).values(values).onConflictDoUpdate({ target: oaTokens.brandId, set: values });
    },
  };
}
