/**
 * What the survey dashboards count, in pure functions: Vietnam weeks (Monday 00:00 in Vietnam,
 * UTC+7, to the next Monday) and a score from the counts the database aggregates. The database
 * never computes a score: it counts answers per band and sums scores, and the score and its 95%
 * margin come from scoring.ts, the same functions the CX team's figures are defined by.
 */
import { civilDateText, vietnamDate, vietnamDayNumber } from "../loyalty/vietnam-time";
import { BANDS, type SurveyKind } from "./kinds";
import { npsMarginOfError, proportionMarginOfError } from "./scoring";

export const DASHBOARD_WEEKS = { min: 1, max: 53, default: 12 } as const;
/** Comments per page of the verbatim list. */
export const COMMENTS_PAGE_SIZE = 20;
/** The most reasons the dashboard lists (most chosen first). */
export const TOP_REASONS = 15;

/** 00:00 Vietnam time of a Vietnam day number, as epoch ms. */
export function vietnamDayStart(day: number): number {
  return day * 86_400_000 - 7 * 3_600_000;
}

/**
 * The Monday (a Vietnam day number) of the Vietnam week holding `day`. Day 0 (1 Jan 1970) was a
 * Thursday, so Monday is 3 days back from it; the double modulo keeps days before 1970 right.
 */
export function vietnamWeekStart(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

export type WeeksPeriod = {
  /** Mondays (Vietnam day numbers), oldest first; the last is the current week. */
  weekStarts: number[];
  fromMs: number;
  /** Exclusive: next Monday 00:00 in Vietnam. */
  toMs: number;
  from: string;
  /** The period's last day (a Sunday), as text. */
  to: string;
};

/** The last `weeks` Vietnam weeks, the current (unfinished) one included. */
export function lastWeeksPeriod(now: number, weeks: number): WeeksPeriod {
  const current = vietnamWeekStart(vietnamDayNumber(now));
  const weekStarts = Array.from({ length: weeks }, (_, i) => current - 7 * (weeks - 1 - i));
  const first = weekStarts[0]!;
  return {
    weekStarts,
    fromMs: vietnamDayStart(first),
    toMs: vietnamDayStart(current + 7),
    from: dayText(first),
    to: dayText(current + 6),
  };
}

/** "2026-06-29" for a Vietnam day number. */
export function dayText(day: number): string {
  return civilDateText(vietnamDate(vietnamDayStart(day)));
}

/** What the database counts for a group of current answers of one kind. */
export type ScoreCounts = {
  n: number;
  /** Answers in the kind's positive band (promoters, 4–5, 5–7). */
  positive: number;
  /** Answers in the kind's negative band (detractors, 1–2, 1–3). */
  negative: number;
  /** Sum of the scores (for the CES mean). */
  sum: number;
};

export type DashboardScore = ScoreCounts & {
  /** NPS −100..100, CSAT % of 4–5, CES % of 5–7; null when n = 0 (a gap, never a zero). */
  score: number | null;
  /** ± points of `score` at 95%; null when n = 0. */
  marginOfError: number | null;
  /** CES: mean score 1..7; null for other kinds and when n = 0. */
  mean: number | null;
};

/** The score bands whose answers `positive` and `negative` count. */
export function sentimentRanges(kind: SurveyKind): { positive: { min: number; max: number }; negative: { min: number; max: number } } {
  const bands = BANDS[kind];
  const of = (sentiment: "positive" | "negative") => {
    const band = bands.find((b) => b.sentiment === sentiment)!;
    return { min: band.min, max: band.max };
  };
  return { positive: of("positive"), negative: of("negative") };
}

export function scoreFromCounts(kind: SurveyKind, c: ScoreCounts): DashboardScore {
  if (c.n === 0) return { ...c, score: null, marginOfError: null, mean: null };
  if (kind === "nps")
    return {
      ...c,
      score: ((c.positive - c.negative) / c.n) * 100,
      marginOfError: npsMarginOfError(c.positive, c.negative, c.n),
      mean: null,
    };
  const score = (c.positive / c.n) * 100;
  return { ...c, score, marginOfError: proportionMarginOfError(c.positive, c.n), mean: kind === "ces" ? c.sum / c.n : null };
}
