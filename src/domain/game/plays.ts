/**
 * Plays: how many spins a member has (issue 14).
 *
 * - Free plays: `freePlaysPerDay` per Vietnam calendar day (UTC+7, vietnamDayNumber); unused
 *   free plays do not carry over to the next day.
 * - Extra plays: granted once per action (completing the preference profile, answering a survey,
 *   following the OA, a purchase of at least the campaign's amount) or bought with points when
 *   the campaign allows it. They stay until used or the campaign ends.
 * - A spin uses a free play of the day first, then an extra play.
 * - The per-member daily cap (playsPerMemberPerDay) limits spins per day whatever the plays held.
 */
import { vietnamDayNumber } from "../loyalty/vietnam-time";
import type { PlayAction, WheelCampaignConfig } from "./wheel";

/** The Vietnam day a play or a grant counts in: the brand's day (days since 1970-01-01 in UTC+7). */
export const gameDay = (at: number) => vietnamDayNumber(at);

export type PlayCounts = {
  freePlaysPerDay: number;
  /** Free plays used on the day asked about. */
  freeUsedToday: number;
  /** Spins on the day asked about (free and extra). */
  playsToday: number;
  /** Extra plays granted over the campaign, and used. */
  extraGranted: number;
  extraUsed: number;
  /** playsPerMemberPerDay; null: no cap. */
  maxPlaysPerDay: number | null;
};

export type RemainingPlays = {
  free: number;
  extra: number;
  /** What the member can spin today: free + extra, limited by the daily cap. */
  total: number;
  /** The daily cap is what stops the member (they hold plays they cannot use today). */
  dailyCapReached: boolean;
};

export function remainingPlays(p: PlayCounts): RemainingPlays {
  const free = Math.max(0, p.freePlaysPerDay - p.freeUsedToday);
  const extra = Math.max(0, p.extraGranted - p.extraUsed);
  const capLeft = p.maxPlaysPerDay === null ? Number.POSITIVE_INFINITY : Math.max(0, p.maxPlaysPerDay - p.playsToday);
  const total = Math.min(free + extra, capLeft);
  return { free, extra, total, dailyCapReached: free + extra > 0 && capLeft === 0 };
}

export type PlaySource = "free" | "extra";
export type TakePlay = { ok: true; source: PlaySource } | { ok: false; reason: "game_no_plays_left" | "game_daily_play_limit" };

/** The play a spin uses now: a free play of the day first, then an extra one. */
export function takePlay(p: PlayCounts): TakePlay {
  const left = remainingPlays(p);
  if (left.dailyCapReached) return { ok: false, reason: "game_daily_play_limit" };
  if (left.total <= 0) return { ok: false, reason: "game_no_plays_left" };
  return { ok: true, source: left.free > 0 ? "free" : "extra" };
}

/**
 * Extra plays an action grants under this campaign: 0 when the campaign grants none for it, or
 * when a purchase is below the campaign's amount.
 */
export function playsForAction(
  config: Pick<WheelCampaignConfig, "extraPlays" | "purchaseMinVnd">,
  action: PlayAction,
  facts: { billVnd?: number } = {},
): number {
  const plays = config.extraPlays[action];
  if (action === "purchase_over_amount" && !((facts.billVnd ?? 0) >= config.purchaseMinVnd && (facts.billVnd ?? 0) > 0)) return 0;
  return plays;
}

/**
 * The key that makes one action grant once per campaign and member: the profile and the OA
 * once ever, a survey once per answer, a purchase once per ledger entry, a bought play once per
 * request.
 */
export function grantKey(action: PlayAction | "bought", ref?: string): string {
  if (action === "profile_completed" || action === "followed_oa") return action;
  if (!ref) throw new Error(`${action} needs a reference`);
  return `${action}:${ref}`;
}
