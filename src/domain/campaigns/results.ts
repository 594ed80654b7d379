/**
 * What a campaign did, as pure arithmetic (issue 15 "Results"; docs/decisions/0038): the
 * difference between an arm's conversion rate and the control group's, with its 95 % confidence
 * interval by Newcombe's hybrid score method (method 10 of Newcombe 1998, "Interval estimation
 * for the difference between independent proportions", Statistics in Medicine 17:873–890): the
 * Wilson score interval of each proportion, combined. Chosen over the Wald interval because
 * campaigns' conversion rates are often small and groups small (a 10 % control of 300 members):
 * Wald's interval collapses to a point at 0 or 1 conversions and overshoots [−1, 1]; Newcombe's
 * stays inside and keeps close to its nominal coverage there.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export type Interval = { lower: number; upper: number };

/** Wilson's score interval for x successes in n (n > 0), without continuity correction. */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n <= 0) throw new RangeError("n must be positive");
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  const denom = 1 + z2 / n;
  // Clamped: rounding can put an end a hair outside [0, 1] at x = 0 or x = n.
  return { lower: Math.max(0, (centre - spread) / denom), upper: Math.min(1, (centre + spread) / denom) };
}

export type Difference = { difference: number; lower: number; upper: number };

/**
 * p1 − p2 (x1/n1 − x2/n2) with Newcombe's hybrid score interval. Null when either group is
 * empty: there is no rate to compare (a campaign without a control group, or an arm that
 * reached nobody), which the console shows as "—", never as 0.
 */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): Difference | null {
  if (n1 <= 0 || n2 <= 0) return null;
  if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) throw new RangeError("successes must be within 0..n");
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    difference: d,
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}

export type GroupCounts = {
  /** Everyone recorded in the group (intention to treat: sent or not). */
  recipients: number;
  converted: number;
  /** Bills (VND) of the converted members' earns in their window. */
  revenueVnd: number;
};

export type Lift = {
  /** Conversion rate of the arm minus the control group's (a proportion, −1..1) and its 95 % interval. */
  difference: number;
  lower: number;
  upper: number;
  /** The arm's rate over the control's, minus 1; null when the control converted nobody. */
  relative: number | null;
  /** The interval excludes 0. */
  significant: boolean;
  /**
   * (revenue per arm recipient − revenue per control recipient) × arm recipients, whole VND:
   * the revenue the message made happen, which only a control group can tell.
   */
  incrementalRevenueVnd: number;
};

export const rateOf = (g: GroupCounts): number | null => (g.recipients > 0 ? g.converted / g.recipients : null);

/** An arm against the control group; null without a control group (or an empty arm). */
export function liftOf(arm: GroupCounts, control: GroupCounts): Lift | null {
  const d = differenceInterval(arm.converted, arm.recipients, control.converted, control.recipients);
  if (!d) return null;
  const controlRate = control.converted / control.recipients;
  const perArm = arm.revenueVnd / arm.recipients;
  const perControl = control.revenueVnd / control.recipients;
  return {
    ...d,
    relative: controlRate > 0 ? arm.converted / arm.recipients / controlRate - 1 : null,
    significant: d.lower > 0 || d.upper < 0,
    incrementalRevenueVnd: Math.round((perArm - perControl) * arm.recipients),
  };
}
