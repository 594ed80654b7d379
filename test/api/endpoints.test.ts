import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { successStatuses, type Endpoint } from "../../src/contract/endpoint";
import { caseEndpoints } from "../../src/contract/endpoints/cases";
import { checkinEndpoints } from "../../src/contract/endpoints/checkin";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { consoleEndpoints } from "../../src/contract/endpoints/console";
import { gameConsoleEndpoints, gameEndpoints } from "../../src/contract/endpoints/game";
import { healthEndpoints } from "../../src/contract/endpoints/health";
import { insightEndpoints } from "../../src/contract/endpoints/insights";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { programmeEndpoints } from "../../src/contract/endpoints/programme";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { campaignActivityEndpoints } from "../../src/contract/endpoints/campaign-activity";
import { triggerEndpoints } from "../../src/contract/endpoints/triggers";
import { referralEndpoints } from "../../src/contract/endpoints/referrals";
import { surveyDashboardEndpoints } from "../../src/contract/endpoints/survey-dashboard";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import { storeConsoleEndpoints, storeEndpoints } from "../../src/contract/endpoints/stores";
import { posEndpoints } from "../../src/contract/endpoints/integrations";
import { integrationConsoleEndpoints } from "../../src/contract/endpoints/integrations-console";
import { memberImportEndpoints } from "../../src/contract/endpoints/member-import";
import { UPLOAD_ENDPOINTS } from "../../src/server/http/uploads";
import { testApi, type TestApi } from "../support/api";

const tables = {
  authEndpoints,
  caseEndpoints,
  checkinEndpoints,
  consoleEndpoints,
  gameConsoleEndpoints,
  gameEndpoints,
  healthEndpoints,
  insightEndpoints,
  loyaltyEndpoints,
  memberEndpoints,
  messagingEndpoints,
  preferenceEndpoints,
  programmeEndpoints,
  segmentEndpoints,
  campaignEndpoints,
  campaignActivityEndpoints,
  triggerEndpoints,
  referralEndpoints,
  surveyDashboardEndpoints,
  surveyEndpoints,
  storeEndpoints,
  storeConsoleEndpoints,
  posEndpoints,
  integrationConsoleEndpoints,
  memberImportEndpoints,
};
const declared: Endpoint[] = Object.values(tables).flatMap((t) => Object.values(t));

type Operation = {
  servers?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/** What the server serves, read from its OpenAPI document (a test next door proves it documents every route it answers). */
async function servedOperations(api: TestApi) {
  const doc = (await api.call("GET", "/openapi.json")).body as { paths: Record<string, Record<string, Operation>> };
  // Operations with a server of their own (the click link at /c/{code}) are outside /api and the endpoint table.
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => !op.servers)
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

const keyOf = (e: Endpoint) => `${e.method.toUpperCase()} ${e.path}`;

describe("the endpoint table of the contract", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("declares each operation once", () => {
    expect(new Set(declared.map(keyOf)).size).toBe(declared.length);
  });

  it("gives every upload endpoint of the contract its body checks on the server (one table, http/uploads.ts)", () => {
    expect(UPLOAD_ENDPOINTS.map(keyOf).sort()).toEqual(
      declared
        .filter((e) => e.upload)
        .map(keyOf)
        .sort(),
    );
    // The table matches requests by their literal path.
    for (const e of UPLOAD_ENDPOINTS) expect(e.path, keyOf(e)).not.toContain("{");
  });

  it("is exactly what the server serves: same methods and paths, no route outside the table", async () => {
    const served = await servedOperations(api);
    expect(served.map((s) => s.key).sort()).toEqual(declared.map(keyOf).sort());
  });

  it("agrees with each served route on path parameters, request body and success statuses", async () => {
    const served = new Map((await servedOperations(api)).map((s) => [s.key, s.op]));
    for (const endpoint of declared) {
      const op = served.get(keyOf(endpoint))!;
      const where = keyOf(endpoint);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(pathParams.sort(), where).toEqual(Object.keys(endpoint.params?.shape ?? {}).sort());
      expect([...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), where).toEqual(
        Object.keys(endpoint.params?.shape ?? {}).sort(),
      );
      const queryParams = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      expect(queryParams.sort(), where).toEqual(Object.keys(endpoint.query?.shape ?? {}).sort());
      // A JSON body is the contract's; a file upload (the member import) documents its own body.
      const jsonBody = (op.requestBody as { content?: Record<string, unknown> } | undefined)?.content?.["application/json"];
      expect(jsonBody !== undefined, where).toBe(endpoint.body !== undefined);
      const ok = Object.keys(op.responses)
        .filter((s) => s.startsWith("2"))
        .map(Number);
      expect(ok.sort(), where).toEqual([...successStatuses(endpoint)].sort());
    }
  });
});
