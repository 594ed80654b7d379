import { z } from "zod";
import { defineEndpoints } from "../endpoint";
import {
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeyView,
  PosEarnRequest,
  PosEarnResponse,
  PosRefundRequest,
  PosRefundResponse,
  PosVoucherCheck,
  PosVoucherPreview,
  PosVoucherUse,
  PosVoucherUsed,
  PosWhoAmI,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
  WebhookEndpointList,
} from "../integrations";

/** A store's POS, with its API key (Authorization: Bearer llk_…): docs/integration.md. */
export const posEndpoints = defineEndpoints({
  whoAmI: { method: "get", path: "/pos/v1/me", response: PosWhoAmI },
  earn: { method: "post", path: "/pos/v1/earn", body: PosEarnRequest, response: PosEarnResponse },
  refund: { method: "post", path: "/pos/v1/refunds", body: PosRefundRequest, response: PosRefundResponse },
  /** POST, not GET: a voucher code is a bearer secret and stays out of URLs and access logs. */
  checkVoucher: { method: "post", path: "/pos/v1/vouchers/check", body: PosVoucherCheck, response: PosVoucherPreview },
  useVoucher: { method: "post", path: "/pos/v1/vouchers/use", body: PosVoucherUse, response: PosVoucherUsed },
});

const KeyParam = z.object({ keyId: z.uuid() });
const EndpointParam = z.object({ endpointId: z.uuid() });

/** The console's Integrations page (admins): keys, webhook endpoints, the delivery log. */
export const integrationConsoleEndpoints = defineEndpoints({
  listApiKeys: { method: "get", path: "/console/api-keys", response: ApiKeyList },
  createApiKey: { method: "post", path: "/console/api-keys", body: ApiKeyCreate, response: ApiKeyCreated, status: [201] },
  revokeApiKey: { method: "post", path: "/console/api-keys/{keyId}/revocation", params: KeyParam, response: ApiKeyView },
  listWebhooks: { method: "get", path: "/console/webhooks", response: WebhookEndpointList },
  createWebhook: {
    method: "post",
    path: "/console/webhooks",
    body: WebhookEndpointCreate,
    response: WebhookEndpointCreated,
    status: [201],
  },
  deleteWebhook: { method: "delete", path: "/console/webhooks/{endpointId}", params: EndpointParam, response: null, status: [204] },
  listDeliveries: { method: "get", path: "/console/webhook-deliveries", query: WebhookDeliveryQuery, response: WebhookDeliveryList },
  retryDelivery: {
    method: "post",
    path: "/console/webhook-deliveries/{deliveryId}/retry",
    params: z.object({ deliveryId: z.uuid() }),
    response: WebhookDeliveryView,
  },
});
