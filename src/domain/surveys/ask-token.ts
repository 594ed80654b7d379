/**
 * The short token of a survey ask's link (`a.<ask id>.<mac>`), for ZNS: a ZNS URL parameter
 * holds at most 200 characters and the full signed token (token.ts) is over 500. It names only
 * the ask; member, survey, store, transaction and expiry are read from the ask's row on the
 * server, which then applies the same rules as to a full token (docs/decisions/0029-zns-ratings-through-the-queue-and-webhook.md).
 *
 * Shape: "a." + base64url(16 bytes of the ask's UUID) (22 chars) + "." + base64url(the first
 * 16 bytes of HMAC(key, "LLS2|a." + id part)) (22 chars): 47 characters, a 128-bit MAC.
 */
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, type MacFunction } from "./token";

const PREFIX = "a.";
const MAC_CONTEXT = "LLS2|";
const MAC_BYTES = 16;
const PART_LENGTH = 22;
export const ASK_TOKEN_LENGTH = PREFIX.length + PART_LENGTH + 1 + PART_LENGTH;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const encoder = new TextEncoder();

export type AskTokenVerdict = { ok: true; askId: string } | { ok: false; reason: "malformed" | "tampered" };

/** True when the text has the short form's prefix (a full token's payload starts with "ey"). */
export const isAskToken = (token: string) => token.startsWith(PREFIX);

function macOf(mac: MacFunction, idPart: string): Uint8Array {
  return mac(encoder.encode(MAC_CONTEXT + PREFIX + idPart)).slice(0, MAC_BYTES);
}

export function signAskToken(askId: string, mac: MacFunction): string {
  if (!UUID_RE.test(askId)) throw new Error("An ask id is a UUID.");
  const hex = askId.replaceAll("-", "").toLowerCase();
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const idPart = base64UrlEncode(bytes);
  return `${PREFIX}${idPart}.${base64UrlEncode(macOf(mac, idPart))}`;
}

/** The MAC is checked before the id is believed; no expiry here: the ask's row holds it. */
export function verifyAskToken(token: string, mac: MacFunction): AskTokenVerdict {
  if (typeof token !== "string" || token.length !== ASK_TOKEN_LENGTH || !isAskToken(token)) return { ok: false, reason: "malformed" };
  const parts = token.slice(PREFIX.length).split(".");
  if (parts.length !== 2) return { ok: false, reason: "malformed" };
  const [idPart, macPart] = parts as [string, string];
  if (idPart.length !== PART_LENGTH || macPart.length !== PART_LENGTH) return { ok: false, reason: "malformed" };
  const id = base64UrlDecode(idPart);
  const given = base64UrlDecode(macPart);
  if (!id || !given || id.length !== 16 || given.length !== MAC_BYTES) return { ok: false, reason: "malformed" };
  if (!constantTimeEqual(given, macOf(mac, idPart))) return { ok: false, reason: "tampered" };
  const hex = [...id].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { ok: true, askId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}
