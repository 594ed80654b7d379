/**
 * POS / e-commerce integration (issue 17; docs/integration.md, docs/decisions/0043): what a
 * store's POS sends with its API key, and the console's keys, webhook endpoints and delivery log.
 */
import { z } from "zod";
import { Instant, TierSchema, Uuid } from "./common";
import { EarnResponse, IdempotencyKey, ReceiptNo, UseVoucherResponse, VoucherPreview } from "./loyalty";
import { WebhookEventSchema } from "./integrations-console";
import { text } from "./text";

// The console's keys, endpoints and delivery log live in integrations-console.ts (the console's chunk takes only those).

// ---- POS (API key) ----

/** Who the points go to: the member's QR code as the POS scanner read it, or their phone number. */
export const PosMember = z.union([
  z.object({ code: text().min(1).max(256) }).meta({ description: "The member card's QR content, read now" }),
  z.object({ phone: text().min(9).max(20) }).meta({ description: "The member's phone number (0912345678 or 84912345678)" }),
]);

export const PosEarnRequest = z
  .object({
    /** Idempotency key: a receipt earns once per store; a retry with the same member and amount answers the first result. */
    receiptNo: ReceiptNo,
    /** The bill in VND, an integer. */
    amountVnd: z.number().int(),
    member: PosMember,
  })
  .meta({
    id: "PosEarnRequest",
    examples: [{ receiptNo: "HD-000123", amountVnd: 250000, member: { phone: "0912345678" } }],
  });
export type PosEarnRequest = z.infer<typeof PosEarnRequest>;
export const PosEarnResponse = EarnResponse.meta({ id: "PosEarnResponse" });

export const PosRefundRequest = z
  .object({
    receiptNo: ReceiptNo,
    /** The POS's id of this refund (its credit note number): a retry with the same id and amount answers the first result. */
    refundId: text()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:/-]+$/),
    /** What is refunded of the bill, in VND: the whole bill or a part (points come back in proportion). */
    amountVnd: z.number().int(),
  })
  .meta({ id: "PosRefundRequest", examples: [{ receiptNo: "HD-000123", refundId: "RF-000045", amountVnd: 100000 }] });
export type PosRefundRequest = z.infer<typeof PosRefundRequest>;

export const PosRefundResponse = z
  .object({
    /** The reversal entry in the member's ledger (null when the part refunded took back no whole point). */
    entryId: Uuid.nullable(),
    memberId: Uuid,
    receiptNo: z.string(),
    /** Points taken back by this refund (0 or negative). */
    points: z.number().int(),
    balance: z.number().int(),
    billVnd: z.number().int(),
    /** All refunds of this receipt so far, this one included. */
    refundedVnd: z.number().int(),
    replayed: z.boolean(),
  })
  .meta({ id: "PosRefundResponse" });
export type PosRefundResponse = z.infer<typeof PosRefundResponse>;

export const PosVoucherCheck = z
  .object({ code: text().min(1).max(64) })
  .meta({ id: "PosVoucherCheck", examples: [{ code: "S4YD-11R7-YYJJ-5FQ4" }] });
export const PosVoucherUse = PosVoucherCheck.extend({ idempotencyKey: IdempotencyKey.optional() }).meta({
  id: "PosVoucherUse",
  examples: [{ code: "S4YD-11R7-YYJJ-5FQ4", idempotencyKey: "use-HD-000123" }],
});
export const PosVoucherPreview = VoucherPreview;
export const PosVoucherUsed = UseVoucherResponse;

/** What the key is: which store of which brand it acts for (a first call to check the set-up). */
export const PosWhoAmI = z
  .object({ keyName: z.string(), store: z.object({ id: Uuid, name: z.string() }), brand: z.object({ id: Uuid, name: z.string() }) })
  .meta({ id: "PosWhoAmI" });

/** What a receiver gets: the body signed (docs/integration.md). */
export const WebhookPayload = z
  .object({
    id: Uuid,
    type: WebhookEventSchema,
    createdAt: Instant,
    brandId: Uuid,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "WebhookPayload" });

export { TierSchema };
