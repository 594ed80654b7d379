/**
 * A lucky-wheel campaign as a brand defines it (issue 14; docs/decisions/0031-game-wheel.md):
 * its segments and prizes, plays, caps and budgets, window, eligibility gates and rules, and the
 * limits on what may be defined. The server decides every spin (draw.ts); the Mini App only
 * animates to the segment it was given.
 *
 * A campaign is versioned: an edit that changes odds (segments, weights, stock, prizes) while it
 * runs is a new immutable version, and every draw records the version it was drawn under, so the
 * rules a member read stay true for the draws made under them.
 */
import type { ConsentPurpose } from "../consent/purposes";
import type { TierCode } from "../loyalty/tiers";
import { localizedProblems, type Localized } from "../preferences/form";
import { problem, type Problem, type ProblemParams } from "../problems";

export const PRIZE_KINDS = ["points", "reward", "nothing"] as const;
export type PrizeKind = (typeof PRIZE_KINDS)[number];

/**
 * Actions that earn extra plays (besides the free plays of each day), and buying a play with
 * points (`bought`) when the campaign allows it. Never money: Zalo's review policy forbids
 * selling virtual items.
 */
export const PLAY_ACTIONS = ["profile_completed", "survey_answered", "followed_oa", "purchase_over_amount"] as const;
export type PlayAction = (typeof PLAY_ACTIONS)[number];
export const PLAY_GRANT_SOURCES = [...PLAY_ACTIONS, "bought"] as const;
export type PlayGrantSource = (typeof PLAY_GRANT_SOURCES)[number];

export const CAMPAIGN_STATUSES = ["draft", "running", "paused", "ended"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export type WheelSegment = {
  /** Stable across versions (stock counters and the draw log name it): `^[a-z][a-z0-9_]{0,23}$`. */
  id: string;
  label: Localized;
  /** #rrggbb. */
  color: string;
  prize: PrizeKind;
  /** points: the points credited; reward and nothing: 0. */
  value: number;
  /** reward: the brand's reward whose voucher is given; otherwise null. */
  rewardId: string | null;
  /** Relative chance, an integer ≥ 0; probabilities are weight / sum over eligible segments (draw.ts). */
  weight: number;
  /** Prizes the campaign can give (null: unlimited). A 'nothing' segment has none (null). */
  stock: number | null;
};

/** Caps and budgets; null: none. */
export type WheelCaps = {
  /** Winning draws (prize ≠ nothing) per Vietnam day, all members. */
  winsPerDay: number | null;
  /** Winning draws over the whole campaign, all members. */
  winsPerCampaign: number | null;
  /** Sum of points prizes per Vietnam day, all members. */
  pointsPerDay: number | null;
  /** Spins per member per Vietnam day, whatever the plays they hold. */
  playsPerMemberPerDay: number | null;
  /** Winning draws per member over the campaign. */
  winsPerMemberPerCampaign: number | null;
};

export type WheelGates = {
  /** The lowest tier that may play (null: every tier). */
  minTier: TierCode | null;
  /** Purchases (earns at the counter, not reversed) the member must have made. */
  minPurchases: number;
  /** A consent purpose the member must have granted (null: none beyond membership). */
  consentPurpose: ConsentPurpose | null;
  /** null: members of every store; else the member must have purchased at one of these stores. */
  storeIds: string[] | null;
};

export type WheelCampaignConfig = {
  /** The console's and the Mini App's title. */
  name: Localized;
  segments: WheelSegment[];
  /** Free plays per member per Vietnam day. */
  freePlaysPerDay: number;
  /** Extra plays each action grants (0: the action grants nothing). */
  extraPlays: Record<PlayAction, number>;
  /** purchase_over_amount: a purchase whose bill is at least this many VND grants its plays. */
  purchaseMinVnd: number;
  /** Points one extra play costs; null: plays cannot be bought. */
  playPricePoints: number | null;
  caps: WheelCaps;
  gates: WheelGates;
  /** Epoch ms; the campaign takes spins in [startsAt, endsAt). */
  startsAt: number;
  endsAt: number;
  /** "Thể lệ": the brand's own words, shown with the odds the server computes. */
  rulesText: Localized;
  /** The trade authority's registration number of the promotion, when the brand has one. */
  registrationNumber: string | null;
};

export const WHEEL_LIMITS = {
  segmentsMin: 2,
  segmentsMax: 12,
  nameLength: 60,
  labelLength: 24,
  rulesLength: 5_000,
  registrationLength: 80,
  idPattern: /^[a-z][a-z0-9_]{0,23}$/,
  colorPattern: /^#[0-9a-fA-F]{6}$/,
  /** Sum of the weights: keeps exact integer arithmetic in the draw (draw.ts) far from 2^32. */
  totalWeightMax: 1_000_000,
  pointsPrizeMax: 100_000,
  stockMax: 10_000_000,
  freePlaysMax: 20,
  extraPlaysMax: 10,
  playPriceMax: 1_000_000,
  purchaseMinVndMax: 1_000_000_000,
  capMax: 100_000_000,
  minPurchasesMax: 1_000,
  stores: 200,
} as const;

export const WHEEL_PROBLEM_CODES = [
  "required",
  "too_long",
  "segment_count",
  "id_format",
  "id_duplicate",
  "color_format",
  "value_range",
  "reward_required",
  "reward_not_allowed",
  "weight_range",
  "weight_total",
  "stock_range",
  "stock_not_allowed",
  "plays_range",
  "price_range",
  "cap_range",
  "min_purchases_range",
  "window_order",
  "too_many_stores",
  "store_duplicate",
  /** No segment has a weight: nothing could ever be drawn. */
  "no_weight",
  /** Server-side: a reward that is not one of the brand's. */
  "reward_unknown",
  /** Server-side: a store id that is not one of the brand's. */
  "store_unknown",
] as const;
export type WheelProblemCode = (typeof WHEEL_PROBLEM_CODES)[number];
export type WheelProblem = Problem<WheelProblemCode>;

const isIntIn = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Problems with a campaign a manager wants to save; empty when it can be saved. */
export function validateWheelCampaign(c: WheelCampaignConfig): WheelProblem[] {
  const out: WheelProblem[] = [];
  const add = (field: string, code: WheelProblemCode, params?: ProblemParams) => out.push(problem(code, field, params));
  out.push(...localizedProblems(c.name, "name", WHEEL_LIMITS.nameLength, true));
  const L = WHEEL_LIMITS;
  if (c.segments.length < L.segmentsMin || c.segments.length > L.segmentsMax)
    add("segments", "segment_count", { min: L.segmentsMin, max: L.segmentsMax });
  const ids = new Set<string>();
  let total = 0;
  c.segments.forEach((s, i) => {
    const at = `segments.${i}`;
    if (!L.idPattern.test(s.id)) add(`${at}.id`, "id_format");
    else if (ids.has(s.id)) add(`${at}.id`, "id_duplicate", { id: s.id });
    ids.add(s.id);
    out.push(...localizedProblems(s.label, `${at}.label`, L.labelLength, true));
    if (!L.colorPattern.test(s.color)) add(`${at}.color`, "color_format");
    if (s.prize === "points") {
      if (!isIntIn(s.value, 1, L.pointsPrizeMax)) add(`${at}.value`, "value_range", { min: 1, max: L.pointsPrizeMax });
    } else if (s.value !== 0) add(`${at}.value`, "value_range", { min: 0, max: 0 });
    if (s.prize === "reward" && !s.rewardId) add(`${at}.rewardId`, "reward_required");
    if (s.prize !== "reward" && s.rewardId) add(`${at}.rewardId`, "reward_not_allowed");
    if (!isIntIn(s.weight, 0, L.totalWeightMax)) add(`${at}.weight`, "weight_range", { min: 0, max: L.totalWeightMax });
    else total += s.weight;
    if (s.stock !== null) {
      if (s.prize === "nothing") add(`${at}.stock`, "stock_not_allowed");
      else if (!isIntIn(s.stock, 0, L.stockMax)) add(`${at}.stock`, "stock_range", { min: 0, max: L.stockMax });
    }
  });
  if (total > L.totalWeightMax) add("segments", "weight_total", { max: L.totalWeightMax });
  if (c.segments.length > 0 && total === 0) add("segments", "no_weight");
  if (!isIntIn(c.freePlaysPerDay, 0, L.freePlaysMax)) add("freePlaysPerDay", "plays_range", { min: 0, max: L.freePlaysMax });
  for (const action of PLAY_ACTIONS) {
    if (!isIntIn(c.extraPlays[action], 0, L.extraPlaysMax)) add(`extraPlays.${action}`, "plays_range", { min: 0, max: L.extraPlaysMax });
  }
  if (!isIntIn(c.purchaseMinVnd, 0, L.purchaseMinVndMax)) add("purchaseMinVnd", "value_range", { min: 0, max: L.purchaseMinVndMax });
  if (c.playPricePoints !== null && !isIntIn(c.playPricePoints, 1, L.playPriceMax))
    add("playPricePoints", "price_range", { min: 1, max: L.playPriceMax });
  for (const [key, value] of Object.entries(c.caps) as [keyof WheelCaps, number | null][]) {
    if (value !== null && !isIntIn(value, 0, L.capMax)) add(`caps.${key}`, "cap_range", { min: 0, max: L.capMax });
  }
  if (!isIntIn(c.gates.minPurchases, 0, L.minPurchasesMax))
    add("gates.minPurchases", "min_purchases_range", { min: 0, max: L.minPurchasesMax });
  if (c.gates.storeIds) {
    if (c.gates.storeIds.length > L.stores) add("gates.storeIds", "too_many_stores", { max: L.stores });
    if (new Set(c.gates.storeIds).size !== c.gates.storeIds.length) add("gates.storeIds", "store_duplicate");
  }
  if (!(c.endsAt > c.startsAt)) add("endsAt", "window_order");
  out.push(...localizedProblems(c.rulesText, "rulesText", L.rulesLength, false));
  if (c.registrationNumber !== null && [...c.registrationNumber].length > L.registrationLength)
    add("registrationNumber", "too_long", { max: L.registrationLength });
  return out;
}

/**
 * Whether going from `before` to `after` changes what a member's odds or prizes are: segments
 * (count, order, prize, value, reward, weight, stock), caps or budgets. Such an edit of a running
 * campaign is a new version; a change of wording, colour, window or rules text alone is not an
 * odds change, but the console may still save it as a version (every save is one).
 */
export function changesOdds(before: WheelCampaignConfig, after: WheelCampaignConfig): boolean {
  if (before.segments.length !== after.segments.length) return true;
  const key = (s: WheelSegment) => JSON.stringify([s.id, s.prize, s.value, s.rewardId, s.weight, s.stock]);
  if (before.segments.some((s, i) => key(s) !== key(after.segments[i]!))) return true;
  // Key by key: a config read back from JSONB has its keys in another order than the one written.
  return (Object.keys(after.caps) as (keyof WheelCaps)[]).some((k) => before.caps[k] !== after.caps[k]);
}

/** Whether a draw of this segment is a win (a prize given). */
export const isWin = (s: Pick<WheelSegment, "prize">) => s.prize !== "nothing";
