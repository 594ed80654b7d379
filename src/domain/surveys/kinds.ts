/**
 * The three survey kinds the brand's CX team already uses, their scales and score bands.
 *
 * A band is where follow-up reasons are configured ("per score band") and whether an answer in
 * it opens a case for the store's manager ("close the loop"): both are properties of the band,
 * so a dashboard, the follow-up screen and the case rule never disagree about where 6 ends.
 */

export const SURVEY_KINDS = ["nps", "csat", "ces"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export type Scale = { min: number; max: number };
/** NPS 0–10 (10 = extremely likely to recommend), CSAT 1–5 (5 = very satisfied), CES 1–7 (7 = very easy). */
export const SCALES: Record<SurveyKind, Scale> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export const BAND_IDS = ["detractor", "passive", "promoter", "low", "neutral", "high", "hard", "easy"] as const;
export type BandId = (typeof BAND_IDS)[number];
/** Which way a band leans: the follow-up's wording ("What went wrong?" / "What did you love?") follows it. */
export type Sentiment = "negative" | "neutral" | "positive";

export type Band = {
  id: BandId;
  min: number;
  max: number;
  sentiment: Sentiment;
  /** An answer in this band opens a case for the store's manager. */
  opensCase: boolean;
};

/** Lowest band first; together they cover the scale exactly once (tested). */
export const BANDS: Record<SurveyKind, readonly Band[]> = {
  nps: [
    { id: "detractor", min: 0, max: 6, sentiment: "negative", opensCase: true },
    { id: "passive", min: 7, max: 8, sentiment: "neutral", opensCase: false },
    { id: "promoter", min: 9, max: 10, sentiment: "positive", opensCase: false },
  ],
  csat: [
    { id: "low", min: 1, max: 2, sentiment: "negative", opensCase: true },
    { id: "neutral", min: 3, max: 3, sentiment: "neutral", opensCase: false },
    { id: "high", min: 4, max: 5, sentiment: "positive", opensCase: false },
  ],
  ces: [
    { id: "hard", min: 1, max: 3, sentiment: "negative", opensCase: true },
    { id: "neutral", min: 4, max: 4, sentiment: "neutral", opensCase: false },
    { id: "easy", min: 5, max: 7, sentiment: "positive", opensCase: false },
  ],
};

export function isSurveyKind(value: unknown): value is SurveyKind {
  return typeof value === "string" && (SURVEY_KINDS as readonly string[]).includes(value);
}

/** An integer on the kind's scale. Anything else (NaN, 7.5, "7", 11 for NPS) is not a score. */
export function isValidScore(kind: SurveyKind, score: unknown): score is number {
  const { min, max } = SCALES[kind];
  return typeof score === "number" && Number.isInteger(score) && score >= min && score <= max;
}

/** The band of a valid score; throws on an invalid one (check isValidScore first). */
export function bandOf(kind: SurveyKind, score: number): Band {
  const band = BANDS[kind].find((b) => score >= b.min && score <= b.max);
  if (!band || !Number.isInteger(score)) throw new RangeError(`${kind}: ${score} is not a score`);
  return band;
}

/** The bands a kind has, by id (a CSAT survey has no "promoter"). */
export function bandIdsOf(kind: SurveyKind): BandId[] {
  return BANDS[kind].map((b) => b.id);
}

export function opensCase(kind: SurveyKind, score: number): boolean {
  return bandOf(kind, score).opensCase;
}
