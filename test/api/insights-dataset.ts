/**
 * A small brand whose retention and store loop figures were worked out by hand (below, next to
 * each figure) from the rules of domain/insights/retention.ts: a visit is a non-reversed earn,
 * one per member, store and Vietnam day. Times are Vietnam time (UTC+7) written as UTC.
 *
 * "Now" is 30 June 2026, 10:00 in Vietnam. Stores A and B; scanners Lan (A), Minh (A and B);
 * one import from a till with no person (B).
 */
export const NOW = Date.parse("2026-06-30T03:00:00Z");

export type DatasetEarn = {
  /** Label used by `reversed` and the messages. */
  id: string;
  member: "m1" | "m2" | "m3" | "m4" | "m5" | "m6";
  store: "A" | "B";
  scanner: "lan" | "minh" | null;
  at: string;
  points: number;
  reversed?: boolean;
};

export const EARNS: DatasetEarn[] = [
  { id: "e1", member: "m1", store: "A", scanner: "lan", at: "2026-06-02T02:00:00Z", points: 10 }, // 2 Jun 09:00
  { id: "e2", member: "m1", store: "A", scanner: "lan", at: "2026-06-02T12:00:00Z", points: 5 }, // 2 Jun 19:00: same visit
  { id: "e3", member: "m1", store: "A", scanner: "minh", at: "2026-06-20T03:00:00Z", points: 20 },
  { id: "e4", member: "m2", store: "A", scanner: "lan", at: "2026-06-15T16:59:00Z", points: 8 }, // 15 Jun 23:59
  { id: "e5", member: "m2", store: "A", scanner: "lan", at: "2026-06-15T17:00:00Z", points: 7 }, // 16 Jun 00:00: next day
  { id: "e6", member: "m3", store: "B", scanner: "minh", at: "2026-06-10T03:00:00Z", points: 30, reversed: true },
  { id: "e7", member: "m3", store: "B", scanner: null, at: "2026-06-11T03:00:00Z", points: 12 },
  { id: "e8", member: "m4", store: "B", scanner: "minh", at: "2026-03-05T03:00:00Z", points: 40 },
  { id: "e9", member: "m4", store: "A", scanner: "lan", at: "2026-04-01T03:00:00Z", points: 6 }, // exactly 90 days ago
  { id: "e10", member: "m5", store: "B", scanner: "minh", at: "2026-01-10T03:00:00Z", points: 25 },
  { id: "e11", member: "m1", store: "A", scanner: "lan", at: "2026-05-31T16:30:00Z", points: 9 }, // 31 May 23:30: before the period
  { id: "e12", member: "m2", store: "B", scanner: "minh", at: "2026-05-20T03:00:00Z", points: 11 },
  { id: "e13", member: "m6", store: "B", scanner: "minh", at: "2026-05-31T17:00:00Z", points: 10 }, // 1 Jun 00:00: in the period
];

/** Messages sent (or not) by the queue; `earn` links a points_updated message to the earn that caused it. */
export type DatasetMessage = {
  earn: string | null;
  member: DatasetEarn["member"];
  tag: "transaction" | "customer_care" | "promotion";
  status: "sent" | "delivered" | "failed";
  sentAt: string;
  devMode?: boolean;
};

export const MESSAGES: DatasetMessage[] = [
  { earn: "e1", member: "m1", tag: "customer_care", status: "sent", sentAt: "2026-06-02T02:01:00Z" },
  { earn: "e3", member: "m1", tag: "customer_care", status: "delivered", sentAt: "2026-06-20T03:01:00Z" },
  { earn: "e7", member: "m3", tag: "customer_care", status: "failed", sentAt: "2026-06-11T03:01:00Z" }, // never sent: not counted
  { earn: "e11", member: "m1", tag: "customer_care", status: "sent", sentAt: "2026-05-31T16:31:00Z" }, // 31 May: before the period
  { earn: "e4", member: "m2", tag: "customer_care", status: "sent", sentAt: "2026-06-15T17:01:00Z", devMode: true }, // a test send
  { earn: null, member: "m6", tag: "transaction", status: "delivered", sentAt: "2026-06-05T03:00:00Z" }, // welcome: brand only
  { earn: null, member: "m2", tag: "promotion", status: "sent", sentAt: "2026-06-06T03:00:00Z" }, // campaign: brand only
];

/** The brand's own price for care messages; transaction and promotion keep the defaults (200, 300). */
export const CARE_PRICE_VND = 250;

/**
 * GET /console/insights/retention?days=30&months=4 (period 1–30 June; churn 90 days: last visit
 * on or before 1 April).
 * - Visits in June: m1 (A 2 Jun, A 20 Jun), m2 (A 15 Jun, A 16 Jun), m3 (B 11 Jun; e6 reversed),
 *   m6 (B 1 Jun) → 4 members, m1 and m2 repeat → 2.
 * - First visits: m1 31 May (e11), m2 20 May, m3 11 Jun, m4 5 Mar, m5 10 Jan (outside the grid), m6 1 Jun.
 *   Months visited: m1 May, Jun; m2 May, Jun; m3 Jun; m4 Mar, Apr; m6 Jun.
 * - Last visits: m4 1 Apr (90 days: churned), m5 10 Jan (churned), the rest in June → 6 ever, 2 churned;
 *   with churnDays=91, m4 is not churned → 1.
 */
export const EXPECTED_RETENTION = {
  period: { days: 30, from: "2026-06-01", to: "2026-06-30" },
  repeat: { members: 4, repeaters: 2 },
  cohorts: [
    { cohort: "2026-03", size: 1, cells: [1, 1, 0, 0] },
    { cohort: "2026-04", size: 0, cells: [0, 0, 0] },
    { cohort: "2026-05", size: 2, cells: [2, 2] },
    { cohort: "2026-06", size: 2, cells: [2] },
  ],
  churn: { days: 90, everVisited: 6, churned: 2 },
  /**
   * Current NPS answers (ANSWERS below), all time: still coming m1 (10, 9), m2 (3, 8), m3 (9; its 2
   * was changed) → 3 promoters, 1 detractor of 5 = 40; churned m4 (10) → 100 of 1.
   */
  npsByChurn: { retained: { nps: 40, responses: 5 }, churned: { nps: 100, responses: 1 } },
};

/**
 * GET /console/insights/stores?days=30: 5 rolling weeks starting 27 May, 3, 10, 17 and 24 June.
 * - A: issued in June e1+e2+e3+e4+e5 = 50; weeks: 27 May–2 Jun e11+e1+e2 = 24, 10–16 Jun e4+e5 = 15,
 *   17–23 Jun e3 = 20; open lots e1,e2,e3,e4,e5,e9,e11 = 65; active m1, m2, both twice;
 *   messages e1 (sent), e3 (delivered) = 2 × 250 đ.
 * - B: issued e7+e13 = 22 (e6 reversed); weeks: e13 = 10 in the first, e7 = 12 in the third;
 *   open lots e7,e8,e10,e12,e13 = 98 (e6's lot emptied by the reversal); active m3, m6, once each.
 * - Brand: 4 messages sent in June (2 care, 1 transaction, 1 promotion) = 2×250 + 200 + 300 = 1,000 đ.
 */
export const EXPECTED_STORES = {
  weeks: ["2026-05-27", "2026-06-03", "2026-06-10", "2026-06-17", "2026-06-24"],
  stores: {
    A: { pointsIssued: 50, weekly: [24, 0, 15, 20, 0], liability: 65, activeMembers: 2, repeaters: 2, messagesSent: 2, costVnd: 500 },
    B: { pointsIssued: 22, weekly: [10, 0, 12, 0, 0], liability: 98, activeMembers: 2, repeaters: 0, messagesSent: 0, costVnd: 0 },
  },
  /** Lan: e1,e2,e4,e5 in June (m1 once, m2 twice); Minh at A: e3; Minh at B: e13 (e6 reversed); the till at B: e7. */
  scanners: {
    "A|lan": { pointsIssued: 30, weekly: [24, 0, 15, 0, 0], liability: 45, activeMembers: 2, repeaters: 1, messagesSent: 1, costVnd: 250 },
    "A|minh": { pointsIssued: 20, weekly: [0, 0, 0, 20, 0], liability: 20, activeMembers: 1, repeaters: 0, messagesSent: 1, costVnd: 250 },
    "B|minh": { pointsIssued: 10, weekly: [10, 0, 0, 0, 0], liability: 86, activeMembers: 1, repeaters: 0, messagesSent: 0, costVnd: 0 },
    "B|": { pointsIssued: 12, weekly: [0, 0, 12, 0, 0], liability: 12, activeMembers: 1, repeaters: 0, messagesSent: 0, costVnd: 0 },
  },
  brand: { messagesSent: 4, costVnd: 1000, pointsIssued: 72, liability: 163 },
};

/** Survey answers (survey core tables): `earn` is the transaction the answer is about. */
export type DatasetAnswer = {
  kind: "nps" | "csat";
  member: DatasetEarn["member"];
  store: "A" | "B";
  earn: string | null;
  score: number;
  at: string;
  superseded?: boolean;
};

export const ANSWERS: DatasetAnswer[] = [
  { kind: "nps", member: "m1", store: "A", earn: "e1", score: 10, at: "2026-06-02T03:00:00Z" }, // promoter, Lan
  { kind: "nps", member: "m2", store: "A", earn: "e4", score: 3, at: "2026-06-15T17:30:00Z" }, // detractor, Lan
  { kind: "nps", member: "m1", store: "A", earn: "e3", score: 9, at: "2026-06-20T04:00:00Z" }, // promoter, Minh
  { kind: "nps", member: "m2", store: "A", earn: null, score: 8, at: "2026-06-21T04:00:00Z" }, // passive, a QR on the table
  { kind: "nps", member: "m3", store: "B", earn: "e7", score: 2, at: "2026-06-11T04:00:00Z", superseded: true }, // changed to…
  { kind: "nps", member: "m3", store: "B", earn: "e7", score: 9, at: "2026-06-11T04:05:00Z" }, // …a promoter, the till
  { kind: "nps", member: "m4", store: "B", earn: null, score: 10, at: "2026-05-20T04:00:00Z" }, // before the period
  { kind: "csat", member: "m6", store: "B", earn: "e13", score: 5, at: "2026-05-31T18:00:00Z" }, // 1 June in Vietnam, Minh
  { kind: "csat", member: "m3", store: "B", earn: null, score: 2, at: "2026-06-12T04:00:00Z" },
];

/**
 * Voice of the customer in June: NPS = (promoters − detractors) / n × 100, CSAT = % of 4–5.
 * - A: a promoter, a detractor, a promoter, a passive → (2 − 1) / 4 = 25; no CSAT.
 * - B: m3's changed answer counts once (9, a promoter) → 100 of 1; CSAT 5 and 2 → 50 % of 2.
 * - Lan at A: 10 and 3 → 0 of 2; Minh at A: 9 → 100 of 1; Minh at B: CSAT 5 → 100 % of 1;
 *   the till at B: 9 → 100 of 1. The QR answer and m3's CSAT are about no earn: store rows only.
 */
export const EXPECTED_VOICE = {
  stores: {
    A: { nps: 25, npsResponses: 4, csat: null, csatResponses: null },
    B: { nps: 100, npsResponses: 1, csat: 50, csatResponses: 2 },
  },
  scanners: {
    "A|lan": { nps: 0, npsResponses: 2, csat: null, csatResponses: null },
    "A|minh": { nps: 100, npsResponses: 1, csat: null, csatResponses: null },
    "B|minh": { nps: null, npsResponses: null, csat: 100, csatResponses: 1 },
    "B|": { nps: 100, npsResponses: 1, csat: null, csatResponses: null },
  },
};

/**
 * Feedback cases, counted at NOW (30 June 03:00 UTC) whatever the period: `due` is the due time,
 * `closed` a closed case, `earn` the earn its answer was bound to (the transaction ref; `ref`
 * a ref that is no earn, as a till's receipt number). A: an open case due 1 July (not overdue),
 * one due 29 June (overdue) and one closed (not counted) → 2 open, 1 overdue. B: a case due
 * exactly at NOW (overdue: due means "by then") and one about a receipt, due 2 July → 2 open,
 * 1 overdue. Per scanner: Lan scanned e4 (A, open), Minh e3 (A, overdue), the till e7 (B,
 * overdue); the closed case's e9 and the receipt count for nobody; Minh at B has none → 0 / 0.
 */
export type DatasetCase = {
  member: DatasetEarn["member"];
  store: "A" | "B";
  due: string;
  closed?: boolean;
  earn?: string;
  ref?: string;
};
export const CASES: DatasetCase[] = [
  { member: "m2", store: "A", due: "2026-07-01T03:00:00Z", earn: "e4" },
  { member: "m1", store: "A", due: "2026-06-29T03:00:00Z", earn: "e3" },
  { member: "m5", store: "A", due: "2026-06-20T03:00:00Z", closed: true, earn: "e9" },
  { member: "m3", store: "B", due: "2026-06-30T03:00:00Z", earn: "e7" },
  { member: "m6", store: "B", due: "2026-07-02T03:00:00Z", ref: "HD-0042" },
];
export const EXPECTED_CASES = {
  A: { openCases: 2, overdueCases: 1 },
  B: { openCases: 2, overdueCases: 1 },
};
export const EXPECTED_SCANNER_CASES = {
  "A|lan": { openCases: 1, overdueCases: 0 },
  "A|minh": { openCases: 1, overdueCases: 1 },
  "B|minh": { openCases: 0, overdueCases: 0 },
  "B|": { openCases: 1, overdueCases: 1 },
};
