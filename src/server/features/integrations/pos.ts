/**
 * What a store's POS does with its API key (docs/integration.md): earn for a receipt, refund
 * (all or part of) a receipt, check and use a voucher. The counter's domain and transactions do
 * the work (loyalty/earn.ts, voucher-counter.ts, posting.ts): a POS is one more actor, acting for
 * exactly the store and brand of its key.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { EarnResponse } from "../../../contract/loyalty";
import type { PosEarnRequest, PosRefundRequest, PosRefundResponse } from "../../../contract/integrations";
import { purchaseUndone } from "../../../domain/game/referral";
import { planRefund } from "../../../domain/integrations/refunds";
import { receiptKey } from "../../../domain/loyalty/receipt";
import { parseMemberQr, verifyMemberQr } from "../../../domain/member-qr/member-qr";
import { normalizeVnPhone } from "../../../domain/messaging/phone";
import { queryRows, type Db } from "../../db/client";
import { ledgerEntries, members, posRefunds, users } from "../../db/schema";
import { inTransaction, Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";
import type { PosKey } from "../../http/api-key";
import { earn } from "../loyalty/earn";
import { debit, lockMember, type Actor } from "../loyalty/posting";
import { clawBackReferral } from "../referrals/referrals";

/** The key as a ledger actor: no person; the entry's device says which key. */
export const posActor = (key: PosKey): Actor => ({
  userId: key.id,
  brandId: key.brandId,
  role: "pos",
  pos: { keyId: key.id, prefix: key.prefix },
});

/**
 * The member a POS names: the live QR code of their card (verified now, as the counter's scan
 * does; a code is valid for its 30-second step ±1), or their phone number (a whole normalised
 * number, own brand only). The step is not burned: like a counter's scan token, one presentation
 * may pay for several receipts of one visit; each receipt still earns once.
 */
async function findMember(db: Db, key: PosKey, who: PosEarnRequest["member"], now: number) {
  if ("code" in who) {
    const parsed = parseMemberQr(who.code);
    if (!parsed) throw new Refusal("qr_malformed", "This is not a member code.");
    const [m] = await db
      .select({ secret: members.qrSecret, brandId: members.brandId, erasedAt: members.erasedAt })
      .from(members)
      .where(eq(members.id, parsed.memberId));
    if (!m || m.erasedAt) throw new Refusal("qr_invalid", "This code is not valid.");
    const verdict = verifyMemberQr(parsed, m.secret, now);
    if (!verdict.ok) {
      if (verdict.reason === "expired") throw new Refusal("qr_expired", "This code has expired; ask the member to reopen the card.");
      if (verdict.reason === "not_yet_valid") throw new Refusal("qr_not_yet_valid", "This code is from the future; check the clocks.");
      throw new Refusal("qr_invalid", "This code is not valid.");
    }
    if (m.brandId !== key.brandId) throw new Refusal("wrong_brand", "This member belongs to another brand.");
    return { memberId: parsed.memberId, method: "qr" as const };
  }
  const phone = normalizeVnPhone(who.phone);
  if (!phone) throw new Refusal("member_not_found", "No member has this phone number.");
  const [m] = await db
    .select({ id: members.id })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.brandId, key.brandId), eq(users.phone, phone), isNull(members.erasedAt)));
  if (!m) throw new Refusal("member_not_found", "No member has this phone number.");
  return { memberId: m.id, method: "phone" as const };
}

/**
 * Earns for a receipt at the key's store, through the counter's earn (same rules, same
 * idempotency by receipt). The same receipt for another member or amount is receipt_conflict.
 */
export async function posEarn(
  db: Db,
  deps: { secret: string; now: number },
  key: PosKey,
  req: PosEarnRequest,
): Promise<Outcome<EarnResponse>> {
  const found = await refusalsAsOutcome(() => findMember(db, key, req.member, deps.now));
  if (!found.ok) return found;
  const out = await earn(db, deps, posActor(key), {
    storeId: key.storeId,
    receiptNo: req.receiptNo,
    billVnd: req.amountVnd,
    member: { resolved: found.value },
  });
  if (out.ok || out.code !== "receipt_already_used") return out;
  return { ...out, code: "receipt_conflict", message: "This receipt already earned points for another member or amount." };
}

/**
 * Refunds all or part of a receipt that earned at this store: a reversal entry pointing at the
 * earn takes back points in proportion (domain/integrations/refunds.ts), its bill part leaves the
 * tier spend. Idempotent by the POS's refund id. As with a manager's reversal, points the member
 * has already spent are not taken below zero: the refund is refused (insufficient_points) and
 * nothing changes; the brand settles it with an adjustment.
 */
export async function posRefund(db: Db, now: number, key: PosKey, req: PosRefundRequest): Promise<Outcome<PosRefundResponse>> {
  const receipt = receiptKey(req.receiptNo)!;
  return inTransaction(db, async (tx) => {
    const [entry] = await tx
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.brandId, key.brandId),
          eq(ledgerEntries.storeId, key.storeId),
          eq(ledgerEntries.receiptKey, receipt),
          eq(ledgerEntries.kind, "earn"),
        ),
      );
    if (!entry) throw new Refusal("receipt_not_found", "This receipt earned no points at this store.");
    // Every refund of a receipt locks its member first: refunds of one receipt (and every other
    // points change of the member) queue up, and each sees the parts refunded before it.
    const member = await lockMember(tx, entry.memberId);
    if (!member) throw new Refusal("member_not_found", "No such member.");
    const [prior] = await tx
      .select()
      .from(posRefunds)
      .where(and(eq(posRefunds.storeId, key.storeId), eq(posRefunds.refundId, req.refundId)));
    if (prior) {
      if (prior.earnEntryId !== entry.id || prior.amountVnd !== req.amountVnd)
        throw new Refusal("refund_conflict", "This refund id was already used for another receipt or amount.");
      return {
        entryId: prior.entryId,
        memberId: entry.memberId,
        receiptNo: entry.receiptNo ?? req.receiptNo,
        points: -prior.points,
        balance: prior.balanceAfter,
        billVnd: entry.billVnd ?? 0,
        refundedVnd: prior.refundedTotalVnd,
        replayed: true,
      };
    }
    const [manager] = await queryRows<{ id: string }>(
      tx,
      sql`select id from ledger_entries where ref_entry_id = ${entry.id} and kind = 'reversal' and idempotency_key is null limit 1`,
    );
    if (manager) throw new Refusal("already_reversed", "A manager already reversed this receipt's points.");
    const [{ refunded } = { refunded: 0 }] = await queryRows<{ refunded: string | number }>(
      tx,
      sql`select coalesce(sum(amount_vnd), 0) as refunded from pos_refunds where earn_entry_id = ${entry.id}`,
    );
    const plan = planRefund({
      earnedPoints: entry.points,
      billVnd: entry.billVnd ?? 0,
      refundedBeforeVnd: Number(refunded),
      refundVnd: req.amountVnd,
    });
    if (!plan.ok)
      throw new Refusal("refund_exceeds_bill", "The refund is more than what is left of the bill.", { remainingVnd: plan.remainingVnd });
    const reversal =
      plan.points > 0
        ? await debit(tx, member, plan.points, {
            kind: "reversal",
            actorKind: "pos",
            actorDevice: `pos:${key.prefix}`,
            memberReason: "purchase_returned",
            at: now,
            refEntryId: entry.id,
            storeId: key.storeId,
            receiptNo: entry.receiptNo,
            billVnd: req.amountVnd,
            idempotencyKey: `pos_refund:${key.storeId}:${req.refundId}`,
          })
        : null;
    // The part that refunds the rest of the bill undoes the purchase: a referral it completed is
    // taken back here, before the balance this refund answers with is recorded.
    if (purchaseUndone({ managerReversed: false, billVnd: entry.billVnd ?? 0, refundedVnd: plan.refundedVnd }))
      await clawBackReferral(tx, now, entry.id, member);
    await tx.insert(posRefunds).values({
      storeId: key.storeId,
      refundId: req.refundId,
      brandId: key.brandId,
      earnEntryId: entry.id,
      amountVnd: req.amountVnd,
      points: plan.points,
      entryId: reversal?.id ?? null,
      balanceAfter: member.balance,
      refundedTotalVnd: plan.refundedVnd,
      apiKeyId: key.id,
      createdAt: new Date(now),
    });
    return {
      entryId: reversal?.id ?? null,
      memberId: entry.memberId,
      receiptNo: entry.receiptNo ?? req.receiptNo,
      points: -plan.points,
      balance: member.balance,
      billVnd: entry.billVnd ?? 0,
      refundedVnd: plan.refundedVnd,
      replayed: false,
    };
  });
}
