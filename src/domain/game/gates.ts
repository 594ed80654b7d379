/**
 * Who may play a campaign, and when (issue 14): the campaign running and inside its window,
 * then its eligibility gates, in a fixed order so the member is told the first thing to do.
 */
import { TIER_CODES, type TierCode } from "../loyalty/tiers";
import type { CampaignStatus, WheelCampaignConfig } from "./wheel";

/** What the server knows of the member when checking the gates. */
export type MemberFacts = {
  /** Membership active: a member, not erased. */
  active: boolean;
  tier: TierCode;
  /** Purchases at the counter (earns not reversed). */
  purchases: number;
  /** Consent purposes currently granted. */
  consents: readonly string[];
  /** Stores the member purchased at. */
  storeIds: readonly string[];
};

export const GATES = ["membership", "min_tier", "min_purchases", "consent", "stores"] as const;
export type Gate = (typeof GATES)[number];

/** The first gate the member does not pass, or null when they may play. */
export function failedGate(gates: WheelCampaignConfig["gates"], m: MemberFacts): Gate | null {
  if (!m.active) return "membership";
  if (gates.minTier !== null && TIER_CODES.indexOf(m.tier) < TIER_CODES.indexOf(gates.minTier)) return "min_tier";
  if (m.purchases < gates.minPurchases) return "min_purchases";
  if (gates.consentPurpose !== null && !m.consents.includes(gates.consentPurpose)) return "consent";
  if (gates.storeIds !== null && !m.storeIds.some((id) => gates.storeIds!.includes(id))) return "stores";
  return null;
}

/**
 * Whether the campaign takes spins at `at`: `running` only when its status is running and
 * startsAt ≤ at < endsAt; `not_running` (draft, paused, ended by a manager), `not_started`, or
 * `over` otherwise.
 */
export type RunState = "running" | "not_running" | "not_started" | "over";
export function runState(status: CampaignStatus, window: Pick<WheelCampaignConfig, "startsAt" | "endsAt">, at: number): RunState {
  if (status !== "running") return "not_running";
  if (at < window.startsAt) return "not_started";
  if (at >= window.endsAt) return "over";
  return "running";
}
