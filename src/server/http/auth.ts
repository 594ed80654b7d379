import type { MiddlewareHandler } from "hono";
import { sign } from "hono/jwt";
import { hmacKey, verifyHs256 } from "./hs256";
import { isRole, type Role } from "../../domain/identity/roles";
import type { AppEnv, Auth } from "./context";
import { fail } from "./errors";

/** RFC 8725 §3.1: accept exactly one algorithm, never the one the token claims. */
const ALG = "HS256" as const;
const ISSUER = "loyalloop";
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export async function signAccessToken(secret: string, auth: Auth, nowMillis: number) {
  const iat = Math.floor(nowMillis / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const token = await sign(
    { iss: ISSUER, sub: auth.userId, brand: auth.brandId, role: auth.role, sid: auth.sessionId, iat, exp },
    await hmacKey(secret),
    ALG,
  );
  return { token, expiresAt: new Date(exp * 1000) };
}

type Verified = { ok: true; auth: Auth } | { ok: false; expired: boolean };
type Signed = { secret: string; auth: Auth; expMillis: number };

/**
 * Tokens whose signature and claims this process has checked, by their exact text: a cashier
 * sends the same token with every request for 15 minutes, and checking it again (an HMAC and
 * two JSON parses) was ~4% of the server's CPU per earn in bench:ledger. Only well-formed,
 * correctly signed tokens are kept, with the secret they were checked with; expiry is checked
 * on every call against the injected clock, and the session behind the token still is
 * (sessionCheck), so a hit decides exactly what a full check would.
 */
const checked = new Map<string, Signed>();
const MAX_CHECKED = 10_000;

export async function verifyAccessToken(secret: string, token: string, nowMillis: number): Promise<Verified> {
  let signed = checked.get(token);
  if (!signed || signed.secret !== secret) {
    const found = checkSignedClaims(secret, token);
    if (!found) return { ok: false, expired: false };
    if (checked.size >= MAX_CHECKED) checked.delete(checked.keys().next().value!);
    checked.set(token, (signed = found));
  }
  // Time claims are checked against the injected clock, not the wall clock.
  if (signed.expMillis <= nowMillis) return { ok: false, expired: true };
  return { ok: true, auth: signed.auth };
}

/** The token's claims if it is ours, correctly signed and well formed (expiry aside); null otherwise. */
function checkSignedClaims(secret: string, token: string): Signed | null {
  const payload = verifyHs256(token, secret);
  if (!payload || payload.iss !== ISSUER) return null;
  const { sub, brand, role, sid, exp } = payload;
  if (typeof sub !== "string" || typeof brand !== "string" || typeof sid !== "string" || !isRole(role)) return null;
  // A missing or non-numeric exp never becomes valid: it counts as expired, as before.
  const expMillis = typeof exp === "number" ? exp * 1000 : -Infinity;
  return { secret, auth: Object.freeze({ userId: sub, brandId: brand, role, sessionId: sid }), expMillis };
}

export type Access = "public" | readonly Role[];

/** Every route declares who may call it; this enforces it. */
export function requireAccess(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === "public") return next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) return fail(c, "unauthenticated", "Sign in first: send Authorization: Bearer <access token>.");
    const deps = c.get("deps");
    const verified = await verifyAccessToken(deps.config.sessionSecret, match[1]!, deps.now());
    if (!verified.ok) {
      return verified.expired
        ? fail(c, "token_expired", "The access token expired; refresh the session.")
        : fail(c, "unauthenticated", "The access token is not valid.");
    }
    // A signature proves who signed in, not that they are still signed in: logout, refresh
    // token reuse and account erasure end the session, and its access tokens with it.
    const state = await c.get("sessions").state(verified.auth.sessionId, verified.auth.userId, verified.auth.role, deps.now());
    if (state === "ended") return fail(c, "unauthenticated", "The session has ended; sign in again.");
    // An admin changed the user's role since this token was signed: the client refreshes (as
    // for an expired token) and gets one with the new role, so a demotion takes effect now.
    if (state === "stale") return fail(c, "token_expired", "Your role changed; refresh the session.");
    if (!access.includes(verified.auth.role)) {
      return fail(c, "forbidden", "Your role may not use this endpoint.");
    }
    c.set("auth", verified.auth);
    return next();
  };
}
