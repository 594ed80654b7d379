import { OpenAPIHono } from "@hono/zod-openapi";
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { healthEndpoints } from "../../../contract/endpoints/health";
import { HealthResponse } from "../../../contract/health";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { readiness } from "../../ops/lifecycle";

const route = routesAt("");

const health = route(healthEndpoints.health, {
  tags: ["Health"],
  summary: "Liveness and database status",
  description: "For people: what the process runs on. Probes use /health/live and /health/ready.",
  access: "public",
  ok: "Up (status degraded when the database does not answer)",
});

const live = route(healthEndpoints.live, {
  tags: ["Health"],
  summary: "Liveness probe",
  description: "200 whenever the process answers. It never asks the database: a database outage must not get every process restarted.",
  access: "public",
  ok: "The process is up",
});

const ready = route(healthEndpoints.ready, {
  tags: ["Health"],
  summary: "Readiness probe",
  description:
    "200 when this process should get traffic: the database answers, its migrations are this build's, the message worker " +
    "runs where it should, and no shutdown has begun. Otherwise 503 `not_ready`, each failing check an issue " +
    "(field: database, migrations, worker or shutdown; code: down, behind, unknown, stopped, shutting_down).",
  access: "public",
  ok: "Ready",
  errors: { 503: "Not ready (not_ready), with the failing checks" },
});

/**
 * The metrics' own credential: a scraper is not a console user, and a token in the scrape config
 * is what Prometheus supports (authorization.credentials). Compared by hash, in constant time.
 */
const metricsToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.get("deps").ops?.metricsToken;
  // Not configured: not served at all, so an unset token can never mean "open to anyone".
  if (!expected) return fail(c, "not_found", "Metrics are off: set METRICS_TOKEN to serve them.");
  const given = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!timingSafeEqual(digest(given), digest(expected))) return fail(c, "unauthenticated", "Send Authorization: Bearer <METRICS_TOKEN>.");
  return next();
};

const metrics = route(healthEndpoints.metrics, {
  tags: ["Health"],
  summary: "Prometheus metrics",
  description:
    "Prometheus text format: requests and latency per route, message queue depth by status, message outcomes by code, " +
    "ZNS quota used today, scheduled job runs, the connection pool and Node's process figures. Authorization: Bearer " +
    "METRICS_TOKEN; 404 when the server has none set.",
  access: "public",
  guards: [metricsToken],
  ok: "The metrics",
  errors: { 401: "Missing or wrong token", 404: "METRICS_TOKEN is not set on this server" },
});

export const healthRoutes = new OpenAPIHono<AppEnv>()
  .openapi(health, async (c) => {
    const { database, config, zaloLogin } = c.get("deps");
    let db: HealthResponse["database"];
    try {
      db = { status: "ok", driver: database.driver, latencyMs: await database.ping() };
    } catch {
      db = { status: "down", driver: database.driver, latencyMs: -1 };
    }
    return c.json(
      {
        status: db.status === "ok" ? "ok" : "degraded",
        database: db,
        devIdentity: config.devIdentity,
        consoleZaloLogin: !!zaloLogin,
        version: config.version,
      },
      200,
    );
  })
  .openapi(live, (c) => {
    const { ops, config } = c.get("deps");
    return c.json({ status: "ok" as const, role: ops?.lifecycle.role ?? "all", version: config.version }, 200);
  })
  .openapi(ready, async (c) => {
    const { ops, database } = c.get("deps");
    const verdict = await readiness(database, ops?.lifecycle);
    if (!verdict.ready)
      return fail(
        c,
        "not_ready",
        "Not ready: see the failing checks.",
        verdict.failing.map((f) => ({ field: f.check, code: f.state })),
      );
    return c.json({ status: "ready" as const, role: ops?.lifecycle.role ?? "all", worker: ops?.lifecycle.workerExpected ?? false }, 200);
  })
  .openapi(metrics, async (c) => {
    const m = c.get("metrics");
    const body = await m.render();
    // Scrapes are not personal data, but they are not for caches either (security-headers sets no-store).
    return c.body(body, 200, { "content-type": m.contentType });
  });
