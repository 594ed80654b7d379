/**
 * The brand's programme settings as one value the console edits and the server versions (issue
 * 16, docs/decisions/0041): the earn rule, the tiers, how long earned points last, the profile
 * bonus and the promotions. Validation states each limit in `params` so the console can say it
 * at the field; the preview uses the same earn and tier functions the events use, so "a
 * 350.000 ₫ bill earns N points" is what the counter will then award.
 */
import { problem, type Problem, type ProblemParams } from "../problems";
import { BPS_ONE, earnPoints, MAX_BPS, validatePromotion, type EarnRule, type Promotion } from "./earn";
import { lotExpiresAt } from "./lots";
import { qualifyingTier, validateTierRules, type TierCode, type TierRules } from "./tiers";

export type ProgrammePromotion = Promotion & { name: string };

export type Programme = {
  earnRule: EarnRule;
  tierRules: TierRules;
  lotValidityMonths: number;
  profileBonusPoints: number;
  promotions: ProgrammePromotion[];
};

/**
 * The ranges the console says in its errors. vndPerPoint × the bill cap bound basePoints to
 * 10^8 (earn.ts computes the multiplied product in BigInt assuming that); a rate below 100 ₫ a
 * point or a cap above 10 billion ₫ is a typo, not a programme.
 */
export const PROGRAMME_LIMITS = {
  vndPerPoint: { min: 100, max: 1_000_000 },
  maxBillVnd: { min: 10_000, max: 10_000_000_000 },
  lotValidityMonths: { min: 1, max: 60 },
  profileBonusPoints: { min: 0, max: 100_000 },
  bps: { min: BPS_ONE, max: MAX_BPS },
  thresholdVnd: { max: 100_000_000_000 },
  windowDays: { min: 1, max: 730 },
  graceDays: { min: 0, max: 365 },
  promotions: { max: 20 },
  benefits: { max: 8 },
  nameLength: { max: 60 },
  benefitLength: { max: 120 },
} as const;

export const PROGRAMME_PROBLEM_CODES = [
  "earn_rate_range",
  "max_bill_range",
  "max_bill_below_rate",
  "lot_validity_range",
  "profile_bonus_range",
  "threshold_too_large",
  "window_days_range",
  "grace_days_range",
  "name_too_long",
  "benefits_too_many",
  "benefit_invalid",
  "promotions_too_many",
  "promotion_name_required",
  "promotion_store_unknown",
  "promotion_id_duplicate",
] as const;

const inRange = (value: number, min: number, max: number) => Number.isSafeInteger(value) && value >= min && value <= max;

/**
 * Problems with a whole programme, [] when valid; fields are dotted paths into it
 * ("tierRules.tiers.2.thresholdVnd", "promotions.0.endsAt"). `storeIds` are the brand's stores:
 * a promotion may name only those.
 */
export function validateProgramme(p: Programme, storeIds: readonly string[]): Problem[] {
  const out: Problem[] = [];
  const add = (code: string, field: string, params?: ProblemParams) => out.push(problem(code, field, params));
  const L = PROGRAMME_LIMITS;
  if (!inRange(p.earnRule.vndPerPoint, L.vndPerPoint.min, L.vndPerPoint.max))
    add("earn_rate_range", "earnRule.vndPerPoint", { ...L.vndPerPoint });
  if (!inRange(p.earnRule.maxBillVnd, L.maxBillVnd.min, L.maxBillVnd.max))
    add("max_bill_range", "earnRule.maxBillVnd", { ...L.maxBillVnd });
  else if (Number.isSafeInteger(p.earnRule.vndPerPoint) && p.earnRule.maxBillVnd < p.earnRule.vndPerPoint)
    add("max_bill_below_rate", "earnRule.maxBillVnd", { min: p.earnRule.vndPerPoint });
  if (!inRange(p.lotValidityMonths, L.lotValidityMonths.min, L.lotValidityMonths.max))
    add("lot_validity_range", "lotValidityMonths", { ...L.lotValidityMonths });
  if (!inRange(p.profileBonusPoints, L.profileBonusPoints.min, L.profileBonusPoints.max))
    add("profile_bonus_range", "profileBonusPoints", { ...L.profileBonusPoints });

  for (const issue of validateTierRules(p.tierRules)) {
    // The tier validator's window and grace checks have no upper bound; ours below say both ends.
    if (issue.code === "window_days_invalid" || issue.code === "grace_days_invalid") continue;
    out.push({ ...issue, field: issue.field ? `tierRules.${issue.field}` : "tierRules" });
  }
  p.tierRules.tiers.forEach((t, i) => {
    const at = `tierRules.tiers.${i}`;
    if (Number.isSafeInteger(t.thresholdVnd) && t.thresholdVnd > L.thresholdVnd.max)
      add("threshold_too_large", `${at}.thresholdVnd`, { ...L.thresholdVnd });
    if (t.name.vi.length > L.nameLength.max || t.name.en.length > L.nameLength.max) add("name_too_long", `${at}.name`, { ...L.nameLength });
    for (const locale of ["vi", "en"] as const) {
      const list = t.benefits[locale];
      if (list.length > L.benefits.max) add("benefits_too_many", `${at}.benefits.${locale}`, { ...L.benefits });
      if (list.some((b) => b.trim() === "" || b.length > L.benefitLength.max))
        add("benefit_invalid", `${at}.benefits.${locale}`, { max: L.benefitLength.max });
    }
  });
  if (!inRange(p.tierRules.windowDays, L.windowDays.min, L.windowDays.max))
    add("window_days_range", "tierRules.windowDays", { ...L.windowDays });
  if (!inRange(p.tierRules.graceDays, L.graceDays.min, L.graceDays.max)) add("grace_days_range", "tierRules.graceDays", { ...L.graceDays });

  if (p.promotions.length > L.promotions.max) add("promotions_too_many", "promotions", { ...L.promotions });
  const known = new Set(storeIds);
  const ids = new Set<string>();
  p.promotions.forEach((promo, i) => {
    const at = `promotions.${i}`;
    if (ids.has(promo.id)) add("promotion_id_duplicate", `${at}.id`);
    ids.add(promo.id);
    if (promo.name.trim() === "") add("promotion_name_required", `${at}.name`);
    else if (promo.name.length > L.nameLength.max) add("name_too_long", `${at}.name`, { ...L.nameLength });
    for (const issue of validatePromotion(promo)) out.push({ ...issue, field: `${at}.${issue.field ?? ""}` });
    if (promo.storeIds?.some((id) => !known.has(id))) add("promotion_store_unknown", `${at}.storeIds`);
  });
  return out;
}

/** The top-level parts of a programme, for the history ("what changed in version 7"). */
export const PROGRAMME_PARTS = ["earnRule", "tierRules", "lotValidityMonths", "profileBonusPoints", "promotions"] as const;
export type ProgrammePart = (typeof PROGRAMME_PARTS)[number];

/** Key order does not matter: the same settings typed again are the same programme. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** The parts that differ between two programmes, in PROGRAMME_PARTS order ([] = the same). */
export function changedParts(before: Programme, after: Programme): ProgrammePart[] {
  return PROGRAMME_PARTS.filter((part) => canonical(before[part]) !== canonical(after[part]));
}

export type TierMove = { from: TierCode; to: TierCode; members: number };

export type ProgrammePreview = {
  /** What the sample bill earns at each tier of the new programme, without promotions, and under the current one. */
  earn: { tier: TierCode; before: number | null; after: number }[];
  /** The best promotion's effect on the sample bill at the entry tier, where one is active at `at` (any store). */
  promotion: { id: string; before: number | null; after: number } | null;
  /** When points earned at `at` would expire, before and after. */
  lotExpiresAt: { before: number; after: number };
  profileBonus: { before: number; after: number };
  /**
   * Members whose qualifying tier under the new thresholds differs from their tier now: up moves
   * happen at their next earn, down moves at the scheduled evaluation after the grace period.
   */
  tierMoves: TierMove[];
  up: number;
  down: number;
};

/** Points the sample bill earns at `tier` (no promotion); null when the bill is above the cap or the rule is invalid. */
function earnAt(p: Programme, billVnd: number, tier: TierCode): number | null {
  const def = p.tierRules.tiers.find((t) => t.code === tier);
  if (!def) return null;
  try {
    const r = earnPoints({ billVnd, rule: p.earnRule, tierBps: def.earnBps, promotions: [], storeId: "", at: 0 });
    return r.ok ? r.points : null;
  } catch {
    return null;
  }
}

/**
 * The effect of replacing `before` by `after`, for a valid `after`. `members` are the brand's
 * members with their tier now and their spend over `after`'s window (the server sums it).
 */
export function previewProgramme(input: {
  before: Programme;
  after: Programme;
  billVnd: number;
  at: number;
  members: { tier: TierCode; spendVnd: number }[];
}): ProgrammePreview {
  const { before, after, billVnd, at } = input;
  const earn = after.tierRules.tiers.map((t) => ({
    tier: t.code,
    before: earnAt(before, billVnd, t.code),
    after: earnAt(after, billVnd, t.code) ?? 0,
  }));
  const promoNow = (p: Programme) => {
    const active = p.promotions.filter((x) => x.startsAt <= at && at < x.endsAt).map((x) => ({ ...x, storeIds: null }));
    const tierBps = p.tierRules.tiers[0]?.earnBps ?? BPS_ONE;
    try {
      const r = earnPoints({ billVnd, rule: p.earnRule, tierBps, promotions: active, storeId: "", at });
      return r.ok && r.promotionId ? { id: r.promotionId, points: r.points } : null;
    } catch {
      return null;
    }
  };
  const promoAfter = promoNow(after);
  const promoBefore = promoNow(before);
  const moves = new Map<string, TierMove>();
  let up = 0;
  let down = 0;
  const rank = (rules: TierRules, code: TierCode) => rules.tiers.findIndex((t) => t.code === code);
  for (const m of input.members) {
    const to = qualifyingTier(m.spendVnd, after.tierRules);
    if (to === m.tier) continue;
    const key = `${m.tier}>${to}`;
    const move = moves.get(key) ?? { from: m.tier, to, members: 0 };
    move.members += 1;
    moves.set(key, move);
    // A tier the brand removed ranks as -1: anyone in it moves "up" into a configured tier.
    if (rank(after.tierRules, to) > rank(after.tierRules, m.tier)) up += 1;
    else down += 1;
  }
  return {
    earn,
    promotion: promoAfter ? { id: promoAfter.id, before: promoBefore?.points ?? null, after: promoAfter.points } : null,
    lotExpiresAt: { before: lotExpiresAt(at, before.lotValidityMonths), after: lotExpiresAt(at, Math.max(0, after.lotValidityMonths)) },
    profileBonus: { before: before.profileBonusPoints, after: after.profileBonusPoints },
    tierMoves: [...moves.values()].sort((a, b) => b.members - a.members || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    up,
    down,
  };
}
