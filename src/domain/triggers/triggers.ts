/**
 * Always-on triggers (issue 15): the automatic messages a brand switches on and configures —
 * who is due today for each kind, and the occurrence ("period") that makes a trigger fire at
 * most once per member per occurrence. Pure: the time is passed in, dates are Vietnam days
 * (UTC+7, loyalty/vietnam-time), the server binds what these return as SQL parameters.
 *
 * The occurrence key `trigger:<kind>:<member>:<period>` is the message's dedupe key and the
 * trigger firing's unique key: a second pass, a restart or a concurrent process finds it taken.
 */
import { addDays, civilDateText, DAY_MS, isLeapYear, vietnamDate, vietnamDayNumber, type CivilDate } from "../loyalty/vietnam-time";
import { TIER_CODES, type TierCode } from "../loyalty/tiers";

export const TRIGGER_KINDS = [
  "welcome",
  "birthday",
  "tier_upgrade",
  "points_expiring",
  "post_purchase_survey",
  "win_back",
  "detractor_apology",
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** Per kind: what the brand can set. Whole numbers, bounded (the contract checks the same bounds). */
export type TriggerSettings = {
  /** birthday: how many days before the birthday the message goes (0 = on the day). */
  daysBefore?: number;
  /** points_expiring: points expiring within this many days. */
  withinDays?: number;
  /** post_purchase_survey: hours after the earn. */
  delayHours?: number;
  /** win_back: days without a visit. */
  afterDays?: number;
  /** birthday, win_back: a reward whose voucher is issued per member with the message (null: none). */
  rewardId?: string | null;
};

export const SETTING_BOUNDS = {
  daysBefore: { min: 0, max: 30 },
  withinDays: { min: 1, max: 60 },
  delayHours: { min: 1, max: 72 },
  afterDays: { min: 7, max: 365 },
} as const;

/** Which settings each kind has, with their defaults (a trigger never saved reads these). */
export const DEFAULT_SETTINGS: Record<TriggerKind, TriggerSettings> = {
  welcome: {},
  birthday: { daysBefore: 3, rewardId: null },
  tier_upgrade: {},
  points_expiring: { withinDays: 7 },
  post_purchase_survey: { delayHours: 2 },
  win_back: { afterDays: 60, rewardId: null },
  detractor_apology: {},
};

/** Kinds that can issue a voucher with their message. */
export const VOUCHER_KINDS: readonly TriggerKind[] = ["birthday", "win_back"];

/**
 * Kinds whose events happen at a moment (a case closed, an earn, a tier reached): they fire only
 * for events after the trigger was switched on, so switching one on does not message the past.
 */
export const EVENT_KINDS: readonly TriggerKind[] = ["tier_upgrade", "post_purchase_survey", "detractor_apology"];

/** Events older than this when a pass reaches them are not messaged (the moment has passed). */
export const EVENT_MAX_AGE_MS = 7 * DAY_MS;
/** A survey after an earn goes at most this late after its due time (as the survey core's ASK_MAX_DELAY_MS). */
export const SURVEY_MAX_LATE_MS = 24 * 3_600_000;

export const occurrenceKey = (kind: TriggerKind, memberId: string, period: string) =>
  // The welcome keeps the dedupe key it had before triggers existed: a member welcomed then is never welcomed again.
  kind === "welcome" ? `welcome:${memberId}` : `trigger:${kind}:${memberId}:${period}`;

/** The message source the queue records (results are counted by it). */
export const triggerSource = (kind: TriggerKind) => `trigger:${kind}`;

export type Occurrence = { period: string };

/**
 * The birthday this year, or the next when it is past: 29 February falls on 28 February in a
 * year without one. `daysBefore` days before it up to the day itself, the member is due; the
 * period is the birthday's year, so the message goes once a year even when the window starts in
 * December for a birthday in January. A pass that missed the first day (the server was down)
 * still sends within the window.
 */
export function birthdayOccurrence(now: number, daysBefore: number, birthday: { month: number; day: number }): Occurrence | null {
  const today = vietnamDate(now);
  const todayN = vietnamDayNumber(now);
  for (const year of [today.year, today.year + 1]) {
    const date = celebratedOn(year, birthday);
    if (!date) return null;
    const n = dayNumberOf(date);
    if (n < todayN) continue;
    return n - todayN <= daysBefore ? { period: String(year) } : null;
  }
  return null;
}

function celebratedOn(year: number, b: { month: number; day: number }): CivilDate | null {
  if (!Number.isInteger(b.month) || !Number.isInteger(b.day) || b.month < 1 || b.month > 12 || b.day < 1 || b.day > 31) return null;
  if (b.month === 2 && b.day === 29 && !isLeapYear(year)) return { year, month: 2, day: 28 };
  return { year, month: b.month, day: b.day };
}

/** Vietnam day number of a civil date (12:00 UTC lies inside the same Vietnam day). */
const dayNumberOf = (d: CivilDate) => vietnamDayNumber(Date.UTC(d.year, d.month - 1, d.day, 12));

/**
 * Points expiring: the member's earliest lot with points left expires after now and no later than
 * the end of the Vietnam day `withinDays` from today. The period is that expiry's Vietnam date: a
 * member is told once per expiry date, and again for a later one.
 */
export function pointsExpiringOccurrence(now: number, withinDays: number, earliestExpiry: number): Occurrence | null {
  if (earliestExpiry <= now) return null;
  const days = vietnamDayNumber(earliestExpiry) - vietnamDayNumber(now);
  return days <= withinDays ? { period: civilDateText(vietnamDate(earliestExpiry)) } : null;
}

/** The latest expiry instant a pass at `now` looks at (the SQL prefilter of pointsExpiringOccurrence). */
export function expiringUntil(now: number, withinDays: number): number {
  const end = addDays(vietnamDate(now), withinDays);
  return (dayNumberOf(end) + 1) * DAY_MS - 7 * 3_600_000 - 1;
}

/**
 * Win-back: `afterDays` whole Vietnam days or more since the member's last visit (an earn). The
 * period is the last visit's date: a member comes back, lapses again, and is due again.
 */
export function winBackOccurrence(now: number, afterDays: number, lastVisit: number): Occurrence | null {
  const days = vietnamDayNumber(now) - vietnamDayNumber(lastVisit);
  return days >= afterDays ? { period: civilDateText(vietnamDate(lastVisit)) } : null;
}

/** The latest last visit a win-back pass at `now` looks at (its SQL prefilter): the end of the Vietnam day `afterDays` ago. */
export function lapsedBefore(now: number, afterDays: number): number {
  return (vietnamDayNumber(now) - afterDays + 1) * DAY_MS - 7 * 3_600_000 - 1;
}

/**
 * Post-purchase survey: `delayHours` after the earn, and not more than a day late (a visit asked
 * about days later is no longer fresh). The period is the earn's entry: one ask per purchase.
 */
export function surveyOccurrence(now: number, delayHours: number, earnAt: number, entryId: string): Occurrence | null {
  const due = earnAt + delayHours * 3_600_000;
  return now >= due && now - due <= SURVEY_MAX_LATE_MS ? { period: entryId } : null;
}

/**
 * Tier upgrade: the member's tier is above the one last seen. The period is the tier reached and
 * the Vietnam day it was seen, so a member who drops and climbs back later is congratulated again,
 * while two passes of the same day find the same key.
 */
export function tierUpgradeOccurrence(now: number, seen: TierCode, current: TierCode): Occurrence | null {
  return TIER_CODES.indexOf(current) > TIER_CODES.indexOf(seen) ? { period: `${current}@${civilDateText(vietnamDate(now))}` } : null;
}

/** Detractor apology: a case the manager closed after the trigger was on and within the last week; one per case. */
export function apologyOccurrence(now: number, closedAt: number, enabledAt: number, caseId: string): Occurrence | null {
  return closedAt >= enabledAt && closedAt <= now && now - closedAt <= EVENT_MAX_AGE_MS ? { period: caseId } : null;
}
