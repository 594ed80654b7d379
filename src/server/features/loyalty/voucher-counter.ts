/**
 * A voucher at the counter: the look before use (preview: who owns it, what it is worth; no
 * state change) and the use itself (single use, idempotent by key). Both refuse the same way, and
 * a refusal carries what the cashier needs to explain it to the shopper: a used voucher says
 * when, at which store and by whom (params usedAt, storeName, usedBy), an expired one since when.
 */
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { UseVoucherResponse, VoucherPreview } from "../../../contract/loyalty";
import { maskVnPhone } from "../../../domain/messaging/phone";
import type { ProblemParams } from "../../../domain/problems";
import { checkVoucherUse, normalizeVoucherCode } from "../../../domain/loyalty/vouchers";
import type { Db, Tx } from "../../db/client";
import { members, rewards, stores, users, vouchers } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { formatMemberNo } from "../members/cards";
import { actorUserId, idempotent, type Actor } from "./posting";
import { assertStoreAllowed } from "./redeem";

const usedByUser = alias(users, "used_by_user");

/** The voucher with its reward, its owner and, once used, who used it where. */
async function findVoucher(tx: Tx, code: string) {
  const [row] = await tx
    .select({
      v: vouchers,
      rewardName: rewards.name,
      rewardDescription: rewards.description,
      pointsCost: rewards.pointsCost,
      ownerName: users.displayName,
      ownerPhone: users.phone,
      memberSeq: members.memberSeq,
      usedByName: usedByUser.displayName,
      usedStoreName: stores.name,
    })
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .innerJoin(members, eq(members.id, vouchers.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .leftJoin(usedByUser, eq(usedByUser.id, vouchers.usedBy))
    .leftJoin(stores, eq(stores.id, vouchers.usedStoreId))
    .where(eq(vouchers.code, code));
  return row ?? null;
}
type FoundVoucher = NonNullable<Awaited<ReturnType<typeof findVoucher>>>;

/** The store check, the lookup and the rules: the voucher if staff of `actor` may use it now, else a Refusal. */
async function usableVoucher(tx: Tx, now: number, actor: Actor, req: { code: string; storeId: string }): Promise<FoundVoucher> {
  await assertStoreAllowed(tx, actor, req.storeId);
  const code = normalizeVoucherCode(req.code);
  if (!code) throw new Refusal("voucher_not_found", "This is not a voucher code.");
  const found = await findVoucher(tx, code);
  if (!found) throw new Refusal("voucher_not_found", "No voucher has this code.");
  refuseUnusable(found, actor.brandId, now);
  return found;
}

/** Throws the Refusal of a voucher that cannot be used; the brand check first, so another brand's code says nothing more. */
function refuseUnusable(found: FoundVoucher, brandId: string, now: number) {
  const { v } = found;
  const check = checkVoucherUse({ brandId: v.brandId, status: v.status, expiresAt: v.expiresAt.getTime() }, brandId, now);
  if (check.ok) return;
  switch (check.reason) {
    case "wrong_brand":
      throw new Refusal("wrong_brand", "This voucher belongs to another brand.");
    case "used": {
      const params: ProblemParams = {};
      if (v.usedAt) params.usedAt = v.usedAt.toISOString();
      if (found.usedStoreName) params.storeName = found.usedStoreName;
      if (found.usedByName) params.usedBy = found.usedByName;
      throw new Refusal("voucher_used", "This voucher was already used.", params);
    }
    case "void":
      throw new Refusal("voucher_void", "This voucher is no longer valid.");
    case "cancelled":
      throw new Refusal("voucher_cancelled", "A manager cancelled this voucher and refunded its points.");
    case "expired":
      throw new Refusal("voucher_expired", "This voucher has expired.", { expiresAt: v.expiresAt.toISOString() });
    default: {
      // A new reason (a new voucher status) must be mapped here: without this a voucher the
      // rules refuse would look usable at the preview.
      const unmapped: never = check.reason;
      throw new Refusal("voucher_void", `This voucher cannot be used (${String(unmapped)}).`);
    }
  }
}

/** The look before use: who owns the voucher and what it is worth. Reads only. */
export async function previewVoucher(
  db: Db,
  now: number,
  actor: Actor,
  req: { code: string; storeId: string },
): Promise<Outcome<VoucherPreview>> {
  return inTransaction(db, async (tx) => {
    const found = await usableVoucher(tx, now, actor, req);
    return {
      voucherId: found.v.id,
      code: found.v.code,
      rewardName: found.rewardName,
      rewardDescription: found.rewardDescription,
      pointsCost: found.pointsCost,
      expiresAt: found.v.expiresAt.toISOString(),
      owner: {
        displayName: found.ownerName,
        memberNo: formatMemberNo(found.memberSeq),
        phoneMasked: found.ownerPhone ? maskVnPhone(found.ownerPhone) : null,
      },
    };
  });
}

/**
 * Uses the voucher once. With an idempotency key, a retry of the same use (same code and store,
 * by the same cashier) answers the first result with replayed: true, even though the voucher is
 * now used; any other repeat is refused as voucher_used with its details.
 */
export async function useVoucher(
  db: Db,
  now: number,
  actor: Actor,
  req: { code: string; storeId: string; idempotencyKey?: string | undefined },
): Promise<Outcome<UseVoucherResponse>> {
  return inTransaction(db, async (tx) => {
    const use = async (): Promise<UseVoucherResponse> => {
      const found = await usableVoucher(tx, now, actor, req);
      // Single use even under a race: only the update that still sees status 'issued' wins.
      const [used] = await tx
        .update(vouchers)
        .set({ status: "used", usedAt: new Date(now), usedBy: actorUserId(actor), usedStoreId: req.storeId })
        .where(and(eq(vouchers.id, found.v.id), eq(vouchers.status, "issued")))
        .returning();
      if (!used) {
        // Lost the race: say who won, like any used voucher.
        const winner = await findVoucher(tx, found.v.code);
        if (winner) refuseUnusable(winner, actor.brandId, now);
        throw new Refusal("voucher_used", "This voucher was already used.");
      }
      return {
        voucherId: used.id,
        code: used.code,
        rewardName: found.rewardName,
        memberName: found.ownerName,
        usedAt: new Date(now).toISOString(),
        replayed: false,
      };
    };
    if (!req.idempotencyKey) return use();
    const { value, replayed } = await idempotent(
      tx,
      {
        brandId: actor.brandId,
        scope: `voucher_use:${actor.userId}`,
        key: req.idempotencyKey,
        request: { code: normalizeVoucherCode(req.code) ?? req.code, storeId: req.storeId },
      },
      use,
    );
    return { ...value, replayed };
  });
}
