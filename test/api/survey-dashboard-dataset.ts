/**
 * A small brand whose survey dashboard figures were worked out by hand (below, next to each
 * figure) from the CX team's definitions (NPS = %9–10 − %0–6; margin 1.96 × √((p(1−p) + d(1−d)
 * + 2pd) / n) × 100). Times are written in UTC; the Vietnam time (UTC+7) is in the comment.
 *
 * "Now" is Tuesday 30 June 2026, 10:00 in Vietnam. With weeks = 3 the period is the Vietnam
 * weeks of Monday 15, 22 and 29 June: [14 Jun 17:00 UTC, 5 Jul 17:00 UTC).
 */
export const NOW = Date.parse("2026-06-30T03:00:00Z");

export type SurveyLabel = "S1" | "S2" | "S3";
export type StoreLabel = "A" | "B";
export type MemberLabel = "m1" | "m2" | "m3" | "m4" | "m5" | "m6" | "m7" | "m8";

/** S1: NPS after purchase (version 2 renamed "slow"); S2: NPS in store; S3: CSAT (never mixed into NPS figures). */
export const SURVEYS: { label: SurveyLabel; kind: "nps" | "csat"; touchpoint: "post_purchase" | "in_store"; versions: number }[] = [
  { label: "S1", kind: "nps", touchpoint: "post_purchase", versions: 2 },
  { label: "S2", kind: "nps", touchpoint: "in_store", versions: 1 },
  { label: "S3", kind: "csat", touchpoint: "post_purchase", versions: 1 },
];

export type DatasetAnswer = {
  id: string;
  survey: SurveyLabel;
  member: MemberLabel;
  store: StoreLabel | null;
  score: number;
  at: string;
  source: "in_app" | "zns_link" | "store_qr" | "self";
  reasons?: string[];
  comment?: string;
  /** Replaced by a later answer (a change inside the window): never counted. */
  superseded?: boolean;
};

export const ANSWERS: DatasetAnswer[] = [
  // m1 first tapped 2, then changed it to 10 five minutes later: only the 10 counts.
  {
    id: "a7",
    survey: "S1",
    member: "m1",
    store: "A",
    score: 2,
    at: "2026-06-15T00:55:00Z",
    source: "in_app",
    reasons: ["slow"],
    comment: "Tệ",
    superseded: true,
  },
  {
    id: "a1",
    survey: "S1",
    member: "m1",
    store: "A",
    score: 10,
    at: "2026-06-15T01:00:00Z",
    source: "in_app",
    reasons: ["friendly"],
    comment: "Nhân viên thân thiện, được giảm 50k",
  }, // Mon 15 Jun 08:00
  {
    id: "a2",
    survey: "S1",
    member: "m2",
    store: "A",
    score: 9,
    at: "2026-06-21T16:59:00Z",
    source: "store_qr",
    reasons: ["friendly", "fast"],
    comment: "Pha chế nhanh, latte ngon",
  }, // Sun 21 Jun 23:59: week of 15 Jun
  {
    id: "a3",
    survey: "S1",
    member: "m3",
    store: "B",
    score: 3,
    at: "2026-06-21T17:00:00Z",
    source: "zns_link",
    reasons: ["slow"],
    comment: "Chờ quá lâu, 50% thời gian là xếp hàng",
  }, // Mon 22 Jun 00:00: week of 22 Jun
  { id: "a4", survey: "S1", member: "m4", store: "B", score: 7, at: "2026-06-23T03:00:00Z", source: "in_app" },
  {
    id: "a5",
    survey: "S2",
    member: "m5",
    store: "A",
    score: 6,
    at: "2026-06-24T03:00:00Z",
    source: "store_qr",
    reasons: ["dirty"],
    comment: "Bàn bẩn",
  },
  { id: "a6", survey: "S2", member: "m6", store: null, score: 10, at: "2026-06-30T02:00:00Z", source: "self" }, // unbound: no store
  { id: "a8", survey: "S1", member: "m7", store: "A", score: 8, at: "2026-06-14T16:59:00Z", source: "in_app", comment: "Trước kỳ" }, // Sun 14 Jun 23:59: before the period
  { id: "a9", survey: "S3", member: "m8", store: "A", score: 2, at: "2026-06-23T03:00:00Z", source: "in_app", comment: "Không hài lòng" }, // CSAT
];

export type DatasetAsk = {
  survey: SurveyLabel;
  channel: "in_app" | "zns_link" | "zns_rating";
  outcome: "pending" | "answered" | "throttled" | "failed";
  at: string;
};

export const ASKS: DatasetAsk[] = [
  { survey: "S1", channel: "in_app", outcome: "answered", at: "2026-06-15T00:50:00Z" },
  { survey: "S1", channel: "in_app", outcome: "pending", at: "2026-06-29T03:00:00Z" },
  { survey: "S1", channel: "in_app", outcome: "failed", at: "2026-06-25T03:00:00Z" },
  { survey: "S1", channel: "zns_link", outcome: "answered", at: "2026-06-21T10:00:00Z" },
  { survey: "S1", channel: "zns_link", outcome: "throttled", at: "2026-06-22T10:00:00Z" }, // never sent: not an ask
  { survey: "S1", channel: "in_app", outcome: "answered", at: "2026-06-14T16:00:00Z" }, // before the period
  { survey: "S3", channel: "zns_rating", outcome: "answered", at: "2026-06-23T02:00:00Z" }, // CSAT
];

const Z = 1.96;

/**
 * Every NPS survey, weeks = 3: a1 10, a2 9, a3 3, a4 7, a5 6, a6 10 (a7 superseded, a8 before,
 * a9 CSAT). n 6, promoters 3, detractors 2: NPS (3 − 2) / 6 = 16.67;
 * p = 1/2, d = 1/3: margin 1.96 × √((1/4 + 2/9 + 1/3) / 6) × 100 ≈ 71.82.
 */
export const EXPECTED_NPS = {
  period: { weeks: 3, from: "2026-06-15", to: "2026-07-05" },
  total: {
    n: 6,
    positive: 3,
    negative: 2,
    sum: 45,
    score: (100 * 1) / 6,
    marginOfError: Z * Math.sqrt((1 / 4 + 2 / 9 + 1 / 3) / 6) * 100,
    mean: null,
  },
  weekly: [
    // a1 10, a2 9: all promoters, NPS 100, no spread.
    { week: "2026-06-15", score: { n: 2, positive: 2, negative: 0, sum: 19, score: 100, marginOfError: 0, mean: null } },
    // a3 3, a4 7, a5 6: d = 2/3, NPS −66.67, margin 1.96 × √((2/9) / 3) × 100 ≈ 53.35.
    {
      week: "2026-06-22",
      score: { n: 3, positive: 0, negative: 2, sum: 16, score: -200 / 3, marginOfError: Z * Math.sqrt(2 / 9 / 3) * 100, mean: null },
    },
    // a6 10.
    { week: "2026-06-29", score: { n: 1, positive: 1, negative: 0, sum: 10, score: 100, marginOfError: 0, mean: null } },
  ],
  /** A: a1 10, a2 9, a5 6 → (2 − 1)/3 = 33.33; B: a3 3, a4 7 → −50; no store: a6 10 → 100. */
  byStore: [
    { store: "A", n: 3, score: 100 / 3 },
    { store: "B", n: 2, score: -50 },
    { store: null, n: 1, score: 100 },
  ],
  /** After purchase: a1–a4 → (2 − 1)/4 = 25; in store: a5 6, a6 10 → 0. */
  byTouchpoint: [
    { touchpoint: "post_purchase", n: 4, score: 25 },
    { touchpoint: "in_store", n: 2, score: 0 },
  ],
  /** S1: a1–a4 → 25 (below); S2: a5 6, a6 10 → 0. */
  bySurvey: [
    { survey: "S1", n: 4, score: 25 },
    { survey: "S2", n: 2, score: 0 },
  ],
  /** a7's "slow" is superseded and a8 is before the period. Most chosen first, then band, then id. */
  reasons: [
    { band: "promoter", reason: "friendly", count: 2 },
    { band: "detractor", reason: "dirty", count: 1 },
    { band: "detractor", reason: "slow", count: 1 },
    { band: "promoter", reason: "fast", count: 1 },
  ],
  /** Throttled and before-the-period asks and the CSAT survey's left out; a failed ask is still an ask. */
  channels: [
    { channel: "in_app", asks: 3, answered: 1 },
    { channel: "zns_link", asks: 1, answered: 1 },
  ],
  sources: [
    { source: "in_app", answers: 2 },
    { source: "store_qr", answers: 2 },
    { source: "self", answers: 1 },
    { source: "zns_link", answers: 1 },
  ],
};

/** S1 alone: a1 10, a2 9, a3 3, a4 7 → (2 − 1)/4 = 25; p 1/2, d 1/4: 1.96 × √((1/4 + 3/16 + 1/4) / 4) × 100 ≈ 81.26. */
export const EXPECTED_S1_TOTAL = {
  n: 4,
  positive: 2,
  negative: 1,
  sum: 29,
  score: 25,
  marginOfError: Z * Math.sqrt((1 / 4 + 3 / 16 + 1 / 4) / 4) * 100,
  mean: null,
};

/** S3 (CSAT): a9 2 → 0% satisfied, margin 0. */
export const EXPECTED_S3_TOTAL = { n: 1, positive: 0, negative: 1, sum: 2, score: 0, marginOfError: 0, mean: null };
