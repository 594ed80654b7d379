import { defineEndpoints } from "../endpoint";
import { Retention, RetentionQuery, StoreLoop, StoreLoopQuery } from "../insights";
import { BrandOverview, OverviewQuery } from "../overview";

/** Retention and the store loop view (console; every console role reads them). */
export const insightEndpoints = defineEndpoints({
  retention: { method: "get", path: "/console/insights/retention", query: RetentionQuery, response: Retention },
  storeLoop: { method: "get", path: "/console/insights/stores", query: StoreLoopQuery, response: StoreLoop },
  overview: { method: "get", path: "/console/insights/overview", query: OverviewQuery, response: BrandOverview },
});
