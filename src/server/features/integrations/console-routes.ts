import { OpenAPIHono } from "@hono/zod-openapi";
import { integrationConsoleEndpoints } from "../../../contract/endpoints/integrations-console";
import { ADMINS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { createApiKey, listApiKeys, revokeApiKey } from "./keys";
import { createWebhookEndpoint, disableWebhookEndpoint, listDeliveries, listWebhookEndpoints, retryDelivery } from "./webhooks";

/** The console's Integrations page (issue 17): POS API keys, webhook endpoints and their delivery log. Admins only. */
const route = routesAt("/console");
const tags = ["Integrations (console)"];

const listKeys = route(integrationConsoleEndpoints.listApiKeys, {
  tags,
  summary: "The brand's POS API keys (never the keys themselves), newest first",
  access: ADMINS,
  ok: "Keys",
});
const createKey = route(integrationConsoleEndpoints.createApiKey, {
  tags,
  summary: "Make an API key for one store's POS; the whole key is in this answer only (audited as api_key_created)",
  access: ADMINS,
  ok: "The key, shown once",
  errors: { 404: "store_not_found" },
});
const revokeKey = route(integrationConsoleEndpoints.revokeApiKey, {
  tags,
  summary: "Revoke a key: its next request is refused with key_revoked (audited as api_key_revoked)",
  access: ADMINS,
  ok: "The revoked key",
  errors: { 404: "api_key_not_found" },
});
const listHooks = route(integrationConsoleEndpoints.listWebhooks, {
  tags,
  summary: "Webhook endpoints (their secrets are never shown again)",
  access: ADMINS,
  ok: "Endpoints",
});
const createHook = route(integrationConsoleEndpoints.createWebhook, {
  tags,
  summary: "Add an endpoint for some events; its signing secret is in this answer only (audited)",
  description: "The URL must be https (plain http is accepted only by a development server). Events from now on are sent.",
  access: ADMINS,
  ok: "The endpoint and its secret, shown once",
  errors: { 422: "webhook_url_invalid (params.reason: webhook_url_invalid, webhook_url_not_https)" },
});
const deleteHook = route(integrationConsoleEndpoints.deleteWebhook, {
  tags,
  summary: "Remove an endpoint: nothing more is sent to it; its deliveries stay in the log (audited)",
  access: ADMINS,
  ok: "Removed",
  errors: { 404: "webhook_not_found" },
});
const deliveries = route(integrationConsoleEndpoints.listDeliveries, {
  tags,
  summary: "The delivery log: the newest 200 deliveries, with attempts, the last HTTP status and the next attempt",
  access: ADMINS,
  ok: "Deliveries",
});
const retry = route(integrationConsoleEndpoints.retryDelivery, {
  tags,
  summary: "Send a failed or waiting delivery again now, with a fresh schedule of retries (audited)",
  access: ADMINS,
  ok: "The delivery, queued",
  errors: { 404: "webhook_not_found" },
});

export const integrationConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listKeys, async (c) => c.json({ keys: await listApiKeys(c.get("deps").database.db, c.get("auth").brandId) }, 200))
  .openapi(createKey, async (c) => {
    const { database, now } = c.get("deps");
    const out = await createApiKey(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 201) : failOutcome(c, out);
  })
  .openapi(revokeKey, async (c) => {
    const { database, now } = c.get("deps");
    const out = await revokeApiKey(database.db, now(), c.get("auth"), c.req.valid("param").keyId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(listHooks, async (c) => c.json({ endpoints: await listWebhookEndpoints(c.get("deps").database.db, c.get("auth").brandId) }, 200))
  .openapi(createHook, async (c) => {
    const { database, now, config } = c.get("deps");
    const out = await createWebhookEndpoint(database.db, now(), c.get("auth"), c.req.valid("json"), config.devIdentity);
    return out.ok ? c.json(out.value, 201) : failOutcome(c, out);
  })
  .openapi(deleteHook, async (c) => {
    const { database, now } = c.get("deps");
    const out = await disableWebhookEndpoint(database.db, now(), c.get("auth"), c.req.valid("param").endpointId);
    return out.ok ? c.body(null, 204) : failOutcome(c, out);
  })
  .openapi(deliveries, async (c) =>
    c.json({ deliveries: await listDeliveries(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query").status) }, 200),
  )
  .openapi(retry, async (c) => {
    const { database, now } = c.get("deps");
    const out = await retryDelivery(database.db, now(), c.get("auth"), c.req.valid("param").deliveryId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });
