import { and, eq, gt, lte } from "drizzle-orm";
import { DEFAULT_EARN_RULE, type EarnRule, type Promotion } from "../../../domain/loyalty/earn";
import { DEFAULT_TIER_RULES, validateTierRules, type TierRules } from "../../../domain/loyalty/tiers";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings, promotions } from "../../db/schema";

export type LoyaltySettings = { earnRule: EarnRule; tierRules: TierRules; lotValidityMonths: number };

export const DEFAULT_LOT_VALIDITY_MONTHS = 12;

export async function loyaltySettingsOf(db: Db | Tx, brandId: string): Promise<LoyaltySettings> {
  const [row] = await db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId));
  if (!row) return { earnRule: DEFAULT_EARN_RULE, tierRules: DEFAULT_TIER_RULES, lotValidityMonths: DEFAULT_LOT_VALIDITY_MONTHS };
  const tierRules = row.tierRules as TierRules;
  const problems = validateTierRules(tierRules);
  // Rules are validated on write; a bad row here is a bug or a hand edit, and must not award
  // points by a rule nobody approved.
  if (problems.length) throw new Error(`loyalty_settings of brand ${brandId} has invalid tier rules: ${problems.join("; ")}`);
  return {
    earnRule: { vndPerPoint: row.vndPerPoint, maxBillVnd: row.maxBillVnd },
    tierRules,
    lotValidityMonths: row.lotValidityMonths,
  };
}

export async function activePromotions(db: Db | Tx, brandId: string, at: number): Promise<Promotion[]> {
  const rows = await db
    .select()
    .from(promotions)
    .where(and(eq(promotions.brandId, brandId), lte(promotions.startsAt, new Date(at)), gt(promotions.endsAt, new Date(at))));
  return rows.map((p) => ({ id: p.id, bps: p.bps, startsAt: p.startsAt.getTime(), endsAt: p.endsAt.getTime(), storeIds: p.storeIds }));
}
