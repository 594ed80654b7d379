/**
 * The one place a voucher is made: one unit of the reward's stock taken (never oversold) and the
 * voucher row written, inside the caller's transaction. A member's redemption (redeem.ts) pays
 * for it with points first; a manager's apology voucher for a feedback case (features/cases)
 * is a gift and pays nothing.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { voucherExpiresAt } from "../../../domain/loyalty/rewards";
import { voucherCode } from "../../../domain/loyalty/vouchers";
import type { Tx } from "../../db/client";
import { rewards, vouchers } from "../../db/schema";
import { Refusal } from "../../db/transaction";

export async function issueVoucher(
  tx: Tx,
  member: { id: string; brandId: string },
  reward: typeof rewards.$inferSelect,
  now: number,
): Promise<typeof vouchers.$inferSelect> {
  if (reward.stock !== null) {
    // The caller locks the reward row, but the conditional update keeps "never oversold" true on its own.
    const taken = await tx
      .update(rewards)
      .set({ stock: sql`${rewards.stock} - 1` })
      .where(and(eq(rewards.id, reward.id), gt(rewards.stock, 0)))
      .returning({ stock: rewards.stock });
    if (!taken.length) throw new Refusal("out_of_stock", "This reward is out of stock.");
  }
  const [voucher] = await tx
    .insert(vouchers)
    .values({
      brandId: member.brandId,
      memberId: member.id,
      rewardId: reward.id,
      code: voucherCode(randomBytes(10)),
      issuedAt: new Date(now),
      expiresAt: new Date(voucherExpiresAt(now, reward.voucherValidityDays, reward.validUntil?.getTime() ?? null)),
    })
    .returning();
  return voucher!;
}
