import { and, eq, gt, lte, sql } from "drizzle-orm";
import { DEFAULT_EARN_RULE, type EarnRule, type Promotion } from "../../../domain/loyalty/earn";
import { DEFAULT_TIER_RULES, validateTierRules, type TierRules } from "../../../domain/loyalty/tiers";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings, promotions } from "../../db/schema";

export type LoyaltySettings = { earnRule: EarnRule; tierRules: TierRules; lotValidityMonths: number };

export const DEFAULT_LOT_VALIDITY_MONTHS = 12;

export async function loyaltySettingsOf(db: Db | Tx, brandId: string): Promise<LoyaltySettings> {
  const [row] = await db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId));
  if (!row) return { earnRule: DEFAULT_EARN_RULE, tierRules: DEFAULT_TIER_RULES, lotValidityMonths: DEFAULT_LOT_VALIDITY_MONTHS };
  return toSettings(row, brandId);
}

/** Settings from a raw row (snake_case JSON, as the earn path reads it in its one query). */
export function toSettingsRow(row: { vnd_per_point: number; max_bill_vnd: string | number; lot_validity_months: number; tier_rules: TierRules }): LoyaltySettings {
  return toSettings(
    { brandId: "", vndPerPoint: row.vnd_per_point, maxBillVnd: Number(row.max_bill_vnd), lotValidityMonths: row.lot_validity_months, tierRules: row.tier_rules, updatedAt: new Date(0) },
    "(earn)",
  );
}

function toSettings(row: typeof loyaltySettings.$inferSelect, brandId: string): LoyaltySettings {
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

/**
 * Settings and the promotions active at `at`, in one round trip: the earn path is the hottest
 * write in the product (bench:ledger), and every statement inside its transaction counts.
 */
export async function earnContext(db: Db | Tx, brandId: string, at: number): Promise<LoyaltySettings & { promotions: Promotion[] }> {
  const [row] = await db
    .select({
      s: loyaltySettings,
      promos: sql<Promotion[] | null>`(select json_agg(json_build_object('id', p.id, 'bps', p.bps, 'startsAt', (extract(epoch from p.starts_at) * 1000)::bigint, 'endsAt', (extract(epoch from p.ends_at) * 1000)::bigint, 'storeIds', p.store_ids)) from ${promotions} p where p.brand_id = ${brandId} and p.starts_at <= ${new Date(at)} and p.ends_at > ${new Date(at)})`,
    })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  const settings = row ? toSettings(row.s, brandId) : { earnRule: DEFAULT_EARN_RULE, tierRules: DEFAULT_TIER_RULES, lotValidityMonths: DEFAULT_LOT_VALIDITY_MONTHS };
  const promos = row?.promos ?? (row ? [] : await activePromotions(db, brandId, at));
  return { ...settings, promotions: promos.map((p) => ({ ...p, startsAt: Number(p.startsAt), endsAt: Number(p.endsAt) })) };
}

export async function activePromotions(db: Db | Tx, brandId: string, at: number): Promise<Promotion[]> {
  const rows = await db
    .select()
    .from(promotions)
    .where(and(eq(promotions.brandId, brandId), lte(promotions.startsAt, new Date(at)), gt(promotions.endsAt, new Date(at))));
  return rows.map((p) => ({ id: p.id, bps: p.bps, startsAt: p.startsAt.getTime(), endsAt: p.endsAt.getTime(), storeIds: p.storeIds }));
}
