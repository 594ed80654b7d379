/**
 * The rotating member QR code.
 *
 * Shape: `LL1.<memberId>.<step>.<mac>` where
 *   step = floor(unixSeconds / 30)                       (RFC 6238 §4 time step, X = 30 s)
 *   mac  = first 20 hex chars of HMAC-SHA256(secret, "LL1|<memberId>|<step>")
 *
 * The step is carried in the clear (unlike a plain TOTP) so the server can tell an expired
 * code from a forged one and give staff a precise reason. The secret is per member, so the
 * Mini App can draw a valid code offline once it has fetched its own secret, and a leaked
 * secret affects one member only. 80 bits of MAC is far beyond what an online guesser can try
 * within a 90-second acceptance window.
 *
 * Pure: the caller passes the time; HMAC is computed with @noble/hashes so the exact same code
 * runs in the Mini App (offline) and on the server.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

export const QR_VERSION = "LL1";
/** What every member code starts with; the staff scanner routes a code by its prefix. */
export const MEMBER_QR_PREFIX = `${QR_VERSION}.`;
export const QR_STEP_SECONDS = 30;
/** RFC 6238 §5.2 recommends accepting at most one step of drift each way. */
export const QR_ACCEPTED_DRIFT_STEPS = 1;
const MAC_HEX_CHARS = 20;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_RE = /^[0-9a-f]{64}$/;

export function qrStep(unixMillis: number): number {
  return Math.floor(unixMillis / 1000 / QR_STEP_SECONDS);
}

/** Seconds until the code for `unixMillis` stops being the current one (for the countdown). */
export function qrSecondsLeft(unixMillis: number): number {
  const s = unixMillis / 1000;
  return Math.ceil(QR_STEP_SECONDS - (s % QR_STEP_SECONDS));
}

function mac(secretHex: string, memberId: string, step: number): string {
  const digest = hmac(sha256, hexToBytes(secretHex), utf8ToBytes(`${QR_VERSION}|${memberId}|${step}`));
  return bytesToHex(digest).slice(0, MAC_HEX_CHARS);
}

export function isValidQrSecret(secretHex: string): boolean {
  return SECRET_RE.test(secretHex);
}

/** Builds the code to draw at time `unixMillis`. */
export function memberQrCode(memberId: string, secretHex: string, unixMillis: number): string {
  const step = qrStep(unixMillis);
  return `${QR_VERSION}.${memberId}.${step}.${mac(secretHex, memberId, step)}`;
}

/** Whether a scanned or typed code claims to be a member card (any case); says nothing about validity. */
export function hasMemberQrPrefix(code: string): boolean {
  return code.slice(0, MEMBER_QR_PREFIX.length).toUpperCase() === MEMBER_QR_PREFIX;
}

export type ParsedQr = { memberId: string; step: number; mac: string };

/** Syntax only; says nothing about validity. Returns null for anything not shaped like ours. */
export function parseMemberQr(code: string): ParsedQr | null {
  const parts = code.trim().split(".");
  if (parts.length !== 4 || parts[0] !== QR_VERSION) return null;
  const [, memberId, stepText, macText] = parts as [string, string, string, string];
  if (!UUID_RE.test(memberId) || !/^\d{1,12}$/.test(stepText) || !/^[0-9a-f]+$/.test(macText)) return null;
  if (macText.length !== MAC_HEX_CHARS) return null;
  return { memberId, step: Number(stepText), mac: macText };
}

export type QrVerdict = { ok: true; memberId: string; step: number } | { ok: false; reason: "bad_signature" | "expired" | "not_yet_valid" };

/**
 * Verifies a parsed code against the member's secret at server time `nowMillis`.
 * Burning the (member, step) pair after a successful verify is the caller's job: it needs
 * storage, and must be atomic with the use of the scan.
 */
export function verifyMemberQr(parsed: ParsedQr, secretHex: string, nowMillis: number): QrVerdict {
  // Signature first: an attacker must not learn anything about timing rules from forged codes.
  if (!constantTimeEqual(parsed.mac, mac(secretHex, parsed.memberId, parsed.step))) {
    return { ok: false, reason: "bad_signature" };
  }
  const drift = parsed.step - qrStep(nowMillis);
  if (drift < -QR_ACCEPTED_DRIFT_STEPS) return { ok: false, reason: "expired" };
  if (drift > QR_ACCEPTED_DRIFT_STEPS) return { ok: false, reason: "not_yet_valid" };
  return { ok: true, memberId: parsed.memberId, step: parsed.step };
}

export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The key under which a successful scan is burned. Every code of one member within one step
 * maps to the same key, so re-showing a screenshot (or the same live code twice) within the
 * acceptance window collides with the first scan.
 */
export function qrReplayKey(verdict: { memberId: string; step: number }): string {
  return `${verdict.memberId}:${verdict.step}`;
}
