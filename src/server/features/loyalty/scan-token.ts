import { sign } from "hono/jwt";
import { EARN_METHODS, type EarnMethod } from "../../../domain/loyalty/ledger";
import { hmacKey, verifyHs256 } from "../../http/hs256";

/**
 * Proof that a staff member scanned a member's live QR code, returned by /staff/scan-member and
 * required by /staff/earn. Short-lived and bound to the staff member, so the burned QR step
 * (which cannot be shown twice) still lets the bill be entered a few minutes later.
 */
export const SCAN_TOKEN_TTL_SECONDS = 10 * 60;
const AUDIENCE = "loyalloop-scan";

/** How the staff member found the member: their live QR, or (the QR would not scan) the card number or phone. */
export type ScanMethod = Exclude<EarnMethod, "offline_code">;

export async function signScanToken(
  secret: string,
  claims: { memberId: string; staffId: string; brandId: string; method?: ScanMethod },
  nowMillis: number,
) {
  const iat = Math.floor(nowMillis / 1000);
  const method = claims.method ?? "qr";
  return sign(
    {
      aud: AUDIENCE,
      sub: claims.memberId,
      staff: claims.staffId,
      brand: claims.brandId,
      ...(method !== "qr" && { method }),
      iat,
      exp: iat + SCAN_TOKEN_TTL_SECONDS,
    },
    await hmacKey(secret),
    "HS256",
  );
}

export function verifyScanToken(secret: string, token: string, expect: { staffId: string; brandId: string }, nowMillis: number) {
  const p = verifyHs256(token, secret);
  if (!p || p.aud !== AUDIENCE || p.staff !== expect.staffId || p.brand !== expect.brandId || typeof p.sub !== "string") return null;
  if (typeof p.exp !== "number" || p.exp * 1000 <= nowMillis) return null;
  // Tokens without a method claim come from a QR scan (the only kind before the fallback).
  const method = p.method === undefined ? "qr" : p.method;
  if (typeof method !== "string" || !(EARN_METHODS as readonly string[]).includes(method) || method === "offline_code") return null;
  return { memberId: p.sub, method: method as ScanMethod };
}
