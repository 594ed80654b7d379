import { defineEndpoints } from "../endpoint";
import { HealthResponse } from "../health";

export const healthEndpoints = defineEndpoints({
  health: { method: "get", path: "/health", response: HealthResponse },
});
