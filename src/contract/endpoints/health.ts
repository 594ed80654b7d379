import { defineEndpoints } from "../endpoint";
import { HealthResponse, LiveResponse, MetricsText, ReadyResponse } from "../health";

export const healthEndpoints = defineEndpoints({
  health: { method: "get", path: "/health", response: HealthResponse },
  /** Liveness: the process answers (never looks at the database). */
  live: { method: "get", path: "/health/live", response: LiveResponse },
  /** Readiness: 200 when ready, 503 `not_ready` with the failing checks as issues. */
  ready: { method: "get", path: "/health/ready", response: ReadyResponse },
  /** Prometheus text format, behind METRICS_TOKEN (docs/deploying.md). */
  metrics: { method: "get", path: "/metrics", response: MetricsText, mediaType: "text/plain" },
});
