/**
 * The signed survey token a link carries (`/survey/<id>?t=<token>`): it says who is asked,
 * about what and why, so the shopper types nothing.
 *
 * Shape: `<payload>.<mac>`, both base64url without padding; payload is the JSON of
 * SurveyTokenPayload, mac = HMAC(key, "LLS1|" + payload part). The HMAC function is passed in
 * (the server holds the key; the domain never does), and the comparison is constant-time.
 *
 * A token is a convenience, never an identity: the server answers as the signed-in member,
 * and a token for someone else, an expired or a tampered one only loses its bindings
 * (docs/decisions/0026-surveys.md).
 */

export const SURVEY_TOKEN_VERSION = 1;
const MAC_CONTEXT = "LLS1|";
/** Far longer than any token we make (≈ 400 chars), short enough to refuse junk before parsing. */
export const SURVEY_TOKEN_MAX_LENGTH = 1024;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const B64URL_RE = /^[A-Za-z0-9_-]+$/;
/** Transaction references: the receipt key or ledger entry id of the visit that caused the ask. */
export const TRANSACTION_REF_MAX_LENGTH = 80;

export type SurveyTokenPayload = {
  v: typeof SURVEY_TOKEN_VERSION;
  /** Token id: the ask it was made for, or a fresh id for a store link. */
  id: string;
  brandId: string;
  /** null: a store link anyone may open (the in-store QR); the answer is the signed-in member's. */
  memberId: string | null;
  surveyId: string;
  touchpoint: string;
  storeId: string | null;
  /** The transaction that caused the ask; null for store links. */
  transactionRef: string | null;
  /** Epoch ms after which the token no longer binds anything. */
  expiresAt: number;
};

/** HMAC-SHA256 (or any MAC) of the message under the server's key. */
export type MacFunction = (message: Uint8Array) => Uint8Array;

export const TOKEN_PROBLEMS = ["malformed", "tampered", "expired"] as const;
export type TokenProblem = (typeof TOKEN_PROBLEMS)[number];
export type TokenVerdict = { ok: true; payload: SurveyTokenPayload } | { ok: false; reason: TokenProblem; payload?: SurveyTokenPayload };

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += ALPHABET[c & 63]!;
  }
  return out;
}

/** null for anything that is not canonical unpadded base64url (so one token has one spelling). */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!B64URL_RE.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of text) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  // Leftover bits must be zero, else two spellings would decode to the same bytes.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** Compares every byte whatever differs first, so timing says nothing about a forged MAC. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function macOf(mac: MacFunction, payloadPart: string): Uint8Array {
  return mac(encoder.encode(MAC_CONTEXT + payloadPart));
}

export function signSurveyToken(payload: Omit<SurveyTokenPayload, "v">, mac: MacFunction): string {
  const full: SurveyTokenPayload = { v: SURVEY_TOKEN_VERSION, ...payload };
  const part = base64UrlEncode(encoder.encode(JSON.stringify(full)));
  return `${part}.${base64UrlEncode(macOf(mac, part))}`;
}

const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);
const isRef = (v: unknown) => v === null || (typeof v === "string" && v.length > 0 && v.length <= TRANSACTION_REF_MAX_LENGTH);

function parsePayload(bytes: Uint8Array): SurveyTokenPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const p = value as Record<string, unknown>;
  const ok =
    p.v === SURVEY_TOKEN_VERSION &&
    isUuid(p.id) &&
    isUuid(p.brandId) &&
    (p.memberId === null || isUuid(p.memberId)) &&
    isUuid(p.surveyId) &&
    typeof p.touchpoint === "string" &&
    p.touchpoint.length <= 40 &&
    (p.storeId === null || isUuid(p.storeId)) &&
    isRef(p.transactionRef) &&
    typeof p.expiresAt === "number" &&
    Number.isSafeInteger(p.expiresAt);
  if (!ok) return null;
  return {
    v: SURVEY_TOKEN_VERSION,
    id: p.id as string,
    brandId: p.brandId as string,
    memberId: p.memberId as string | null,
    surveyId: p.surveyId as string,
    touchpoint: p.touchpoint as string,
    storeId: p.storeId as string | null,
    transactionRef: p.transactionRef as string | null,
    expiresAt: p.expiresAt as number,
  };
}

/**
 * Checks a token at server time `now`. The signature is checked before anything in the payload
 * is believed; "expired" is only said of an authentic token (and carries its payload, so the
 * caller can still tell which survey it was for).
 */
export function verifySurveyToken(token: string, mac: MacFunction, now: number): TokenVerdict {
  if (typeof token !== "string" || token.length > SURVEY_TOKEN_MAX_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 2) return { ok: false, reason: "malformed" };
  const [payloadPart, macPart] = parts as [string, string];
  const payloadBytes = base64UrlDecode(payloadPart);
  const given = base64UrlDecode(macPart);
  if (!payloadBytes || !given) return { ok: false, reason: "malformed" };
  if (!constantTimeEqual(given, macOf(mac, payloadPart))) return { ok: false, reason: "tampered" };
  const payload = parsePayload(payloadBytes);
  // Signed by us yet unreadable: a token of a future version; treated as one we cannot use.
  if (!payload) return { ok: false, reason: "malformed" };
  if (now >= payload.expiresAt) return { ok: false, reason: "expired", payload };
  return { ok: true, payload };
}
