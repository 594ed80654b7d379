/**
 * POS / e-commerce integration (issue 17; docs/integration.md, docs/decisions/0043): what a
 * store's POS sends with its API key, and the console's keys, webhook endpoints and delivery log.
 */
import { z } from "zod";
import { WEBHOOK_EVENTS } from "../domain/integrations/webhooks";
import { Instant, TierSchema, Uuid } from "./common";
import { EarnResponse, IdempotencyKey, ReceiptNo, UseVoucherResponse, VoucherPreview } from "./loyalty";
import { nameText, text } from "./text";

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

// ---- console (admins) ----

export const ApiKeyView = z
  .object({
    id: Uuid,
    name: z.string(),
    storeId: Uuid,
    storeName: z.string(),
    /** `llk_<prefix>_…`: the key's first part, to tell keys apart; the secret is never shown again. */
    masked: z.string(),
    createdAt: Instant,
    createdBy: z.string().nullable(),
    lastUsedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .meta({ id: "ApiKeyView" });
export type ApiKeyView = z.infer<typeof ApiKeyView>;
export const ApiKeyList = z.object({ keys: z.array(ApiKeyView) }).meta({ id: "ApiKeyList" });
export const ApiKeyCreate = z.object({ name: nameText().min(1).max(60), storeId: Uuid }).meta({ id: "ApiKeyCreate" });
/** The new key, whole, in this answer only. */
export const ApiKeyCreated = z.object({ key: ApiKeyView, plainKey: z.string() }).meta({ id: "ApiKeyCreated" });

export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export const WebhookEndpointView = z
  .object({ id: Uuid, url: z.string(), events: z.array(WebhookEventSchema), createdAt: Instant, disabledAt: Instant.nullable() })
  .meta({ id: "WebhookEndpointView" });
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;
export const WebhookEndpointList = z.object({ endpoints: z.array(WebhookEndpointView) }).meta({ id: "WebhookEndpointList" });
export const WebhookEndpointCreate = z
  .object({ url: text().min(8).max(500), events: z.array(WebhookEventSchema).min(1).max(WEBHOOK_EVENTS.length) })
  .meta({ id: "WebhookEndpointCreate" });
/** The signing secret, whole, in this answer only. */
export const WebhookEndpointCreated = z
  .object({ endpoint: WebhookEndpointView, secret: z.string() })
  .meta({ id: "WebhookEndpointCreated" });

export const WEBHOOK_DELIVERY_STATUSES = ["queued", "sending", "delivered", "failed"] as const;
export const WebhookDeliveryView = z
  .object({
    id: Uuid,
    endpointId: Uuid,
    url: z.string(),
    eventId: Uuid,
    event: WebhookEventSchema,
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: Instant,
    lastAttemptAt: Instant.nullable(),
    /** The next attempt, while queued. */
    nextAttemptAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
  })
  .meta({ id: "WebhookDeliveryView" });
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;
export const WebhookDeliveryQuery = z.object({ status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional() });
export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliveryView) }).meta({ id: "WebhookDeliveryList" });

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
