/**
 * The console's side of the POS integration (issue 17): keys, webhook endpoints and the delivery
 * log. A file of its own so the console's Integrations chunk carries these schemas only, not the
 * POS requests' (zod schemas with .meta() are not tree-shaken); integrations.ts re-exports them.
 */
import { z } from "zod";
import { WEBHOOK_EVENTS } from "../domain/integrations/webhooks";
import { Instant, Uuid } from "./common";
import { nameText, text } from "./text";

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
