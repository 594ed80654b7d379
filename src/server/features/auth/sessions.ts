import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, or } from "drizzle-orm";
import type { Session } from "../../../contract/auth";
import type { Role } from "../../../domain/identity/roles";
import type { Db } from "../../db/client";
import { retiredRefreshTokens, sessions, users } from "../../db/schema";
import { signAccessToken } from "../../http/auth";
import { ok, refused, type Outcome } from "../../db/transaction";

export const REFRESH_TOKEN_TTL_DAYS = 30;

export const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");
const newRefreshToken = () => randomBytes(32).toString("base64url");

type SessionUser = { id: string; brandId: string; role: Role };

/** The User-Agent kept for the sessions list: enough to tell devices apart, bounded. */
export const userAgentOf = (header: string | undefined) => (header ? header.slice(0, 300) : null);

export async function startSession(
  db: Db,
  secret: string,
  user: SessionUser,
  nowMillis: number,
  meta: { userAgent?: string | null } = {},
): Promise<Session> {
  const refreshToken = newRefreshToken();
  const refreshExpires = new Date(nowMillis + REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  const [row] = await db
    .insert(sessions)
    .values({
      userId: user.id,
      refreshHash: sha256Hex(refreshToken),
      expiresAt: refreshExpires,
      createdAt: new Date(nowMillis),
      lastUsedAt: new Date(nowMillis),
      userAgent: meta.userAgent ?? null,
    })
    .returning({ id: sessions.id });
  const access = await signAccessToken(secret, { userId: user.id, brandId: user.brandId, role: user.role, sessionId: row!.id }, nowMillis);
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshExpires.toISOString(),
  };
}

/**
 * Rotates the refresh token (OAuth 2.0 Security BCP §4.14.2): each refresh token works once.
 * Presenting any token the session has already rotated away (its whole family, not only the
 * last one) means it was copied, so the whole session is revoked, with its access tokens;
 * `onRevoked` lets the caller drop the session from this process's cache at once.
 * The role is re-read from the database, so a role change takes effect at the next refresh.
 */
export async function refreshSession(
  db: Db,
  secret: string,
  refreshToken: string,
  nowMillis: number,
  onRevoked: (sessionId: string) => void = () => {},
): Promise<Outcome<Session>> {
  const hash = sha256Hex(refreshToken);
  const now = new Date(nowMillis);
  const outcome = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(eq(sessions.refreshHash, hash))
      .for("update");
    if (!current) {
      const [reused] = await tx
        .select({ sessionId: retiredRefreshTokens.sessionId })
        .from(retiredRefreshTokens)
        .where(eq(retiredRefreshTokens.hash, hash));
      if (reused)
        await tx
          .update(sessions)
          .set({ revokedAt: now })
          .where(and(eq(sessions.id, reused.sessionId), isNull(sessions.revokedAt)));
      return { revoked: reused?.sessionId, result: refused<Session>("refresh_invalid", "This refresh token is not valid; sign in again.") };
    }
    if (current.revokedAt || current.expiresAt.getTime() <= nowMillis) {
      return { result: refused<Session>("refresh_invalid", "The session has ended; sign in again.") };
    }
    const [user] = await tx
      .select({ id: users.id, brandId: users.brandId, role: users.role, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(eq(users.id, current.userId));
    if (!user || user.deactivatedAt) return { result: refused<Session>("refresh_invalid", "The session has ended; sign in again.") };
    const next = newRefreshToken();
    await tx.insert(retiredRefreshTokens).values({ hash, sessionId: current.id, retiredAt: now });
    await tx
      .update(sessions)
      .set({ refreshHash: sha256Hex(next), lastUsedAt: now })
      .where(eq(sessions.id, current.id));
    const access = await signAccessToken(
      secret,
      { userId: user.id, brandId: user.brandId, role: user.role, sessionId: current.id },
      nowMillis,
    );
    return {
      result: ok<Session>({
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt.toISOString(),
        refreshToken: next,
        refreshTokenExpiresAt: current.expiresAt.toISOString(),
      }),
    };
  });
  if (outcome.revoked) onRevoked(outcome.revoked);
  return outcome.result;
}

/**
 * Sign-out ends the session the access token belongs to, and the one of the refresh token if
 * it is another of the same user's. Returns the sessions ended, for the caller's cache.
 */
export async function endSession(db: Db, userId: string, sessionId: string, refreshToken: string, nowMillis: number): Promise<string[]> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: new Date(nowMillis) })
    .where(
      and(
        eq(sessions.userId, userId),
        or(eq(sessions.id, sessionId), eq(sessions.refreshHash, sha256Hex(refreshToken))),
        isNull(sessions.revokedAt),
      ),
    )
    .returning({ id: sessions.id });
  return ended.map((r) => r.id);
}
