import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HS256 JWT verification (RFC 7515 §5.2, RFC 7519 §7.2) with node:crypto's synchronous HMAC.
 * Tokens are still signed by hono/jwt; verification runs on every authenticated request (twice
 * per earn: session and scan token) and Web Crypto's job queue cost ~9% of the server's CPU in
 * bench:ledger. The algorithm is fixed: the header must say HS256 (RFC 8725 §3.1), so "none"
 * and algorithm-confusion tokens fail. Claims (iss, aud, exp) are the caller's to check.
 */
export function verifyHs256(token: string, secret: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const head = parseJson(header);
  if (!head || head.alg !== "HS256" || (head.typ !== undefined && head.typ !== "JWT")) return null;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return parseJson(payload);
}

const keys = new Map<string, Promise<CryptoKey>>();
/**
 * The HMAC key for signing with hono/jwt, imported once per secret. hono/jwt imports a string secret on every call, which
 * showed up as ~7% of the server's CPU in bench:ledger (two verifications per earn).
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
