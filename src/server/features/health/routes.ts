import { OpenAPIHono } from "@hono/zod-openapi";
import { healthEndpoints } from "../../../contract/endpoints/health";
import { HealthResponse } from "../../../contract/health";
import type { AppEnv } from "../../http/context";
import { routesAt } from "../../http/route";

const route = routesAt("");

const health = route(healthEndpoints.health, {
  tags: ["Health"],
  summary: "Liveness and database status",
  access: "public",
  ok: "Up (status degraded when the database does not answer)",
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(health, async (c) => {
  const { database, config } = c.get("deps");
  let db: HealthResponse["database"];
  try {
    db = { status: "ok", driver: database.driver, latencyMs: await database.ping() };
  } catch {
    db = { status: "down", driver: database.driver, latencyMs: -1 };
  }
  return c.json(
    { status: db.status === "ok" ? "ok" : "degraded", database: db, devIdentity: config.devIdentity, version: config.version },
    200,
  );
});
