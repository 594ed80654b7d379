/**
 * A POS refund of (part of) a receipt that earned points (docs/decisions/0043). Refunds are
 * proportional and cumulative: after refunds totalling R of a bill B that earned P points,
 * exactly floor(P × R / B) points have been taken back. Each refund takes the difference from
 * what earlier refunds took, so several partial refunds never take more than one full refund
 * (P), and a full refund takes back everything whatever the earlier parts were.
 */
export type RefundPlan =
  { ok: true; points: number; refundedVnd: number } | { ok: false; reason: "amount_invalid" | "exceeds_bill"; remainingVnd: number };

export function planRefund(a: { earnedPoints: number; billVnd: number; refundedBeforeVnd: number; refundVnd: number }): RefundPlan {
  const remainingVnd = a.billVnd - a.refundedBeforeVnd;
  if (!Number.isSafeInteger(a.refundVnd) || a.refundVnd <= 0) return { ok: false, reason: "amount_invalid", remainingVnd };
  if (a.refundVnd > remainingVnd) return { ok: false, reason: "exceeds_bill", remainingVnd };
  const total = a.refundedBeforeVnd + a.refundVnd;
  // BigInt: points × VND can pass 2^53 for the largest bills the earn rule allows.
  const takenAfter = Number((BigInt(a.earnedPoints) * BigInt(total)) / BigInt(a.billVnd));
  const takenBefore = Number((BigInt(a.earnedPoints) * BigInt(a.refundedBeforeVnd)) / BigInt(a.billVnd));
  return { ok: true, points: takenAfter - takenBefore, refundedVnd: total };
}
