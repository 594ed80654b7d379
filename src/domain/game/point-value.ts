/**
 * The brand's point value: what one point is worth in VND when redeemed (loyalty_settings
 * point_value_vnd), which the wheel's results use to put a VND figure on the points given away.
 * null: not set (the results show points only).
 */
import { problem, type Problem } from "../problems";

/** A ceiling that keeps a typo (an extra zero or three) from making the cost figure absurd. */
export const POINT_VALUE_VND_LIMITS = { min: 1, max: 1_000_000 } as const;

export type PointValueProblemCode = "point_value_range";

export function pointValueProblems(value: number | null): Problem<PointValueProblemCode>[] {
  if (value === null) return [];
  const { min, max } = POINT_VALUE_VND_LIMITS;
  return Number.isSafeInteger(value) && value >= min && value <= max ? [] : [problem("point_value_range", "pointValueVnd", { min, max })];
}
