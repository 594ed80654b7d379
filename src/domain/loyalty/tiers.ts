/**
 * Tier codes. Names, thresholds and benefits are configured per brand (loyalty issue); the
 * code is what the ledger, segments and templates refer to.
 */
export const TIER_CODES = ["member", "silver", "gold", "diamond"] as const;
export type TierCode = (typeof TIER_CODES)[number];
export const ENTRY_TIER: TierCode = "member";
