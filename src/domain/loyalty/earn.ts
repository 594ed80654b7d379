/**
 * Points earned on a bill.
 *
 * Rounding rule (also stated in ledger.ts, which the docs link to):
 *   basePoints    = floor(billVnd / vndPerPoint)
 *   promotionBps  = bps of the single highest-bps promotion active for the store at `at`,
 *                   or 10_000 when none is; promotions never stack
 *   points        = floor(basePoints × tierBps × promotionBps / 100_000_000)
 * Multipliers are basis points (10_000 = ×1.0) so configuration stays integral; the product is
 * computed with BigInt because basePoints (≤ 10^8) × two bps (≤ 10^5 each) reaches 10^18, far
 * above Number.MAX_SAFE_INTEGER (≈ 9 × 10^15). Flooring once, at the end, means a ×1.2 tier
 * on 125 base points gives exactly 150, never 149 from floating-point error, and always rounds
 * in the brand's favour by less than one point.
 *
 * Money is whole đồng: VND has no minor unit (ISO 4217 exponent 0), so a fractional bill is an
 * input error, not something to round.
 */
import { problem, problemsForLog, type Problem } from "../problems";

export type EarnRule = { vndPerPoint: number; maxBillVnd: number };

/**
 * Receipt numbers as printed by POS systems: letters, digits and a few separators, at most 40
 * characters. With the store they make an earn's idempotency key, so the same receipt never
 * earns twice.
 */
export const RECEIPT_NO_MAX_LENGTH = 40;
export const RECEIPT_NO_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Whether an (already trimmed) receipt number is one the server accepts. */
export function isReceiptNo(receiptNo: string): boolean {
  return receiptNo.length > 0 && receiptNo.length <= RECEIPT_NO_MAX_LENGTH && RECEIPT_NO_PATTERN.test(receiptNo);
}

export const BILL_INPUT_PROBLEMS = ["bill_missing", "bill_not_number", "bill_not_whole", "bill_not_positive", "bill_too_large"] as const;
export type BillInputProblem = (typeof BILL_INPUT_PROBLEMS)[number];

const PLAIN_DIGITS = /^\d+$/;
const GROUPED = /^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$/;
const DECIMAL = /^\d*[.,]\d+$|^\d+[.,]$/;

/**
 * A bill typed at the counter, in whole đồng: digits, optionally grouped by thousands with
 * dots or commas (`1.259.000`, `1,259,000`, spaces too). Nothing is reinterpreted: `12.5` is not
 * 125 (đồng have no decimals), `-5` is not 5, `1e12` is not a number; each is a problem that
 * names the limit (`params.max`), so the cashier sees what is accepted.
 */
export function parseBillInput(
  typed: string,
  maxBillVnd: number,
): { ok: true; vnd: number } | { ok: false; problem: Problem<BillInputProblem> } {
  const params = { max: maxBillVnd };
  const text = typed.normalize("NFKC").replace(/\s+/g, "");
  const refuse = (code: BillInputProblem) => ({ ok: false as const, problem: problem(code, "billVnd", params) });
  if (text === "") return refuse("bill_missing");
  if (/^-\d/.test(text)) return refuse("bill_not_positive");
  const digits = PLAIN_DIGITS.test(text) ? text : GROUPED.test(text) ? text.replace(/[.,]/g, "") : null;
  if (digits === null) return refuse(DECIMAL.test(text) ? "bill_not_whole" : "bill_not_number");
  const vnd = digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
  if (vnd <= 0) return refuse("bill_not_positive");
  if (vnd > maxBillVnd) return refuse("bill_too_large");
  return { ok: true, vnd };
}

/** 1 point per 10 000 ₫; bills above 100 000 000 ₫ are refused as probable typos (an extra 0). */
export const DEFAULT_EARN_RULE: EarnRule = { vndPerPoint: 10_000, maxBillVnd: 100_000_000 };

export const BPS_ONE = 10_000;
/** ×10 is the most any tier or promotion may multiply by; it bounds the BigInt product above. */
export const MAX_BPS = 100_000;

/** Multipliers are basis points: 10_000 = ×1.0, 12_000 = ×1.2. */
export type Promotion = { id: string; bps: number; startsAt: number; endsAt: number; storeIds: string[] | null };

export type EarnInput = { billVnd: number; rule: EarnRule; tierBps: number; promotions: Promotion[]; storeId: string; at: number };

export type EarnResult =
  | { ok: true; points: number; basePoints: number; tierBps: number; promotionBps: number; promotionId: string | null }
  | { ok: false; reason: "amount_not_integer" | "amount_not_positive" | "amount_too_large" };

function isBps(value: number): boolean {
  return Number.isInteger(value) && value >= BPS_ONE && value <= MAX_BPS;
}

export const EARN_PROBLEM_CODES = [
  "vnd_amount_invalid",
  "promotion_bps_invalid",
  "promotion_window_invalid",
  "promotion_no_store",
] as const;
export type EarnProblemCode = (typeof EARN_PROBLEM_CODES)[number];

/** Problems with an earn rule, [] when valid; for the console to show before saving. */
export function validateEarnRule(rule: EarnRule): Problem<EarnProblemCode>[] {
  const problems: Problem<EarnProblemCode>[] = [];
  // Both are a positive whole number of đồng.
  if (!Number.isSafeInteger(rule.vndPerPoint) || rule.vndPerPoint <= 0) problems.push(problem("vnd_amount_invalid", "vndPerPoint"));
  if (!Number.isSafeInteger(rule.maxBillVnd) || rule.maxBillVnd <= 0) problems.push(problem("vnd_amount_invalid", "maxBillVnd"));
  return problems;
}

/** Problems with a promotion, [] when valid; for the console to show before saving. */
export function validatePromotion(p: Promotion): Problem<EarnProblemCode>[] {
  const problems: Problem<EarnProblemCode>[] = [];
  if (!isBps(p.bps)) problems.push(problem("promotion_bps_invalid", "bps", { min: BPS_ONE, max: MAX_BPS }));
  if (!Number.isFinite(p.startsAt) || !Number.isFinite(p.endsAt) || p.startsAt >= p.endsAt)
    problems.push(problem("promotion_window_invalid", "endsAt"));
  // null is every store; an empty list would be a promotion nobody can get.
  if (p.storeIds !== null && p.storeIds.length === 0) problems.push(problem("promotion_no_store", "storeIds"));
  return problems;
}

/**
 * Whether `p` applies to a bill at `storeId` at instant `at`. The window is half-open
 * [startsAt, endsAt) so back-to-back promotions never overlap at the boundary instant.
 * storeIds null = every store; an empty list matches no store.
 */
export function isPromotionActive(p: Promotion, storeId: string, at: number): boolean {
  if (!(p.startsAt <= at && at < p.endsAt)) return false;
  return p.storeIds === null || p.storeIds.includes(storeId);
}

/**
 * The one promotion that applies: the highest bps among active ones (promotions do not stack).
 * Ties go to the smallest id so the result never depends on the order rows came from the DB.
 * Promotions below ×1.0 or otherwise invalid are ignored: the console refuses to save them
 * (validatePromotion), and a bad row must never lower what a member earns or break earning.
 */
export function bestPromotion(promotions: Promotion[], storeId: string, at: number): Promotion | null {
  let best: Promotion | null = null;
  for (const p of promotions) {
    if (!isBps(p.bps) || !isPromotionActive(p, storeId, at)) continue;
    if (best === null || p.bps > best.bps || (p.bps === best.bps && p.id < best.id)) best = p;
  }
  return best;
}

export function earnPoints(input: EarnInput): EarnResult {
  const { billVnd, rule, tierBps } = input;
  // Configuration errors are programming errors (tier rules and earn rules are validated when
  // saved), so they throw rather than being reported to the cashier as a bad amount.
  const ruleProblems = validateEarnRule(rule);
  if (ruleProblems.length > 0) throw new RangeError(`invalid earn rule: ${problemsForLog(ruleProblems)}`);
  if (!isBps(tierBps)) throw new RangeError(`invalid tier multiplier ${tierBps} bps`);

  if (!Number.isInteger(billVnd)) return { ok: false, reason: "amount_not_integer" };
  if (billVnd <= 0) return { ok: false, reason: "amount_not_positive" };
  if (billVnd > rule.maxBillVnd) return { ok: false, reason: "amount_too_large" };

  const basePoints = Math.floor(billVnd / rule.vndPerPoint);
  const promotion = bestPromotion(input.promotions, input.storeId, input.at);
  const promotionBps = promotion?.bps ?? BPS_ONE;
  // BigInt division truncates toward zero, which is floor for these non-negative operands.
  const points = Number((BigInt(basePoints) * BigInt(tierBps) * BigInt(promotionBps)) / 100_000_000n);
  return { ok: true, points, basePoints, tierBps, promotionBps, promotionId: promotion?.id ?? null };
}
