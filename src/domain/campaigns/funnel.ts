/**
 * The audience funnel before a campaign goes: of the members the segment matches, how many
 * may receive the template's purpose (consent), have a phone number, are within the promotion
 * caps, are not held out as the control group, and fit the quota over the campaign's plan.
 * The server counts each stage in one statement; this turns the counts into the steps the
 * console draws, each never above the one before it (a count taken a moment later cannot make
 * the funnel grow), with what each step lost, and the estimated cost.
 */
import type { ZnsTag } from "../messaging/zns-template";

export const FUNNEL_STEPS = ["matched", "consent", "phone", "caps", "not_control", "quota"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export type FunnelCounts = Record<FunnelStep, number>;
export type Funnel = { steps: { step: FunnelStep; count: number; lost: number }[]; recipients: number; estimatedCostVnd: number };

export function audienceFunnel(counts: FunnelCounts, pricePerMessageVnd: number): Funnel {
  const steps: Funnel["steps"] = [];
  let previous = Number.MAX_SAFE_INTEGER;
  for (const step of FUNNEL_STEPS) {
    const count = Math.max(0, Math.min(previous, Math.floor(counts[step])));
    steps.push({ step, count, lost: previous === Number.MAX_SAFE_INTEGER ? 0 : previous - count });
    previous = count;
  }
  return { steps, recipients: previous, estimatedCostVnd: previous * pricePerMessageVnd };
}

/** The control group's expected size among `eligible` members: the share, rounded to the nearest member. */
export const expectedControl = (eligible: number, controlPercent: number) => Math.round((eligible * controlPercent) / 100);

/** The tag's price from the brand's table. */
export const pricePerMessage = (prices: Record<ZnsTag, number>, tag: ZnsTag) => prices[tag];
