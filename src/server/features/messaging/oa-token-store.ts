/**
 * The OA access and refresh tokens (docs/zalo.md#oa-token): encrypted at rest with AES-256-GCM,
 * refreshed before expiry by exactly one process — the refresh runs under the token row's lock,
 * and the new single-use refresh token is written in the same transaction, so a crash can never
 * leave us holding only the spent one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
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
  /** Forces a refresh (after -124). True when a fresh token is stored. */
  refresh(brandId: string): Promise<boolean>;
  save(brandId: string, tokens: OaTokens): Promise<void>;
};

export function oaTokenStore(
  db: Db,
  key: Buffer,
  now: () => number,
  refreshFn: (refreshToken: string) => Promise<ZaloOutcome<OaTokens>>,
): OaTokenStore {
  async function refreshLocked(brandId: string, force: boolean): Promise<string | null> {
    return db.transaction(async (tx) => {
      const [row] = await tx.select().from(oaTokens).where(eq(oaTokens.brandId, brandId)).for("update");
      if (!row) return null;
      // Another process may have refreshed while we waited for the lock.
      if (!force || row.updatedAt.getTime() > now() - 5_000) {
        if (row.expiresAt.getTime() - REFRESH_MARGIN_MS > now()) return decrypt(key, row.accessTokenEnc);
      }
      const out = await refreshFn(decrypt(key, row.refreshTokenEnc));
      if (!out.ok) return null;
      await tx
        .update(oaTokens)
        .set({
          accessTokenEnc: encrypt(key, out.value.accessToken),
          refreshTokenEnc: encrypt(key, out.value.refreshToken),
          expiresAt: new Date(now() + out.value.expiresInSeconds * 1000),
          updatedAt: new Date(now()),
        })
        .where(eq(oaTokens.brandId, brandId));
      return out.value.accessToken;
    });
  }
  return {
    async accessToken(brandId) {
      const [row] = await db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
      if (!row) return null;
      if (row.expiresAt.getTime() - REFRESH_MARGIN_MS > now()) return decrypt(key, row.accessTokenEnc);
      return refreshLocked(brandId, false);
    },
    async refresh(brandId) {
      return (await refreshLocked(brandId, true)) !== null;
    },
    async save(brandId, tokens) {
      const values = {
        brandId,
        accessTokenEnc: encrypt(key, tokens.accessToken),
        refreshTokenEnc: encrypt(key, tokens.refreshToken),
        expiresAt: new Date(now() + tokens.expiresInSeconds * 1000),
        updatedAt: new Date(now()),
      };
      await db.insert(oaTokens).values(values).onConflictDoUpdate({ target: oaTokens.brandId, set: values });
    },
  };
}
