import { eq } from "drizzle-orm";
import { DEFAULT_EARN_RULE, type EarnRule } from "../../../domain/loyalty/earn";
import { DEFAULT_TIER_RULES, validateTierRules, type TierRules } from "../../../domain/loyalty/tiers";
import { problemsForLog } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings } from "../../db/schema";

export type LoyaltySettings = { earnRule: EarnRule; tierRules: TierRules; lotValidityMonths: number };

export const DEFAULT_LOT_VALIDITY_MONTHS = 12;

export async function loyaltySettingsOf(db: Db | Tx, brandId: string): Promise<LoyaltySettings> {
  const [row] = await db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId));
  if (!row) return { earnRule: DEFAULT_EARN_RULE, tierRules: DEFAULT_TIER_RULES, lotValidityMonths: DEFAULT_LOT_VALIDITY_MONTHS };
  return toSettings(row, brandId);
}

/** Settings from a raw row (snake_case JSON, as the earn path reads it in its one query). */
export function toSettingsRow(row: {
  vnd_per_point: number;
  max_bill_vnd: string | number;
  lot_validity_months: number;
  tier_rules: TierRules;
}): LoyaltySettings {
  return toSettings(
    {
      vndPerPoint: row.vnd_per_point,
      maxBillVnd: Number(row.max_bill_vnd),
      lotValidityMonths: row.lot_validity_months,
      tierRules: row.tier_rules,
    },
    "(read by earn)",
  );
}

type SettingsFields = Pick<typeof loyaltySettings.$inferSelect, "vndPerPoint" | "maxBillVnd" | "lotValidityMonths" | "tierRules">;

function toSettings(row: SettingsFields, brandId: string): LoyaltySettings {
  const tierRules = row.tierRules;
  const problems = validateTierRules(tierRules);
  // Rules are validated on write; a bad row here is a bug or a hand edit, and must not award
  // points by a rule nobody approved.
  if (problems.length) throw new Error(`loyalty_settings of brand ${brandId} has invalid tier rules: ${problemsForLog(problems)}`);
  return {
    earnRule: { vndPerPoint: row.vndPerPoint, maxBillVnd: row.maxBillVnd },
    tierRules,
    lotValidityMonths: row.lotValidityMonths,
  };
}
