import { OpenAPIHono } from "@hono/zod-openapi";
import { messagingEndpoints } from "../../../contract/endpoints/messaging";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { receiveWebhook } from "./webhook";
import { noteWebhookEvent } from "./zalo-link-routes";

/** Zalo's events, signed (see webhook.ts): mounted at /webhooks. */
const route = routesAt("/webhooks");

const webhook = route(messagingEndpoints.webhook, {
  tags: ["Webhooks"],
  summary: "Zalo events (user_received_message…): signed with X-ZEvent-Signature, ±300 s, applied once",
  access: "public",
  limit: "webhook",
  ok: "Accepted (also for duplicates and unknown messages, so Zalo stops retrying)",
  errors: {
    400: "invalid_request: not a JSON object with a numeric timestamp, or an impossible delivery time or quota",
    401: "webhook_signature_invalid, or webhook_not_configured (a real Zalo app without ZALO_OA_SECRET)",
  },
});

export const messagingWebhookRoutes = new OpenAPIHono<AppEnv>().openapi(webhook, async (c) => {
  const { database, now, config, log, messaging } = c.get("deps");
  const raw = await c.req.text();
  const out = await receiveWebhook(database.db, now(), config.webhook, raw, c.req.header("x-zevent-signature"), {
    brandSlug: config.brandSlug,
    oaId: config.oaId,
    ratings: messaging.ratings,
    log,
  });
  if (out.status === 200) {
    // The body is a JSON object by now (receiveWebhook parsed it); only its name is kept.
    const name = (JSON.parse(raw) as { event_name?: unknown }).event_name;
    await noteWebhookEvent(c.get("deps"), { eventName: typeof name === "string" ? name : "unknown" });
  } else if (out.result === "bad_signature" || out.result === "stale") await noteWebhookEvent(c.get("deps"), null);
  if (out.result === "not_configured")
    return fail(c, "webhook_not_configured", "ZALO_OA_SECRET is not set: events cannot be verified and are all refused.");
  if (out.status === 401)
    return fail(
      c,
      "webhook_signature_invalid",
      out.result === "stale" ? "The event is older than 300 seconds." : "The signature does not match.",
    );
  if (out.status === 400)
    return fail(c, "invalid_request", "The event is not a JSON object with a numeric timestamp, or its values are impossible.");
  return c.json({ result: out.result }, 200);
});
