/**
 * Referrals (issue 14; docs/decisions/0032-checkin-and-referrals.md).
 *
 * A member shares a link carrying a signed referral code. The friend who opens it is recorded
 * (invited); when they become a member, joined; at their first purchase at the counter,
 * purchased, and in the same transaction both are rewarded, once (rewarded). Refused at every
 * step: self-referral (same user, same Zalo id, same phone), a friend who was a member before
 * the invite. The referrer's reward is capped at N rewarded referrals per Vietnam calendar month;
 * past the cap the friend is still rewarded (they were promised it and did nothing wrong) and the
 * referral is recorded as rewarded with the referrer's part marked capped.
 *
 * The code: `<member>.<mac>`, base64url without padding: the referrer's member id (16 bytes of
 * the UUID, 22 chars) and a MAC truncated to 8 bytes (11 chars), 34 characters in all. It is
 * signed so nobody can make a code for a member (attributing friends to someone else, or
 * enumerating members) and junk is refused before the database is asked. The MAC function is
 * passed in (the server holds the key), and the comparison is constant-time.
 */
import { problem, type Problem } from "../problems";
import { vietnamDate } from "../loyalty/vietnam-time";
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, type MacFunction } from "../surveys/token";

const MAC_CONTEXT = "LLR1|";
const MAC_BYTES = 8;
/** 22 + 1 + 11: the exact length of every code we make. */
export const REFERRAL_CODE_LENGTH = 34;
/** Accepted on the wire (then checked exactly): room for a bit of junk to be refused politely. */
export const REFERRAL_CODE_MAX_LENGTH = 64;
/** The Mini App path the share link opens, with `?ref=<code>`. */
export const REFERRAL_LINK_PARAM = "ref";

const encoder = new TextEncoder();
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function bytesUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function macOf(mac: MacFunction, brandId: string, memberPart: string): Uint8Array {
  // The brand is in the signed message: a code is only good in the brand it was made for.
  return mac(encoder.encode(`${MAC_CONTEXT}${brandId}|${memberPart}`)).slice(0, MAC_BYTES);
}

export function signReferralCode(brandId: string, memberId: string, mac: MacFunction): string {
  if (!UUID_RE.test(memberId)) throw new Error(`not a member id: ${memberId}`);
  const part = base64UrlEncode(uuidBytes(memberId));
  return `${part}.${base64UrlEncode(macOf(mac, brandId, part))}`;
}

/** The referrer's member id, or null for anything we did not sign for this brand. */
export function verifyReferralCode(code: unknown, brandId: string, mac: MacFunction): string | null {
  if (typeof code !== "string" || code.length !== REFERRAL_CODE_LENGTH) return null;
  const parts = code.split(".");
  if (parts.length !== 2) return null;
  const [memberPart, macPart] = parts as [string, string];
  const member = base64UrlDecode(memberPart);
  const given = base64UrlDecode(macPart);
  if (!member || member.length !== 16 || !given || given.length !== MAC_BYTES) return null;
  if (!constantTimeEqual(given, macOf(mac, brandId, memberPart))) return null;
  return bytesUuid(member);
}

// ── Configuration ───────────────────────────────────────────────────────────────────────────

export type ReferralConfig = {
  enabled: boolean;
  /** Points for the member who invited, per rewarded referral (0: none). */
  referrerPoints: number;
  /** Points for the friend at their first purchase (0: none). */
  friendPoints: number;
  /** At most this many referrals pay the referrer per Vietnam calendar month (1..1000). */
  monthlyCap: number;
};

export const DEFAULT_REFERRAL_CONFIG: ReferralConfig = { enabled: false, referrerPoints: 100, friendPoints: 50, monthlyCap: 5 };
export const REFERRAL_MAX_POINTS = 100_000;
export const REFERRAL_MAX_CAP = 1_000;

export type ReferralConfigProblemCode = "referral_points_invalid" | "referral_cap_invalid";

export function validateReferralConfig(config: ReferralConfig): Problem<ReferralConfigProblemCode>[] {
  const out: Problem<ReferralConfigProblemCode>[] = [];
  for (const field of ["referrerPoints", "friendPoints"] as const) {
    const v = config[field];
    if (!Number.isSafeInteger(v) || v < 0 || v > REFERRAL_MAX_POINTS)
      out.push(problem("referral_points_invalid", field, { min: 0, max: REFERRAL_MAX_POINTS }));
  }
  if (!Number.isSafeInteger(config.monthlyCap) || config.monthlyCap < 1 || config.monthlyCap > REFERRAL_MAX_CAP)
    out.push(problem("referral_cap_invalid", "monthlyCap", { min: 1, max: REFERRAL_MAX_CAP }));
  return out;
}

// ── Rules ───────────────────────────────────────────────────────────────────────────────────

/** reversed: the purchase that completed it was undone (refunded or reversed), and so was what it paid. */
export const REFERRAL_STATES = ["invited", "joined", "purchased", "rewarded", "rejected", "reversed"] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];
/** Why a referral was refused (at the invite, or later when the facts it was refused for came to light). */
export const REFERRAL_REFUSALS = ["referral_self", "referral_already_member"] as const;
export type ReferralRefusal = (typeof REFERRAL_REFUSALS)[number];

export type ReferralEvent = "join" | "purchase" | "reward" | "reject" | "reverse";

/**
 * The only transitions: invited → joined → purchased → rewarded; any but rewarded (or reversed)
 * → rejected; purchased or rewarded → reversed when the completing purchase is undone. Reversed
 * is final: the friend's later purchases do not complete it again (one referral per friend, and
 * a refunded first purchase is how a farmed referral looks).
 */
export function nextReferralState(state: ReferralState, event: ReferralEvent): ReferralState | null {
  switch (event) {
    case "join":
      return state === "invited" ? "joined" : null;
    case "purchase":
      return state === "joined" ? "purchased" : null;
    case "reward":
      return state === "purchased" ? "rewarded" : null;
    case "reject":
      return state === "rewarded" || state === "rejected" || state === "reversed" ? null : "rejected";
    case "reverse":
      return state === "purchased" || state === "rewarded" ? "reversed" : null;
  }
}

/** Who is who, as far as the rules need: the user, their Zalo id and normalised phone. */
export type Person = { userId: string; zaloId: string | null; phone: string | null };

/** Self-referral: the same user, the same Zalo account, or the same phone number. */
export function isSelfReferral(referrer: Person, friend: Person): boolean {
  if (referrer.userId === friend.userId) return true;
  if (referrer.zaloId !== null && referrer.zaloId === friend.zaloId) return true;
  return referrer.phone !== null && referrer.phone === friend.phone;
}

/**
 * Whether a friend may be recorded as invited by this referrer at `now`: never oneself, never
 * someone who is already a member (friendJoinedAt: their membership's start, null if none).
 */
export function inviteVerdict(referrer: Person, friend: Person & { joinedAt: number | null }): ReferralRefusal | null {
  if (isSelfReferral(referrer, friend)) return "referral_self";
  if (friend.joinedAt !== null) return "referral_already_member";
  return null;
}

/**
 * Whether a joined friend still qualifies (checked again at join and at the first purchase, when
 * the phone may have been shared since the invite): not oneself, and a membership that began
 * after the invite.
 */
export function joinVerdict(referrer: Person, friend: Person & { joinedAt: number }, invitedAt: number): ReferralRefusal | null {
  if (isSelfReferral(referrer, friend)) return "referral_self";
  if (friend.joinedAt < invitedAt) return "referral_already_member";
  return null;
}

/** "2026-03": the Vietnam calendar month of an instant, the cap's period. */
export function vietnamMonthKey(ms: number): string {
  const d = vietnamDate(ms);
  return `${d.year}-${String(d.month).padStart(2, "0")}`;
}

export type RewardPlan = { referrerPoints: number; friendPoints: number; referrerCapped: boolean };

/**
 * The rewards of a referral completing now, given how many referrals already paid this referrer
 * in the current Vietnam month. The friend is paid whatever the cap.
 */
export function planReward(config: ReferralConfig, referrerPaidThisMonth: number): RewardPlan {
  const capped = referrerPaidThisMonth >= config.monthlyCap;
  return { referrerPoints: capped ? 0 : config.referrerPoints, friendPoints: config.friendPoints, referrerCapped: capped };
}

// ── Clawback: the completing purchase is undone ──────────────────────────────────────────────

/**
 * Whether the purchase that completed a referral no longer stands: a manager reversed it (always
 * whole), or a POS refunded all of its bill, in one refund or in parts. A partial refund leaves a
 * purchase, so the referral stands.
 */
export function purchaseUndone(p: { managerReversed: boolean; billVnd: number; refundedVnd: number }): boolean {
  return p.managerReversed || (p.billVnd > 0 && p.refundedVnd >= p.billVnd);
}

export type ClawbackPart = { take: number; shortfall: number };
export type ClawbackPlan = { friend: ClawbackPart; referrer: ClawbackPart };

/**
 * What to take back from each side when the purchase is undone: what the referral paid them,
 * but never more than they can spend now (balances never go below zero). What they already
 * spent is the shortfall, recorded on the referral and not chased (a manager may adjust).
 */
export function planClawback(paid: { friend: number; referrer: number }, spendable: { friend: number; referrer: number }): ClawbackPlan {
  const part = (owed: number, has: number): ClawbackPart => {
    const take = Math.max(0, Math.min(owed, has));
    return { take, shortfall: owed - take };
  };
  return { friend: part(paid.friend, spendable.friend), referrer: part(paid.referrer, spendable.referrer) };
}

/**
 * Whether a referral uses up one of the referrer's monthly slots: one that paid them and still
 * stands, or one reversed whose points they had already spent (they kept something, so the slot
 * stays used: otherwise refunded purchases would pay one referrer without limit). A reversed
 * referral taken back whole gives its slot back.
 */
export function usesCapSlot(r: { state: ReferralState; referrerCapped: boolean; referrerShortfall: number }): boolean {
  if (r.referrerCapped) return false;
  return r.state === "rewarded" || (r.state === "reversed" && r.referrerShortfall > 0);
}
