import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { routePath } from "hono/route";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEVICE_ID_HEADER } from "../domain/loyalty/actors";
import type { Context } from "hono";
import type { AppEnv, Deps } from "./http/context";
import { fail, zodIssues } from "./http/errors";
import { compressJson } from "./http/compress-json";
import { createLimiters, RATE_LIMITS } from "./http/rate-limits";
import { securityHeaders } from "./http/security-headers";
import { sessionCheck } from "./http/session-check";
import { bodyCheck, uploadCheckOf } from "./http/uploads";
import { compressedDirOf, staticFiles } from "./http/static-files";
import { authConsoleRoutes } from "./features/auth/console-routes";
import { authSessionRoutes } from "./features/auth/session-routes";
import { consoleUserRoutes } from "./features/auth/console-user-routes";
import { zaloLoginRoutes } from "./features/auth/zalo-login-routes";
import { setupRoutes } from "./features/auth/setup-routes";
import { caseConsoleRoutes } from "./features/cases/console-routes";
import { checkinConsoleRoutes } from "./features/checkin/console-routes";
import { checkinMemberRoutes } from "./features/checkin/member-routes";
import { caseMemberRoutes } from "./features/cases/member-routes";
import { healthRoutes } from "./features/health/routes";
import { insightConsoleRoutes } from "./features/insights/console-routes";
import { loyaltyConsoleRoutes } from "./features/loyalty/console-routes";
import { loyaltyMemberRoutes } from "./features/loyalty/member-routes";
import { rewardImageConsoleRoutes, rewardImagePublicRoutes } from "./features/loyalty/reward-images";
import { loyaltyStaffRoutes } from "./features/loyalty/staff-routes";
import { membershipConsoleRoutes } from "./features/members/console-routes";
import { membershipMemberRoutes } from "./features/members/member-routes";
import { messagingConsoleRoutes } from "./features/messaging/console-routes";
import { oaConnectRoutes } from "./features/messaging/oa-connect-routes";
import { siteVerificationRoute, zaloLinkRoutes } from "./features/messaging/zalo-link-routes";
import { messagingWebhookRoutes } from "./features/messaging/webhook-routes";
import { preferenceConsoleRoutes } from "./features/preferences/console-routes";
import { preferenceMemberRoutes } from "./features/preferences/member-routes";
import { privacyMemberRoutes } from "./features/privacy/member-routes";
import { segmentConsoleRoutes } from "./features/segments/console-routes";
import { campaignActivityRoutes } from "./features/campaigns/activity-routes";
import { campaignConsoleRoutes } from "./features/campaigns/console-routes";
import { CLICK_PATH, clickRoutes, documentClickLink } from "./features/campaigns/clicks";
import { triggerConsoleRoutes } from "./features/triggers/console-routes";
import { referralConsoleRoutes } from "./features/referrals/console-routes";
import { referralMemberRoutes } from "./features/referrals/member-routes";
import { surveyDashboardConsoleRoutes } from "./features/surveys/dashboard-routes";
import { surveyConsoleRoutes } from "./features/surveys/console-routes";
import { surveyMemberRoutes } from "./features/surveys/member-routes";
import { gameMemberRoutes } from "./features/game/member-routes";
import { gameConsoleRoutes } from "./features/game/console-routes";
import { programmeConsoleRoutes } from "./features/loyalty/programme-routes";
import { storeConsoleRoutes } from "./features/stores/console-routes";
import { storeMemberRoutes } from "./features/stores/member-routes";
import { createMetrics } from "./ops/metrics";
import { integrationConsoleRoutes } from "./features/integrations/console-routes";
import { memberImportConsoleRoutes } from "./features/members/import-routes";
import { posRoutes } from "./features/integrations/pos-routes";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const OPS_PATHS = new Set(["/api/health", "/api/health/live", "/api/health/ready", "/api/metrics"]);

/** all: every route and the front ends; ops: health and metrics only (a worker process, docs/deploying.md). */
export type AppSurface = "all" | "ops";

/** The whole HTTP surface: /api, the Mini App at /, the console at /console. */
export function createApp(deps: Deps, { surface = "all" }: { surface?: AppSurface } = {}) {
  const api = new OpenAPIHono<AppEnv>({
    // Validation failures answer in the one error shape, listing paths, never echoing input.
    defaultHook: (result, c) => {
      if (!result.success) return fail(c, "invalid_request", "The request does not match the API contract.", zodIssues(result.error));
    },
  });

  // First, so it sees every answer as sent, errors included (tiny ones are left alone).
  api.use("*", compressJson());
  // Bearer tokens, no cookies: CORS only has to let the Zalo WebView origin read responses.
  // hono's cors answers the preflight. On every other request it sets its two headers with
  // c.header around the handler, which makes @hono/node-server turn the handler's light answer
  // into a full WHATWG Response and send its body back through a ReadableStream: ~10% of the
  // server's CPU per earn (bench:ledger). The same two headers set on the answer's own Headers
  // after the handler, as secureHeaders does, cost neither.
  const preflight = cors({
    origin: deps.config.corsOrigins,
    allowHeaders: ["authorization", "content-type", "x-request-id", DEVICE_ID_HEADER],
    maxAge: 600,
  });
  const corsOrigins = new Set(deps.config.corsOrigins);
  api.use("*", async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    const origin = c.req.header("origin");
    if (origin && corsOrigins.has(origin)) c.res.headers.set("access-control-allow-origin", origin);
    c.res.headers.append("vary", "Origin");
  });
  // Body checks from the headers where they can: touching `c.req.raw.body` (as hono's
  // bodyLimit does) makes @hono/node-server build a full WHATWG Request with streams and an
  // AbortSignal for every request, about 8% of the server's CPU under bench:ledger. Only a
  // body without Content-Length (chunked, or an in-process Request) is looked at and counted
  // by bodyLimit as it streams.
  const jsonBody = bodyCheck({ maxBytes: deps.config.maxBodyBytes, types: ["application/json"], tooLarge: "payload_too_large" });
  api.use("*", async (c, next) => {
    if (!WRITE_METHODS.has(c.req.method)) return next();
    // A file (a reward image, an import) has its own types, limit and refusal (http/uploads.ts).
    const upload = uploadCheckOf(c.req.method, c.req.path);
    if (upload) return upload(c, next);
    const length = c.req.header("content-length");
    if (length === "0" || (length === undefined && !c.req.raw.body)) return next();
    return jsonBody(c, next);
  });

  // One router per feature and audience, mounted at the audience's prefix. The Mini App's
  // routes (member-routes) keep the root paths they were published with (/members/me/…,
  // /rewards, /terms); the rest live under /staff, /console and /webhooks.
  if (surface === "ops") {
    // A worker process answers its probes and scrapes only; everything else is the api processes' job.
    api.use("*", async (c, next) =>
      OPS_PATHS.has(c.req.path) ? next() : fail(c, "not_found", `This is a worker process: only ${[...OPS_PATHS].join(", ")} here.`),
    );
  }
  api.route("/", healthRoutes);
  api.route("/", authSessionRoutes);
  api.route("/", membershipMemberRoutes);
  api.route("/", loyaltyMemberRoutes);
  api.route("/", preferenceMemberRoutes);
  api.route("/", privacyMemberRoutes);
  api.route("/", caseMemberRoutes);
  api.route("/", surveyMemberRoutes);
  api.route("/", gameMemberRoutes);
  api.route("/", checkinMemberRoutes);
  api.route("/", referralMemberRoutes);
  api.route("/", storeMemberRoutes);
  api.route("/", rewardImagePublicRoutes);
  api.route("/staff", loyaltyStaffRoutes);
  api.route("/pos", posRoutes);
  api.route("/console", authConsoleRoutes);
  api.route("/console", consoleUserRoutes);
  api.route("/console", zaloLoginRoutes);
  api.route("/console", setupRoutes);
  api.route("/console", membershipConsoleRoutes);
  api.route("/console", loyaltyConsoleRoutes);
  api.route("/console", rewardImageConsoleRoutes);
  api.route("/console", preferenceConsoleRoutes);
  api.route("/console", insightConsoleRoutes);
  api.route("/console", surveyDashboardConsoleRoutes);
  api.route("/console", caseConsoleRoutes);
  api.route("/console", surveyConsoleRoutes);
  api.route("/console", gameConsoleRoutes);
  api.route("/console", segmentConsoleRoutes);
  api.route("/console", campaignConsoleRoutes);
  api.route("/console", campaignActivityRoutes);
  api.route("/console", storeConsoleRoutes);
  api.route("/console", triggerConsoleRoutes);
  api.route("/console", checkinConsoleRoutes);
  api.route("/console", referralConsoleRoutes);
  api.route("/console", programmeConsoleRoutes);
  api.route("/console", integrationConsoleRoutes);
  api.route("/console", memberImportConsoleRoutes);
  api.route("/console/messaging", messagingConsoleRoutes);
  api.route("/console/messaging", oaConnectRoutes);
  api.route("/console/messaging", zaloLinkRoutes);
  api.route("/webhooks", messagingWebhookRoutes);

  documentClickLink(api.openAPIRegistry);
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  api.openAPIRegistry.registerComponent("securitySchemes", "posApiKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "llk_<prefix>_<secret>",
    description: "A store's POS API key, made by an admin in the console (Tích hợp). docs/integration.md",
  });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "LoyalLoop API",
      version: deps.config.version,
      description:
        "Loyalty API behind the LoyalLoop Zalo Mini App and console. Errors are `{ error: { code, message } }` " +
        "with a stable code; each operation's `x-access` lists the roles allowed to call it.",
    },
    servers: [{ url: "/api" }],
  });
  api.notFound((c) => fail(c, "not_found", `No API route ${c.req.method} ${c.req.path}.`));

  const app = new OpenAPIHono<AppEnv>();
  app.use("*", securityHeaders());
  // One per app, i.e. per process: what this process knows of sessions (a short cache).
  const sessions = sessionCheck(deps.database.db, deps.config.sessionCheckTtlMs);
  const limiters = createLimiters(deps.database, deps.config.rateLimits ?? RATE_LIMITS);
  // The process's metrics (server.ts makes them, shared with its scheduler and worker); an app
  // made without them (tests) counts its own.
  const metrics = deps.ops?.metrics ?? createMetrics({ database: deps.database, now: deps.now });
  app.use("*", requestId({ limitLength: 64 }));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("sessions", sessions);
    c.set("limiters", limiters);
    c.set("metrics", metrics);
    const start = performance.now();
    await next();
    const ms = performance.now() - start;
    metrics.observeRequest(c.req.method, routeLabel(c), c.res.status, ms / 1000);
    deps.log.info(
      {
        reqId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(ms),
        user: c.get("auth")?.userId,
      },
      "request",
    );
  });
  app.route("/api", api);
  if (surface === "all") {
    app.route(CLICK_PATH, clickRoutes);
    // Zalo's domain verification file lives at the site's root, beside the Mini App.
    app.route("/", siteVerificationRoute);
  }
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 400) {
      return fail(c, "malformed_json", "The body is not valid JSON.");
    }
    if (error instanceof HTTPException && error.status < 500) {
      return fail(c, "invalid_request", error.message || "Bad request.");
    }
    deps.log.error({ reqId: c.get("requestId"), err: error }, "unhandled error");
    return fail(c, "internal", `Something went wrong on our side (request ${c.get("requestId")}).`);
  });

  if (surface === "all") mountStatic(app, deps.config.staticRoot);
  app.notFound((c) =>
    c.req.path.startsWith("/api") ? fail(c, "not_found", `No API route ${c.req.method} ${c.req.path}.`) : c.text("Not found", 404),
  );
  return app;
}

/**
 * A request's route for the metrics: the pattern it matched (`/api/console/rewards/:rewardId`),
 * never the path itself, so the label's values stay as few as the routes. What only a wildcard
 * middleware answered is a file of the Mini App or console, or nothing at all.
 */
function routeLabel(c: Context<AppEnv>): string {
  const path = routePath(c, -1);
  if (!path.includes("*")) return path;
  return c.res.status === 404 ? "unmatched" : "static";
}

function mountStatic(app: OpenAPIHono<AppEnv>, root: string | null) {
  if (!root) return;
  const consoleDir = join(root, "dist", "console");
  const miniAppDir = join(root, "www");
  if (existsSync(consoleDir)) {
    // Client-side routes of the console all load its single page.
    app.use(
      "*",
      staticFiles({ dir: consoleDir, compressedDir: compressedDirOf(root, consoleDir), prefix: "/console", fallback: "console.html" }),
    );
  }
  if (existsSync(miniAppDir)) {
    const miniApp = staticFiles({ dir: miniAppDir, compressedDir: compressedDirOf(root, miniAppDir), fallback: "index.html" });
    app.use("*", async (c, next) => (c.req.path === "/api" || c.req.path.startsWith("/api/") ? next() : miniApp(c, next)));
  }
}
