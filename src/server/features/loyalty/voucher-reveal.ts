/**
 * Voucher codes in the console (issue 10 item 13): lists show them masked to everyone; a
 * manager reveals one code at a time and each reveal leaves an audit row (who, when, which
 * voucher) in the same transaction as the answer, so no code is shown unrecorded.
 */
import { and, eq } from "drizzle-orm";
import type { ConsoleVoucher, VoucherCodeReveal, VoucherView } from "../../../contract/loyalty";
import { maskVoucherCode } from "../../../domain/loyalty/voucher-mask";
import type { Db } from "../../db/client";
import { auditEvents, vouchers } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { Actor } from "./posting";

/** The console's view of a voucher: no code, no QR payload; the code's last group. */
export function toConsoleVoucher(v: VoucherView): ConsoleVoucher {
  const { code, qrPayload: _qr, ...rest } = v;
  return { ...rest, codeMasked: maskVoucherCode(code) };
}

/** One voucher's code for a manager of its brand, recorded in audit_events. */
export async function revealVoucherCode(db: Db, now: number, actor: Actor, voucherId: string): Promise<Outcome<VoucherCodeReveal>> {
  return inTransaction(db, async (tx) => {
    const [v] = await tx
      .select({ id: vouchers.id, code: vouchers.code })
      .from(vouchers)
      .where(and(eq(vouchers.id, voucherId), eq(vouchers.brandId, actor.brandId)));
    // Another brand's voucher is "not found", like a voucher that does not exist.
    if (!v) throw new Refusal("voucher_not_found", "No such voucher in this brand.");
    await tx.insert(auditEvents).values({
      brandId: actor.brandId,
      actorId: actor.userId,
      action: "voucher_code_revealed",
      subjectId: v.id,
      at: new Date(now),
    });
    return { voucherId: v.id, code: v.code, revealedAt: new Date(now).toISOString() };
  });
}
