import { z } from "zod";
import { defineEndpoints } from "../endpoint";
import {
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeyView,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
  WebhookEndpointList,
} from "../integrations-console";

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
