/**
 * The draw: which segment a random number picks, over the weights of the segments that can
 * still be won (docs/decisions/0031-game-wheel.md).
 *
 * The random number is a uint32 from a cryptographic source (node:crypto), passed in; tests fix
 * it. Sampling is exact by rejection: with W the sum of the eligible weights, a value r is used
 * only when r < ⌊2³² / W⌋·W (otherwise another value is drawn), and then picks the segment whose
 * cumulative weight range holds r mod W. Every accepted r is equally likely, each residue mod W
 * is hit by exactly ⌊2³² / W⌋ accepted values, so segment i wins with probability exactly
 * wᵢ / W. A rejection happens with probability below W / 2³² (< 0.03 % at the largest W allowed).
 * The draw log keeps the accepted value, so replaying it picks the same segment.
 */
import { isWin, type WheelCampaignConfig } from "./wheel";

export const UINT32_RANGE = 2 ** 32;

/** The segment `r` picks among `weights`, or null when `r` falls in the rejected tail (draw another). */
export function pickByWeight(r: number, weights: readonly number[]): number | null {
  if (!Number.isInteger(r) || r < 0 || r >= UINT32_RANGE) throw new RangeError(`not a uint32: ${r}`);
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) throw new RangeError("no segment has a weight");
  const accepted = Math.floor(UINT32_RANGE / total) * total;
  if (r >= accepted) return null;
  let x = r % total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (x < w) return i;
    x -= w;
  }
  /* c8 ignore next */
  throw new Error("unreachable: x < total");
}

/** Rejections in a row before giving up: each happens with probability < 0.03 %, so 64 never do. */
const MAX_TRIES = 64;

/** Draws with `next` (a fresh uint32 each call) until a value is accepted. */
export function drawIndex(weights: readonly number[], next: () => number): { index: number; random: number } {
  for (let i = 0; i < MAX_TRIES; i++) {
    const random = next();
    const index = pickByWeight(random, weights);
    if (index !== null) return { index, random };
  }
  throw new Error("random source rejected 64 times in a row: it is not random");
}

// ── What can still be won ──────────────────────────────────────────────────────────────────

/** Counters at the moment of a draw (or a view): what the caps and budgets are checked against. */
export type WheelState = {
  /** Prizes left per segment (null: unlimited), in segment order. */
  stockLeft: (number | null)[];
  winsToday: number;
  winsTotal: number;
  pointsToday: number;
  /** The member's winning draws in this campaign (0 for a view without a member). */
  memberWins: number;
  /** Per segment: whether its reward can still be issued (active, in its window, in stock); true for others. */
  rewardAvailable?: boolean[];
};

/** Why a segment cannot be won right now. */
export const INELIGIBLE_REASONS = [
  "out_of_stock",
  "reward_unavailable",
  "points_budget_day",
  "win_cap_day",
  "win_cap_campaign",
  "member_win_cap",
] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

export type EffectiveWeights = { weights: number[]; blocked: (IneligibleReason | null)[] };

/**
 * Each segment's weight right now: its configured weight, or 0 when it cannot be won (no stock
 * left, its reward cannot be issued, its points would pass the day's budget, or a win cap is
 * reached). 'nothing' segments are always eligible. The draw renormalises over these.
 */
export function effectiveWeights(config: Pick<WheelCampaignConfig, "segments" | "caps">, state: WheelState): EffectiveWeights {
  const { caps } = config;
  const capReason: IneligibleReason | null =
    caps.winsPerCampaign !== null && state.winsTotal >= caps.winsPerCampaign
      ? "win_cap_campaign"
      : caps.winsPerDay !== null && state.winsToday >= caps.winsPerDay
        ? "win_cap_day"
        : caps.winsPerMemberPerCampaign !== null && state.memberWins >= caps.winsPerMemberPerCampaign
          ? "member_win_cap"
          : null;
  const blocked = config.segments.map((s, i): IneligibleReason | null => {
    if (!isWin(s)) return null;
    if (capReason) return capReason;
    const left = state.stockLeft[i] ?? null;
    if (left !== null && left <= 0) return "out_of_stock";
    if (s.prize === "reward" && state.rewardAvailable && state.rewardAvailable[i] === false) return "reward_unavailable";
    if (s.prize === "points" && caps.pointsPerDay !== null && state.pointsToday + s.value > caps.pointsPerDay) return "points_budget_day";
    return null;
  });
  return { weights: config.segments.map((s, i) => (blocked[i] ? 0 : s.weight)), blocked };
}

/** An exact probability: numerator / denominator (0 / 1 when nothing can be drawn). */
export type Odds = { numerator: number; denominator: number };

/** Each segment's probability of being drawn with these weights. */
export function oddsOf(weights: readonly number[]): Odds[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total > 0 ? { numerator: w, denominator: total } : { numerator: 0, denominator: 1 }));
}

/** A probability as a percentage for people, to 2 decimals (the exact fraction stays in Odds). */
export const oddsPercent = (o: Odds) => Math.round((o.numerator / o.denominator) * 10_000) / 100;

// ── Budget: known before a play is spent ───────────────────────────────────────────────────

/**
 * Whether the wheel can still give anything: `open`, or `spent` with why and for how long
 * (`day`: come back tomorrow; `campaign`: it will not come back). A member who reached their own
 * win cap is `member_cap`. A spin is refused on anything but `open`, before any play is counted.
 */
export type BudgetCheck =
  | { state: "open"; weights: number[] }
  | { state: "spent"; scope: "day" | "campaign"; reason: IneligibleReason | "no_weight" }
  | { state: "member_cap" };

export function checkBudget(config: Pick<WheelCampaignConfig, "segments" | "caps">, state: WheelState): BudgetCheck {
  const { weights, blocked } = effectiveWeights(config, state);
  const configuredWin = config.segments.some((s) => isWin(s) && s.weight > 0);
  const winWeight = config.segments.reduce((sum, s, i) => sum + (isWin(s) ? weights[i]! : 0), 0);
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (configuredWin && winWeight === 0) {
    if (blocked.includes("member_win_cap")) return { state: "member_cap" };
    const reasons = blocked.filter((b, i) => b !== null && config.segments[i]!.weight > 0) as IneligibleReason[];
    const daily = reasons.find((r) => r === "win_cap_day" || r === "points_budget_day");
    if (reasons.includes("win_cap_campaign")) return { state: "spent", scope: "campaign", reason: "win_cap_campaign" };
    if (daily) return { state: "spent", scope: "day", reason: daily };
    return { state: "spent", scope: "campaign", reason: reasons[0] ?? "out_of_stock" };
  }
  if (total === 0) return { state: "spent", scope: "campaign", reason: "no_weight" };
  return { state: "open", weights };
}

// ── A draw on a snapshot ───────────────────────────────────────────────────────────────────

/**
 * What must still be true of the campaign's counters when a draw made on a snapshot of them is
 * written, for that draw to be the one the counters at that moment give (decision 0031, addendum).
 * While a version is in force the counters move one way only (stock down; wins and points up), so
 * a segment can only lose its eligibility, never gain it: the draw stands exactly when every win
 * segment it counted as eligible still is. Hence four checks, each a guard of the spin's one
 * UPDATE of the shared counters:
 * - `campaignWinsBelow` / `dayWinsBelow`: the campaign's / the day's wins still below the cap
 *   (null: no cap, or nothing could be won anyway);
 * - `dayPointsRoom`: the day's points plus the largest points prize counted as eligible still fit
 *   the day's budget (so every smaller one does too, and the drawn one among them);
 * - `stocked`: the indexes of the eligible segments with a finite stock, which must still be above 0.
 * The member's own caps are not here: the spin holds the member's lock, so those are not a snapshot.
 */
export type SnapshotGuard = {
  campaignWinsBelow: number | null;
  dayWinsBelow: number | null;
  dayPointsRoom: { room: number; budget: number } | null;
  stocked: number[];
};

export function snapshotGuard(config: Pick<WheelCampaignConfig, "segments" | "caps">, state: WheelState): SnapshotGuard {
  const { weights } = effectiveWeights(config, state);
  const eligible = config.segments.map((s, i) => isWin(s) && weights[i]! > 0);
  const anyWin = eligible.some(Boolean);
  const { caps } = config;
  const pointValues = config.segments.flatMap((s, i) => (eligible[i] && s.prize === "points" ? [s.value] : []));
  return {
    campaignWinsBelow: anyWin ? caps.winsPerCampaign : null,
    dayWinsBelow: anyWin ? caps.winsPerDay : null,
    dayPointsRoom: caps.pointsPerDay !== null && pointValues.length ? { room: Math.max(...pointValues), budget: caps.pointsPerDay } : null,
    stocked: eligible.flatMap((e, i) => (e && (state.stockLeft[i] ?? null) !== null ? [i] : [])),
  };
}

// ── Replay ─────────────────────────────────────────────────────────────────────────────────

/** What the draw log keeps of a draw: enough to reproduce it through this module. */
export type DrawRecord = {
  config: Pick<WheelCampaignConfig, "segments" | "caps">;
  state: WheelState;
  /** The effective weights the draw used. */
  weights: number[];
  random: number;
  segmentIndex: number;
};

/**
 * Reproduces a logged draw: the weights the recorded state gives under the recorded version, and
 * the segment the recorded random value picks with them. `matches` is false when either differs
 * from what was logged (a tampered or corrupt record).
 */
export function replayDraw(record: DrawRecord): { segmentIndex: number | null; weights: number[]; matches: boolean } {
  const { weights } = effectiveWeights(record.config, record.state);
  const sameWeights = weights.length === record.weights.length && weights.every((w, i) => w === record.weights[i]);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const segmentIndex = total > 0 ? pickByWeight(record.random, weights) : null;
  return { segmentIndex, weights, matches: sameWeights && segmentIndex === record.segmentIndex };
}
