/**
 * Retention and the store loop view (issue 13): loyalty joined to the voice of the customer.
 * Every figure is a count or an integer; rates are left to the reader (domain/insights
 * percent), so the API never rounds a share for anyone. Days and months are Vietnam ones.
 */
import { z } from "zod";
import { DEFAULT_CHURN_DAYS, DEFAULT_COHORT_MONTHS, DEFAULT_PERIOD_DAYS } from "../domain/insights/retention";
import { ZNS_TAGS } from "../domain/messaging/zns-template";
import { Uuid } from "./common";

const Count = z.number().int().nonnegative();
const Month = z.string().regex(/^\d{4}-\d{2}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The last `days` Vietnam days, today included. */
const PeriodDays = z.coerce.number().int().min(7).max(366).default(DEFAULT_PERIOD_DAYS);

export const Period = z.object({ days: z.number().int(), from: Day, to: Day });

export const RetentionQuery = z.object({
  days: PeriodDays,
  churnDays: z.coerce.number().int().min(7).max(730).default(DEFAULT_CHURN_DAYS),
  months: z.coerce.number().int().min(2).max(24).default(DEFAULT_COHORT_MONTHS),
});

export const Retention = z.object({
  period: Period,
  /** Members with a visit in the period, and of them those with two or more. */
  repeat: z.object({ members: Count, repeaters: Count }),
  /** Oldest cohort first; cells[k] = members of the cohort who visited in month cohort+k. */
  cohorts: z.array(z.object({ cohort: Month, size: Count, cells: z.array(Count) })),
  /** Members who ever visited, and those of them with no visit in the last `days` days. */
  churn: z.object({ days: z.number().int(), everVisited: Count, churned: Count }),
  /**
   * NPS (−100..100, unrounded) of the current NPS answers of members still coming (a visit in the
   * last `churnDays` days) and of churned members, with the number of answers; null without answers.
   */
  npsByChurn: z.object({
    retained: z.object({ nps: z.number().nullable(), responses: Count }),
    churned: z.object({ nps: z.number().nullable(), responses: Count }),
  }),
});
export type Retention = z.infer<typeof Retention>;

export const StoreLoopQuery = z.object({ days: PeriodDays });

/** The figures shared by a store's row and a scanner's row. */
const LoopFigures = {
  /** Points of the period's earns (reversed earns left out). */
  pointsIssued: z.number().int(),
  /** Open points of lots earned here (or scanned by this person), whatever the period. */
  liability: z.number().int(),
  /** ZNS messages sent in the period because of an earn here, and their estimated cost. */
  messagesSent: Count,
  costVnd: Count,
  /** Members with a visit here in the period, and of them those with two or more. */
  activeMembers: Count,
  repeaters: Count,
  /** Points issued per rolling week, oldest first; the last is the last 7 days (weeks.length long). */
  weekly: z.array(z.number().int()),
  /**
   * Voice of the customer: NPS (−100..100) and CSAT (% of 4–5) of the period's current answers
   * at this store (a scanner: answers about earns they scanned), unrounded, with the number of
   * answers; null when there are none. Open and overdue cases: the store's unclosed cases now
   * (not over the period); a scanner's row, those whose answer was about an earn they scanned.
   */
  nps: z.number().nullable(),
  npsResponses: Count.nullable(),
  csat: z.number().nullable(),
  csatResponses: Count.nullable(),
  openCases: Count.nullable(),
  overdueCases: Count.nullable(),
};

/** The voice-of-the-customer columns of a row with no answers (every row then gets its case counts). */
export const NOT_MEASURED = {
  nps: null,
  npsResponses: null,
  csat: null,
  csatResponses: null,
  openCases: null,
  overdueCases: null,
} as const;

export const StoreLoopRow = z.object({ storeId: Uuid, storeName: z.string(), ...LoopFigures });
export const ScannerLoopRow = z.object({
  /** null: earns with no person behind them (imported from a till, a job). */
  userId: Uuid.nullable(),
  name: z.string().nullable(),
  storeId: Uuid,
  storeName: z.string(),
  ...LoopFigures,
});

export const StoreLoop = z.object({
  period: Period,
  /** The first day of each weekly bucket of `weekly`, oldest first. */
  weeks: z.array(Day),
  stores: z.array(StoreLoopRow),
  scanners: z.array(ScannerLoopRow),
  /** The brand's whole period: every message sent (not only those an earn caused), and its cost. */
  brand: z.object({ messagesSent: Count, costVnd: Count, pointsIssued: z.number().int(), liability: z.number().int() }),
  /** The prices the estimate used, đồng per message by tag. */
  prices: z.record(z.enum(ZNS_TAGS), Count),
});
export type StoreLoop = z.infer<typeof StoreLoop>;
export type StoreLoopRow = z.infer<typeof StoreLoopRow>;
export type ScannerLoopRow = z.infer<typeof ScannerLoopRow>;
