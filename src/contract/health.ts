import { z } from "zod";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ status: z.enum(["ok", "down"]), driver: z.enum(["pglite", "postgres"]), latencyMs: z.number() }),
    devIdentity: z.boolean(),
    /** The console offers "Đăng nhập bằng Zalo" (a Zalo app is configured; docs/decisions/0040, addendum). */
    consoleZaloLogin: z.boolean(),
    version: z.string(),
  })
  .meta({ id: "HealthResponse" });
export type HealthResponse = z.infer<typeof HealthResponse>;

/**
 * all: HTTP, scheduler and worker in one process (`npm start`); api: HTTP only; worker: scheduler
 * and message worker, with HTTP for health and metrics only.
 */
export const ProcessRole = z.enum(["all", "api", "worker"]);
export type ProcessRole = z.infer<typeof ProcessRole>;

export const LiveResponse = z.object({ status: z.literal("ok"), role: ProcessRole, version: z.string() }).meta({ id: "LiveResponse" });
export type LiveResponse = z.infer<typeof LiveResponse>;

export const ReadyResponse = z
  .object({
    status: z.literal("ready"),
    role: ProcessRole,
    /** Whether this process runs the message worker. */
    worker: z.boolean(),
  })
  .meta({ id: "ReadyResponse" });
export type ReadyResponse = z.infer<typeof ReadyResponse>;

/** The metrics as Prometheus' text exposition format (version 0.0.4). */
export const MetricsText = z.string().meta({ id: "MetricsText" });
