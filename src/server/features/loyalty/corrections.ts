/** Corrections by a manager, each a new ledger entry (the ledger is append-only): adjustments and reversals. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ledgerEntries } from "../../db/schema";
import { inTransaction, Refusal } from "../../db/transaction";
import { credit, debit, idempotent, lockMember, type Actor } from "./posting";
import { loyaltySettingsOf } from "./settings";

export async function adjust(
  db: Db,
  now: number,
  actor: Actor,
  memberId: string,
  req: { points: number; reason: string; idempotencyKey: string },
) {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: actor.brandId, scope: "adjust", key: req.idempotencyKey, request: { memberId, points: req.points, reason: req.reason } },
      async () => {
        const member = await lockMember(tx, memberId);
        if (!member || member.brandId !== actor.brandId) throw new Refusal("member_not_found", "No such member.");
        const settings = await loyaltySettingsOf(tx, member.brandId);
        const f = { kind: "adjust" as const, at: now, actorId: actor.userId, reason: req.reason };
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
export async function reverse(db: Db, now: number, actor: Actor, entryId: string, reason: string) {
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
      at: now,
      actorId: actor.userId,
      reason,
      refEntryId: original.id,
      storeId: original.storeId,
      receiptNo: original.receiptNo,
      billVnd: original.billVnd,
    });
    return { entryId: entry.id, points: -original.points, balance: member.balance, replayed: false };
  });
}
