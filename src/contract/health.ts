import { z } from "zod";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ status: z.enum(["ok", "down"]), driver: z.enum(["pglite", "postgres"]), latencyMs: z.number() }),
    devIdentity: z.boolean(),
    version: z.string(),
  })
  .meta({ id: "HealthResponse" });
export type HealthResponse = z.infer<typeof HealthResponse>;
