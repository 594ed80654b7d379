/**
 * Spending points: a member redeems a reward for a voucher (points and stock in one
 * transaction); the counter's side of a voucher is in voucher-counter.ts. It runs in one
 * transaction and either commits everything or, on an expected failure (a Refusal), nothing.
 */
import { and, eq } from "drizzle-orm";
import type { ErrorCode } from "../../../contract/errors";
import type { RedeemResponse } from "../../../contract/loyalty";
import { availablePoints } from "../../../domain/loyalty/lots";
import { checkRedeemable } from "../../../domain/loyalty/rewards";
import type { Db, Tx } from "../../db/client";
import { rewards, staffStores, stores } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { issueVoucher } from "./issue-voucher";
import { debit, idempotent, lockMember, openLots, type Actor } from "./posting";
import { rewardRules } from "./rewards-view";
import { toVoucherView } from "./summary";

/**
 * Staff counters may only act for their stores; managers and admins for any store of the brand.
 * A store the brand switched off (closed, moved) takes nothing more at its counter.
 */
export async function assertStoreAllowed(tx: Tx, actor: Actor, storeId: string) {
  const [store] = await tx
    .select({ brandId: stores.brandId, bound: staffStores.userId, active: stores.active })
    .from(stores)
    .leftJoin(staffStores, and(eq(staffStores.storeId, stores.id), eq(staffStores.userId, actor.userId)))
    .where(eq(stores.id, storeId));
  if (!store || store.brandId !== actor.brandId) throw new Refusal("store_not_allowed", "This store does not belong to your brand.");
  if (actor.role === "staff" && !store.bound) throw new Refusal("store_not_allowed", "You are not assigned to this store.");
  if (!store.active) throw new Refusal("store_not_allowed", "This store is switched off.");
}

export async function redeem(
  db: Db,
  now: number,
  actor: Actor & { memberId: string },
  req: { rewardId: string; idempotencyKey: string },
): Promise<Outcome<RedeemResponse>> {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: actor.brandId, scope: `redeem:${actor.memberId}`, key: req.idempotencyKey, request: { rewardId: req.rewardId } },
      async () => {
        const member = await lockMember(tx, actor.memberId);
        if (!member) throw new Refusal("not_a_member", "Join the membership first.");
        const [reward] = await tx
          .select()
          .from(rewards)
          .where(and(eq(rewards.id, req.rewardId), eq(rewards.brandId, member.brandId)))
          .for("update");
        if (!reward) throw new Refusal("reward_not_found", "No such reward.");
        const lots = await openLots(tx, member.id);
        const check = checkRedeemable(rewardRules(reward), { tier: member.tier, balance: availablePoints(lots, now) }, now);
        if (!check.ok) {
          const code: ErrorCode =
            check.reason === "insufficient_points" || check.reason === "out_of_stock" || check.reason === "tier_not_eligible"
              ? check.reason
              : "reward_unavailable";
          throw new Refusal(code, `This reward cannot be redeemed now (${check.reason}).`);
        }
        const voucher = await issueVoucher(tx, member, reward, now);
        await debit(tx, member, reward.pointsCost, {
          kind: "redeem",
          actorKind: "member",
          at: now,
          actorId: actor.userId,
          voucherId: voucher.id,
          reason: reward.name,
        });
        // The redeem entry (with its voucher) is also the event of the voucher message:
        // messaging reads it from the ledger through a cursor (dispatchVoucherMessages).
        return { voucher: toVoucherView(voucher, reward.name, now), balance: member.balance, replayed: false } satisfies RedeemResponse;
      },
    );
    return { ...value, replayed };
  });
}
