/**
 * The brand's approval threshold (campaign_settings.approval_threshold): a marketer's campaign
 * with more recipients than this waits for a manager (lifecycle.ts needsApproval). 0: every
 * marketer's campaign does. The ceiling keeps a typo (an extra zero or three) from switching
 * approval off without anyone noticing; a brand with more members than that is not a customer yet.
 */
import { problem, type Problem } from "../problems";

export const DEFAULT_APPROVAL_THRESHOLD = 1_000;
export const APPROVAL_THRESHOLD_LIMITS = { min: 0, max: 1_000_000 } as const;

export type ApprovalThresholdProblemCode = "approval_threshold_range";

export function approvalThresholdProblems(value: number): Problem<ApprovalThresholdProblemCode>[] {
  const { min, max } = APPROVAL_THRESHOLD_LIMITS;
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? []
    : [problem("approval_threshold_range", "approvalThreshold", { min, max })];
}
