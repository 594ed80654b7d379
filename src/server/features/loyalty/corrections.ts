/**
 * Corrections by a manager, each a new ledger entry (the ledger is append-only): adjustments,
 * reversals and voucher refunds. Each carries the manager's internal note (`reason`, console
 * only) and, separately, the preset the member reads (`memberReason`, or the neutral default):
 * docs/decisions/0017-ledger-actors-and-reasons.md.
 */
import { and, eq, sql } from "drizzle-orm";
import type { VoucherCancelResponse } from "../../../contract/loyalty";
import type { MemberReason } from "../../../domain/loyalty/actors";
import { checkVoucherCancel } from "../../../domain/loyalty/vouchers";
import type { Db } from "../../db/client";
import { ledgerEntries, lotTakes, pointLots, rewards, vouchers } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { clawBackReferral } from "../referrals/referrals";
import { credit, debit, idempotent, lockMember, type Actor } from "./posting";
import { loyaltySettingsOf } from "./settings";
import { toVoucherView } from "./summary";
import { toConsoleVoucher } from "./voucher-reveal";

type Reasons = { reason: string; memberReason: MemberReason | null };

export async function adjust(
  db: Db,
  now: number,
  actor: Actor,
  memberId: string,
  req: Reasons & { points: number; idempotencyKey: string },
) {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      {
        brandId: actor.brandId,
        scope: "adjust",
        key: req.idempotencyKey,
        request: { memberId, points: req.points, reason: req.reason, memberReason: req.memberReason },
      },
      async () => {
        const member = await lockMember(tx, memberId);
        if (!member || member.brandId !== actor.brandId) throw new Refusal("member_not_found", "No such member.");
        const settings = await loyaltySettingsOf(tx, member.brandId);
        const f = {
          kind: "adjust" as const,
          actorKind: "manager" as const,
          at: now,
          actorId: actor.userId,
          reason: req.reason,
          memberReason: req.memberReason,
        };
        const entry =
          req.points > 0
            ? await credit(tx, member, req.points, { ...f, validityMonths: settings.lotValidityMonths })
            : await debit(tx, member, -req.points, f);
        return { entryId: entry.id, points: req.points, balance: member.balance, replayed: false };
      },
    );
    return { ...value, replayed };
  });
}

/** Reverses a mistaken earn: a new debit row pointing at it, and its bill leaves the tier spend. */
export async function reverse(db: Db, now: number, actor: Actor, entryId: string, req: Reasons) {
  return inTransaction(db, async (tx) => {
    const [original] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId));
    if (!original || original.brandId !== actor.brandId) throw new Refusal("entry_not_found", "No such ledger entry.");
    if (original.kind !== "earn") throw new Refusal("not_reversible", "Only points earned at a store can be reversed; use an adjustment.");
    const member = await lockMember(tx, original.memberId);
    if (!member) throw new Refusal("member_not_found", "No such member.");
    const [already] = await tx
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.refEntryId, entryId), eq(ledgerEntries.kind, "reversal")));
    if (already) throw new Refusal("already_reversed", "This entry was already reversed.");
    const entry = await debit(tx, member, original.points, {
      kind: "reversal",
      actorKind: "manager",
      at: now,
      actorId: actor.userId,
      reason: req.reason,
      memberReason: req.memberReason,
      refEntryId: original.id,
      storeId: original.storeId,
      receiptNo: original.receiptNo,
      billVnd: original.billVnd,
    });
    // A manager's reversal undoes the whole purchase: a referral it completed is taken back with it.
    await clawBackReferral(tx, now, original.id, member);
    return { entryId: entry.id, points: -original.points, balance: member.balance, replayed: false };
  });
}

const CANCEL_REFUSALS = {
  used: ["voucher_used", "This voucher was already used at a counter."],
  expired: ["voucher_expired", "This voucher has expired."],
  cancelled: ["voucher_cancelled", "This voucher was already cancelled."],
  void: ["voucher_void", "This voucher was written off with its member's account."],
} as const;

const cancelRefusal = (reason: keyof typeof CANCEL_REFUSALS) => new Refusal(CANCEL_REFUSALS[reason][0], CANCEL_REFUSALS[reason][1]);

/**
 * A manager cancels a member's unused voucher: in one transaction the voucher becomes
 * cancelled, exactly the points its redemption took come back (a `refund` entry pointing at
 * the voucher and the redemption, in a lot that expires when the latest of the points it
 * took would have) and a limited reward gets its unit of stock back. Idempotent by key; the
 * unique index on refunds per voucher is the backstop.
 */
export async function cancelVoucher(
  db: Db,
  now: number,
  actor: Actor,
  voucherId: string,
  req: Reasons & { idempotencyKey: string },
): Promise<Outcome<VoucherCancelResponse>> {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      {
        brandId: actor.brandId,
        scope: "cancel_voucher",
        key: req.idempotencyKey,
        request: { voucherId, reason: req.reason, memberReason: req.memberReason },
      },
      async () => {
        const [found] = await tx
          .select({ memberId: vouchers.memberId, brandId: vouchers.brandId })
          .from(vouchers)
          .where(eq(vouchers.id, voucherId));
        if (!found || found.brandId !== actor.brandId) throw new Refusal("voucher_not_found", "No such voucher.");
        // The same lock order as a redemption (member, then reward), so the two cannot deadlock.
        const member = await lockMember(tx, found.memberId);
        if (!member) throw new Refusal("member_not_found", "No such member.");
        const [v] = await tx.select().from(vouchers).where(eq(vouchers.id, voucherId)).for("update");
        const check = checkVoucherCancel({ status: v!.status, expiresAt: v!.expiresAt.getTime() }, now);
        if (!check.ok) throw cancelRefusal(check.reason);
        const [reward] = await tx.select().from(rewards).where(eq(rewards.id, v!.rewardId)).for("update");
        const [redemption] = await tx
          .select({ id: ledgerEntries.id, points: ledgerEntries.points })
          .from(ledgerEntries)
          .where(and(eq(ledgerEntries.voucherId, voucherId), eq(ledgerEntries.kind, "redeem")));
        if (!redemption) throw new Refusal("entry_not_found", "This voucher has no redemption to refund.");
        const [taken] = await tx
          .select({ expiresAt: sql<Date | string | null>`max(${pointLots.expiresAt})` })
          .from(lotTakes)
          .innerJoin(pointLots, eq(pointLots.id, lotTakes.lotId))
          .where(eq(lotTakes.entryId, redemption.id));
        const [cancelled] = await tx
          .update(vouchers)
          .set({ status: "cancelled", cancelledAt: new Date(now) })
          .where(and(eq(vouchers.id, voucherId), eq(vouchers.status, "issued")))
          .returning();
        if (!cancelled) throw cancelRefusal("cancelled");
        // Stock counts the units the brand can still hand out: an unused voucher gives its unit back.
        if (reward!.stock !== null) {
          await tx
            .update(rewards)
            .set({ stock: sql`${rewards.stock} + 1` })
            .where(eq(rewards.id, reward!.id));
        }
        const points = -redemption.points;
        const entry = await credit(tx, member, points, {
          kind: "refund",
          actorKind: "manager",
          at: now,
          actorId: actor.userId,
          reason: req.reason,
          memberReason: req.memberReason,
          voucherId,
          refEntryId: redemption.id,
          expiresAt: taken?.expiresAt ? new Date(taken.expiresAt).getTime() : now,
        });
        return {
          // The console's view: a cancelled code is worthless, but codes stay masked there (decision 0012).
          voucher: toConsoleVoucher(toVoucherView(cancelled, reward!.name, now)),
          entryId: entry.id,
          points,
          balance: member.balance,
          replayed: false,
        } satisfies VoucherCancelResponse;
      },
    );
    return { ...value, replayed };
  });
}
