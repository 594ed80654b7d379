/**
 * The send plan (decision 0034): how the ZNS daily quota, its promotional share, quiet hours and
 * the per-member daily cap turn a campaign's recipients into sends per Vietnam day — "this
 * campaign needs 3 days at today's quota; 1,200 members get it on day 2". The materialiser
 * gives each recipient the opening of their day as `not_before`, so the sends spread over the
 * days instead of failing on quota; the queue still applies every rule at send time, so the
 * plan is an estimate the queue keeps, never a promise it breaks a rule for.
 *
 * Pure: the time, the day's use and the quota are passed in.
 */
import { civilDateText, vietnamDate, vietnamDayNumber, startOfVietnamDayNumber } from "../loyalty/vietnam-time";
import { promoCap, type QuotaUse } from "../messaging/quota";
import { DEFAULT_QUIET_HOURS, quietHoursHold, type QuietHours } from "../messaging/sending-rules";
import type { ZnsTag } from "../messaging/zns-template";

/** Zalo lets an OA send promotion (tag 3) templates from the 20,000-a-day tier (zalo-platform.md §4.4). */
export const PROMOTION_MIN_DAILY_QUOTA = 20_000;
/** A plan looks this many days ahead at most; what does not fit is reported as unplaced. */
export const PLAN_MAX_DAYS = 30;

export const PLAN_WARNINGS = ["promo_tier_too_low", "quota_exhausted_today", "beyond_max_days", "starts_after_quiet_hours"] as const;
export type PlanWarning = (typeof PLAN_WARNINGS)[number];

export type PlanInput = {
  recipients: number;
  tag: ZnsTag;
  /** When the campaign starts sending (now, or its schedule). */
  start: number;
  dailyQuota: number;
  promoSharePercent: number;
  /** What the start's Vietnam day has already used (message_quota, or Zalo's figure if higher). */
  usedOnFirstDay: QuotaUse;
  /** What each later day is expected to use before this campaign (other campaigns, care traffic). */
  usedOnLaterDays?: QuotaUse;
  /** Recipients who already had a promotion on the first day: the daily cap moves them to day 2. */
  cappedOnFirstDay?: number;
  quietHours?: QuietHours;
  maxDays?: number;
};

export type PlanDay = {
  /** 1 for the start's day. */
  day: number;
  /** The Vietnam date, "2026-12-07". */
  date: string;
  /** When the day's sends may begin: the start, or the end of quiet hours for promotions. */
  opensAt: number;
  /** Sends left for this campaign on that day. */
  capacity: number;
  /** This campaign's sends placed on that day. */
  count: number;
};

export type SendPlan = {
  days: PlanDay[];
  placed: number;
  /** Recipients that do not fit within maxDays at these figures. */
  unplaced: number;
  warnings: PlanWarning[];
};

const dayStart = startOfVietnamDayNumber;

/** Sends of `tag` a day can still take, given its use. */
function capacityOf(tag: ZnsTag, dailyQuota: number, promoSharePercent: number, used: QuotaUse): number {
  const room = Math.max(0, dailyQuota - used.sent);
  if (tag !== "promotion") return room;
  return Math.min(room, Math.max(0, promoCap(dailyQuota, promoSharePercent) - used.promo));
}

export function sendPlan(input: PlanInput): SendPlan {
  const hours = input.quietHours ?? DEFAULT_QUIET_HOURS;
  const maxDays = input.maxDays ?? PLAN_MAX_DAYS;
  const later = input.usedOnLaterDays ?? { sent: 0, promo: 0 };
  const warnings: PlanWarning[] = [];
  if (input.tag === "promotion" && input.dailyQuota < PROMOTION_MIN_DAILY_QUOTA) warnings.push("promo_tier_too_low");

  // A promotion that starts in quiet hours opens at their end; after 21:00 that is the next day.
  const firstDayNumber = vietnamDayNumber(input.start);
  const held = quietHoursHold(input.start, input.tag, hours);
  const firstOpens = held ?? input.start;
  const firstDayUsable = vietnamDayNumber(firstOpens) === firstDayNumber;
  if (!firstDayUsable) warnings.push("starts_after_quiet_hours");

  const days: PlanDay[] = [];
  let left = Math.max(0, Math.floor(input.recipients));
  // The capped ones cannot go on the first day; they wait for day 2 (and go before the others then).
  let waiting = input.tag === "promotion" ? Math.min(left, Math.max(0, Math.floor(input.cappedOnFirstDay ?? 0))) : 0;
  for (let i = 0; i < maxDays && left > 0; i++) {
    const dayNumber = firstDayNumber + i;
    const first = i === 0;
    const opensAt = first ? firstOpens : input.tag === "promotion" ? dayStart(dayNumber) + hours.endHour * 3_600_000 : dayStart(dayNumber);
    const capacity =
      first && !firstDayUsable ? 0 : capacityOf(input.tag, input.dailyQuota, input.promoSharePercent, first ? input.usedOnFirstDay : later);
    const eligible = first ? left - waiting : left;
    const count = Math.min(capacity, eligible);
    if (first) {
      if (capacity === 0 && firstDayUsable) warnings.push("quota_exhausted_today");
      waiting = 0;
    }
    days.push({ day: i + 1, date: civilDateText(vietnamDate(dayStart(dayNumber))), opensAt, capacity, count });
    left -= count;
  }
  if (left > 0) warnings.push("beyond_max_days");
  // Days where nothing is placed at the end carry no information.
  while (days.length && days[days.length - 1]!.count === 0) days.pop();
  return { days, placed: days.reduce((a, d) => a + d.count, 0), unplaced: left, warnings };
}

/**
 * The day of the recipient at `index` (0-based, in the materialiser's order) and when it may
 * go; null past the placed ones (they get the last day's opening and wait for the queue's
 * quota like any message).
 */
export function slotOf(plan: SendPlan, index: number): PlanDay | null {
  let upper = 0;
  for (const d of plan.days) {
    upper += d.count;
    if (index < upper) return d;
  }
  return null;
}
