import { rewardImagePath, type RewardView } from "../../../contract/loyalty";
import type { RewardRules } from "../../../domain/loyalty/rewards";
import type { rewards } from "../../db/schema";

export function rewardView(r: typeof rewards.$inferSelect): RewardView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    nameEn: r.nameEn,
    descriptionEn: r.descriptionEn,
    imageUrl: r.imageId ? rewardImagePath(r.imageId) : r.imageUrl,
    imageId: r.imageId,
    pointsCost: r.pointsCost,
    stock: r.stock,
    validFrom: r.validFrom?.toISOString() ?? null,
    validUntil: r.validUntil?.toISOString() ?? null,
    voucherValidityDays: r.voucherValidityDays,
    eligibleTiers: r.eligibleTiers ?? null,
    active: r.active,
  };
}

/** The row as the domain's redemption rules see it (checkRedeemable). */
export function rewardRules(r: typeof rewards.$inferSelect): RewardRules {
  return {
    active: r.active,
    pointsCost: r.pointsCost,
    stock: r.stock,
    validFrom: r.validFrom?.getTime() ?? null,
    validUntil: r.validUntil?.getTime() ?? null,
    eligibleTiers: r.eligibleTiers,
  };
}
