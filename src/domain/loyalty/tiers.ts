/**
 * Tier codes. Names, thresholds and benefits are configured per brand (loyalty issue); the
 * code is what the ledger, segments and templates refer to.
 *
 * Tier rules:
 * - A member's tier follows their spend over a rolling window (windowDays, default 365 = the
 *   last 12 months), computed by the caller; the qualifying tier is the highest one whose
 *   threshold is ≤ that spend.
 * - Upgrades are immediate, on any evaluation, straight to the qualifying tier (a member may
 *   jump several tiers on one big bill).
 * - Downgrades only happen on the scheduled evaluation, after a grace period (graceDays,
 *   default 30): the first scheduled run that finds the member below their tier marks the
 *   downgrade as pending; a scheduled run at least graceDays later moves them straight to the
 *   qualifying tier. Qualifying again for the current tier at any evaluation clears the pending
 *   downgrade. This gives members a warning window to spend and keep their tier, instead of
 *   losing it the day an old bill leaves the window.
 */
import { problem, type Problem, type ProblemParams } from "../problems";
import { DAY_MS } from "./vietnam-time";
import type { Locale } from "../locale/locale";
import { formatVnd } from "../locale/money";

export const TIER_CODES = ["member", "silver", "gold", "diamond"] as const;
export type TierCode = (typeof TIER_CODES)[number];
export const ENTRY_TIER: TierCode = "member";

export type TierDef = {
  code: TierCode;
  name: { vi: string; en: string };
  thresholdVnd: number;
  earnBps: number;
  benefits: { vi: string[]; en: string[] };
};
/** tiers ascending by threshold; the first has threshold 0. */
export type TierRules = { tiers: TierDef[]; windowDays: number; graceDays: number };

export const DEFAULT_TIER_RULES: TierRules = {
  tiers: [
    {
      code: "member",
      name: { vi: "Thành viên", en: "Member" },
      thresholdVnd: 0,
      earnBps: 10_000,
      benefits: {
        vi: ["Tích 1 điểm cho mỗi 10.000 ₫ chi tiêu", "Đổi điểm lấy ưu đãi"],
        en: ["Earn 1 point for every 10,000 ₫ spent", "Swap points for rewards"],
      },
    },
    {
      code: "silver",
      name: { vi: "Bạc", en: "Silver" },
      thresholdVnd: 2_000_000,
      earnBps: 12_000,
      benefits: { vi: ["Tích điểm ×1,2", "Quà sinh nhật"], en: ["Earn points ×1.2", "Birthday gift"] },
    },
    {
      code: "gold",
      name: { vi: "Vàng", en: "Gold" },
      thresholdVnd: 5_000_000,
      earnBps: 13_000,
      benefits: {
        vi: ["Tích điểm ×1,3", "Quà sinh nhật", "Ưu đãi riêng cho hạng Vàng"],
        en: ["Earn points ×1.3", "Birthday gift", "Gold-only offers"],
      },
    },
    {
      code: "diamond",
      name: { vi: "Kim cương", en: "Diamond" },
      thresholdVnd: 15_000_000,
      earnBps: 15_000,
      benefits: {
        vi: ["Tích điểm ×1,5", "Quà sinh nhật", "Ưu đãi riêng cho hạng Kim cương", "Ưu tiên hỗ trợ"],
        en: ["Earn points ×1.5", "Birthday gift", "Diamond-only offers", "Priority support"],
      },
    },
  ],
  windowDays: 365,
  graceDays: 30,
};

/** Position in TIER_CODES: the global order of tiers, which every brand's configuration follows. */
function rank(code: TierCode): number {
  return TIER_CODES.indexOf(code);
}

export const TIER_PROBLEM_CODES = [
  "no_tiers",
  "first_tier_not_entry",
  "first_threshold_not_zero",
  "tier_code_unknown",
  "tier_code_duplicate",
  "threshold_invalid",
  "earn_bps_invalid",
  "name_required",
  "threshold_not_ascending",
  "tier_order",
  "window_days_invalid",
  "grace_days_invalid",
] as const;
export type TierProblemCode = (typeof TIER_PROBLEM_CODES)[number];

/**
 * Problems, [] when valid; `field` is the path in the rules ("tiers.2.thresholdVnd"). Beyond
 * ascending thresholds we require the codes to follow TIER_CODES order (a brand may leave tiers
 * out, not reorder them) and the first tier to be ENTRY_TIER with threshold 0, because new
 * members are enrolled at ENTRY_TIER and the rest of the product (badges, segments) assumes
 * "gold" is above "silver".
 */
export function validateTierRules(rules: TierRules): Problem<TierProblemCode>[] {
  const problems: Problem<TierProblemCode>[] = [];
  const add = (code: TierProblemCode, field: string, params?: ProblemParams) => problems.push(problem(code, field, params));
  const { tiers } = rules;
  if (tiers.length === 0) return [problem("no_tiers", "tiers")];
  const first = tiers[0]!;
  if (first.code !== ENTRY_TIER) add("first_tier_not_entry", "tiers.0.code", { entry: ENTRY_TIER });
  if (first.thresholdVnd !== 0) add("first_threshold_not_zero", "tiers.0.thresholdVnd");
  const seen = new Set<string>();
  tiers.forEach((t, i) => {
    const at = `tiers.${i}`;
    if (!(TIER_CODES as readonly string[]).includes(t.code)) add("tier_code_unknown", `${at}.code`, { code: t.code });
    if (seen.has(t.code)) add("tier_code_duplicate", `${at}.code`, { code: t.code });
    seen.add(t.code);
    if (!Number.isSafeInteger(t.thresholdVnd) || t.thresholdVnd < 0) add("threshold_invalid", `${at}.thresholdVnd`);
    if (!Number.isInteger(t.earnBps) || t.earnBps < 10_000 || t.earnBps > 100_000)
      add("earn_bps_invalid", `${at}.earnBps`, { min: 10_000, max: 100_000 });
    if (t.name.vi.trim() === "" || t.name.en.trim() === "") add("name_required", `${at}.name`);
    if (i > 0) {
      const prev = tiers[i - 1]!;
      if (!(t.thresholdVnd > prev.thresholdVnd)) add("threshold_not_ascending", `${at}.thresholdVnd`, { previous: prev.code });
      if (rank(t.code) >= 0 && rank(prev.code) >= 0 && !(rank(t.code) > rank(prev.code)))
        add("tier_order", `${at}.code`, { previous: prev.code, order: TIER_CODES.join(" < ") });
    }
  });
  if (!Number.isInteger(rules.windowDays) || rules.windowDays < 1) add("window_days_invalid", "windowDays", { min: 1 });
  if (!Number.isInteger(rules.graceDays) || rules.graceDays < 0) add("grace_days_invalid", "graceDays", { min: 0 });
  return problems;
}

/** Index in rules.tiers of `code`, or of the highest configured tier below it if the brand has
 * since removed `code` (members already in it are then treated as that lower tier). */
function tierIndex(rules: TierRules, code: TierCode): number {
  let found = 0;
  rules.tiers.forEach((t, i) => {
    if (rank(t.code) <= rank(code)) found = i;
  });
  return found;
}

/**
 * The definition of `code`. If the brand no longer configures that tier, the highest configured
 * tier below it (so a member never sees a blank card); throws only for empty rules, which
 * validateTierRules refuses.
 */
export function tierDef(rules: TierRules, code: TierCode): TierDef {
  const def = rules.tiers[tierIndex(rules, code)];
  if (!def) throw new Error("tier rules have no tiers");
  return def;
}

/** Highest tier whose threshold ≤ spend. */
export function qualifyingTier(spendVnd: number, rules: TierRules): TierCode {
  let code = rules.tiers[0]?.code ?? ENTRY_TIER;
  for (const t of rules.tiers) if (t.thresholdVnd <= spendVnd) code = t.code;
  return code;
}

/**
 * Progress towards the tier above `current`, for the card's progress bar.
 * ratio = spend / next threshold, clamped to 0..1 (the bar starts at 0 ₫ so it matches
 * "remainingVnd more to go"); at the top tier next is null, remaining 0 and ratio 1.
 * keepRemainingVnd is what is still needed to keep `current` (0 when the spend already does),
 * for the "spend X more to keep Gold" notice during a pending downgrade.
 */
export function tierProgress(
  spendVnd: number,
  current: TierCode,
  rules: TierRules,
): { next: TierCode | null; remainingVnd: number; ratio: number; keepRemainingVnd: number } {
  const currentDef = tierDef(rules, current);
  const keepRemainingVnd = Math.max(0, currentDef.thresholdVnd - spendVnd);
  const next = rules.tiers.find((t) => rank(t.code) > rank(current));
  if (!next) return { next: null, remainingVnd: 0, ratio: 1, keepRemainingVnd };
  const remainingVnd = Math.max(0, next.thresholdVnd - spendVnd);
  const ratio = next.thresholdVnd <= 0 ? 1 : Math.min(1, Math.max(0, spendVnd / next.thresholdVnd));
  return { next: next.code, remainingVnd, ratio, keepRemainingVnd };
}

export type TierState = { tier: TierCode; downgradePendingSince: number | null };

export function evaluateTier(input: { state: TierState; spendVnd: number; now: number; rules: TierRules; trigger: "earn" | "schedule" }): {
  state: TierState;
  change: "up" | "down" | null;
} {
  const { state, now, rules, trigger } = input;
  const qualifying = qualifyingTier(input.spendVnd, rules);
  const diff = rank(qualifying) - rank(state.tier);
  if (diff > 0) return { state: { tier: qualifying, downgradePendingSince: null }, change: "up" };
  if (diff === 0) {
    return state.downgradePendingSince === null
      ? { state, change: null }
      : { state: { tier: state.tier, downgradePendingSince: null }, change: null };
  }
  // Below the current tier: only the scheduled run may act, so a refund or an earn evaluated
  // mid-day never demotes a member without the grace period.
  if (trigger !== "schedule") return { state, change: null };
  // With graceDays 0 the first scheduled run downgrades at once (now ≥ now + 0).
  const since = state.downgradePendingSince ?? now;
  if (now >= since + rules.graceDays * DAY_MS) return { state: { tier: qualifying, downgradePendingSince: null }, change: "down" };
  return state.downgradePendingSince === since
    ? { state, change: null }
    : { state: { tier: state.tier, downgradePendingSince: since }, change: null };
}

/**
 * Whether an earn's tier evaluation depends on the rolling spend at all: a member already in
 * the brand's top tier, with no downgrade pending, stays exactly as they are whatever they
 * spent (evaluateTier on "earn" never demotes), so the counter need not sum their history —
 * and those are the members who earn most often.
 */
export function earnNeedsSpend(state: TierState, rules: TierRules): boolean {
  const top = rules.tiers[rules.tiers.length - 1];
  return !(top && state.tier === top.code && state.downgradePendingSince === null);
}

function formatMultiplier(bps: number, locale: Locale): string {
  return `×${new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 4 }).format(bps / 10_000)}`;
}

function windowText(days: number, locale: Locale): string {
  if (days === 365) return locale === "vi" ? "12 tháng gần nhất" : "the last 12 months";
  return locale === "vi" ? `${days} ngày gần nhất` : `the last ${days} days`;
}

/** The rules in plain words for members, one sentence per line, money formatted per locale. */
export function tierRulesText(rules: TierRules, locale: Locale): string[] {
  const lines: string[] = [];
  const window = windowText(rules.windowDays, locale);
  for (const t of rules.tiers.slice(1)) {
    lines.push(
      locale === "vi"
        ? `Chi tiêu ${formatVnd("vi", t.thresholdVnd)} trong ${window} để lên hạng ${t.name.vi}`
        : `Spend ${formatVnd("en", t.thresholdVnd)} in ${window} to reach ${t.name.en}`,
    );
  }
  for (const t of rules.tiers) {
    if (t.earnBps === 10_000) continue;
    const m = formatMultiplier(t.earnBps, locale);
    lines.push(locale === "vi" ? `Hạng ${t.name.vi} tích điểm ${m}` : `${t.name.en} members earn points ${m}`);
  }
  if (rules.tiers.length > 1) {
    lines.push(locale === "vi" ? "Bạn lên hạng ngay khi đạt mức chi tiêu" : "You move up as soon as you reach the spend level");
    lines.push(
      rules.graceDays > 0
        ? locale === "vi"
          ? `Nếu chi tiêu trong ${window} thấp hơn mức của hạng hiện tại, bạn được giữ hạng thêm ${rules.graceDays} ngày trước khi xuống hạng`
          : `If your spend in ${window} falls below your tier's level, you keep your tier for ${rules.graceDays} more days before moving down`
        : locale === "vi"
          ? `Nếu chi tiêu trong ${window} thấp hơn mức của hạng hiện tại, bạn sẽ xuống hạng ở lần xét hạng kế tiếp`
          : `If your spend in ${window} falls below your tier's level, you move down at the next tier review`,
    );
  }
  return lines;
}
