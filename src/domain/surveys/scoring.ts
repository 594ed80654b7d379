/**
 * Survey scores as the CX team computes them, with the 95% margin of error beside each one.
 * Input is the current answers' scores (a changed answer counts once, with its latest score);
 * no answers give null, never NaN, so a chart shows a gap instead of a wrong zero.
 * Results are exact (unrounded); screens round.
 */
import { SCALES, type SurveyKind } from "./kinds";

/** z for a two-sided 95% interval. */
export const Z95 = 1.96;

export type NpsScore = {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, −100..+100; null when n = 0. */
  nps: number | null;
  /** ± points of NPS; null when n = 0. */
  marginOfError: number | null;
};

export type CsatScore = {
  n: number;
  /** Answers of 4–5. */
  satisfied: number;
  /** % of 4–5, 0..100; null when n = 0. */
  csat: number | null;
  marginOfError: number | null;
};

export type CesScore = {
  n: number;
  /** Mean score 1..7; null when n = 0. */
  mean: number | null;
  /** Answers of 5–7. */
  easy: number;
  /** % of 5–7, 0..100; null when n = 0. */
  easyPercent: number | null;
  /** ± points of easyPercent. */
  marginOfError: number | null;
};

function onScale(kind: SurveyKind, scores: readonly number[]): number[] {
  const { min, max } = SCALES[kind];
  const bad = scores.find((s) => !Number.isInteger(s) || s < min || s > max);
  // Scores come from validated answers; one off the scale means a caller mixed kinds.
  if (bad !== undefined) throw new RangeError(`${kind}: ${bad} is not a score`);
  return scores as number[];
}

/**
 * The NPS margin of error, in NPS points: 1.96 × √((p₉₋₁₀(1−p₉₋₁₀) + p₀₋₆(1−p₀₋₆) + 2·p₉₋₁₀·p₀₋₆) / n) × 100.
 * The bracket is the variance of one answer's value (+1 promoter, 0 passive, −1 detractor).
 */
export function npsMarginOfError(promoters: number, detractors: number, n: number): number | null {
  if (n <= 0) return null;
  const p = promoters / n;
  const d = detractors / n;
  const variance = p * (1 - p) + d * (1 - d) + 2 * p * d;
  // Rounding can push a zero variance a hair below 0 (all promoters): clamp before the root.
  return Z95 * Math.sqrt(Math.max(0, variance) / n) * 100;
}

/** The margin of error of a proportion (Wald), in percentage points: 1.96 × √(p(1−p)/n) × 100. */
export function proportionMarginOfError(hits: number, n: number): number | null {
  if (n <= 0) return null;
  const p = hits / n;
  return Z95 * Math.sqrt(Math.max(0, p * (1 - p)) / n) * 100;
}

export function npsScore(scores: readonly number[]): NpsScore {
  const all = onScale("nps", scores);
  const n = all.length;
  const promoters = all.filter((s) => s >= 9).length;
  const detractors = all.filter((s) => s <= 6).length;
  return {
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps: n === 0 ? null : ((promoters - detractors) / n) * 100,
    marginOfError: npsMarginOfError(promoters, detractors, n),
  };
}

export function csatScore(scores: readonly number[]): CsatScore {
  const all = onScale("csat", scores);
  const n = all.length;
  const satisfied = all.filter((s) => s >= 4).length;
  return { n, satisfied, csat: n === 0 ? null : (satisfied / n) * 100, marginOfError: proportionMarginOfError(satisfied, n) };
}

export function cesScore(scores: readonly number[]): CesScore {
  const all = onScale("ces", scores);
  const n = all.length;
  const easy = all.filter((s) => s >= 5).length;
  return {
    n,
    mean: n === 0 ? null : all.reduce((sum, s) => sum + s, 0) / n,
    easy,
    easyPercent: n === 0 ? null : (easy / n) * 100,
    marginOfError: proportionMarginOfError(easy, n),
  };
}

export type SurveyScore = ({ kind: "nps" } & NpsScore) | ({ kind: "csat" } & CsatScore) | ({ kind: "ces" } & CesScore);

/** The kind's score of a set of answers. */
export function surveyScore(kind: SurveyKind, scores: readonly number[]): SurveyScore {
  if (kind === "nps") return { kind, ...npsScore(scores) };
  if (kind === "csat") return { kind, ...csatScore(scores) };
  return { kind, ...cesScore(scores) };
}
