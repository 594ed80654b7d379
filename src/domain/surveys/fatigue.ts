/**
 * One fatigue policy for every survey channel (in-app prompt, ZNS rating, ZNS link, a QR in
 * the store): a member is asked at most once per survey per N days and at most once across all
 * surveys per M days; when both rules refuse, the survey rule is the reason given (it is the
 * more specific one). A refused ask is dropped, never retried: the moment it was about has passed.
 *
 * Days are Vietnam calendar days (Asia/Ho_Chi_Minh, UTC+7, no DST), not rolling 24-hour
 * periods: a member asked on 1 March (any hour) may be asked again by the same survey with
 * N = 30 from 00:00 on 31 March Vietnam time. So "once per N days" means the day numbers differ
 * by at least N; a brand reading "30 days" on a calendar sees exactly that, and the answer does
 * not depend on the hour of the purchase that triggered it.
 *
 * The member's own "how often" answer (offer_frequency, docs/preference-fields.md) can only
 * lengthen M: weekly keeps at least 7 days, monthly and "only important ones" at least 30.
 */
import { vietnamDayNumber, startOfVietnamDayNumber } from "../loyalty/vietnam-time";
import type { OfferFrequency } from "../preferences/form";
import { problem, type Problem } from "../problems";

export const DEFAULT_SURVEY_THROTTLE_DAYS = 30;
export const DEFAULT_GLOBAL_THROTTLE_DAYS = 7;
/** What a brand may set for N (each survey's own throttle). */
export const THROTTLE_DAYS_LIMITS = { min: 1, max: 365 } as const;
/**
 * What a brand may set for M (the console's survey settings). 0 turns the rule across surveys
 * off (a brand with one survey needs none; each survey's N and the member's own "how often"
 * answer still hold); more than 90 days would keep a member with a prompt-based survey from
 * ever seeing a second one in a season.
 */
export const GLOBAL_THROTTLE_DAYS_LIMITS = { min: 0, max: 90 } as const;

/** Problems of an M a manager wants to save (the survey editor's throttle_range code). */
export function globalThrottleProblems(days: number): Problem<"throttle_range">[] {
  const { min, max } = GLOBAL_THROTTLE_DAYS_LIMITS;
  return Number.isInteger(days) && days >= min && days <= max ? [] : [problem("throttle_range", "globalThrottleDays", { min, max })];
}

/** The gap between any two survey asks the member's offer-frequency answer asks for. */
export const PREFERENCE_SURVEY_GAP_DAYS: Record<OfferFrequency, number> = { weekly: 7, monthly: 30, important_only: 30 };

/**
 * A time the member was surveyed: an ask that was made (not one dropped by this policy) or an
 * answer they gave, whatever the channel.
 */
export type SurveyContact = { surveyId: string; at: number };

export type FatigueInput = {
  at: number;
  surveyId: string;
  /** The member's contacts; any order, older ones than max(N, M) days may be left out. */
  contacts: readonly SurveyContact[];
  /** N: this survey's own throttle. */
  surveyDays: number;
  /** M: the brand's throttle across surveys. */
  globalDays: number;
  preference: OfferFrequency | null;
};

export type FatigueRule = "survey" | "global";
export type FatigueVerdict = { ok: true } | { ok: false; rule: FatigueRule; until: number };

/** M for this member: the brand's, lengthened by their own "how often" answer. */
export function effectiveGlobalDays(globalDays: number, preference: OfferFrequency | null): number {
  return Math.max(globalDays, preference ? PREFERENCE_SURVEY_GAP_DAYS[preference] : 0);
}

/** The first instant a contact on the day of `lastAt` stops blocking: 00:00 of that day + `days`. */
export function throttleUntil(lastAt: number, days: number): number {
  return startOfVietnamDayNumber(vietnamDayNumber(lastAt) + days);
}

/** The latest matching contact. One later than `at` (clocks of two processes) blocks too: it happened. */
function latest(contacts: readonly SurveyContact[], match: (c: SurveyContact) => boolean): number | null {
  let best: number | null = null;
  for (const c of contacts) if (match(c) && (best === null || c.at > best)) best = c.at;
  return best;
}

/** May this survey ask the member at `at`? */
export function fatigueVerdict(input: FatigueInput): FatigueVerdict {
  const { at } = input;
  const sameSurvey = latest(input.contacts, (c) => c.surveyId === input.surveyId);
  if (sameSurvey !== null) {
    const until = throttleUntil(sameSurvey, input.surveyDays);
    if (at < until) return { ok: false, rule: "survey", until };
  }
  const any = latest(input.contacts, () => true);
  if (any !== null) {
    const until = throttleUntil(any, effectiveGlobalDays(input.globalDays, input.preference));
    if (at < until) return { ok: false, rule: "global", until };
  }
  return { ok: true };
}

/**
 * May the member give a new answer (not a change) to a survey they opened themselves (an in-store
 * QR, the account page), outside any ask? Only the survey rule applies: the member chose to
 * answer, so the global rule (which protects them from us) does not; the survey rule keeps one
 * member from answering, and collecting its reward, over and over.
 */
export function answerVerdict(input: { at: number; previousAnswers: readonly number[]; surveyDays: number }): FatigueVerdict {
  let last: number | null = null;
  for (const t of input.previousAnswers) if (last === null || t > last) last = t;
  if (last === null) return { ok: true };
  const until = throttleUntil(last, input.surveyDays);
  return input.at < until ? { ok: false, rule: "survey", until } : { ok: true };
}
