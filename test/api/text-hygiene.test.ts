/**
 * Text hygiene (src/domain/text/text.ts, applied by src/contract/text.ts): NUL and unpaired
 * surrogates are refused with 400 wherever text comes in; names lose bidi overrides,
 * zero-width and control characters before they are stored. The fuzz test (fuzz.test.ts) checks
 * the refusal for every string of every documented body; these are the readable cases.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { consoleEndpoints } from "../../src/contract/endpoints/console";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { rewards, users } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession } from "../support/factories";

describe("text hygiene: unstorable text is refused, names are cleaned", () => {
  let api: TestApi;
  let manager: string;
  beforeAll(async () => {
    api = await testApi();
    manager = await consoleSession(api, "manager");
  });
  afterAll(() => api.close());

  const rewardCount = async () => (await api.database.db.select({ n: count() }).from(rewards))[0]!.n;

  it.each([
    ["a NUL", "Quà\u0000 tặng"],
    ["a lone surrogate", "Quà tặng \uD800"],
  ])("refuses a reward name with %s: 400 invalid_request, issue text_characters, nothing created", async (_label, name) => {
    const before = await rewardCount();
    const res = await api.refused(loyaltyEndpoints.createReward, { token: manager, body: { name, pointsCost: 10 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_request", issues: [{ code: "text_characters", field: "name" }] });
    expect(await rewardCount()).toBe(before);
  });

  it("refuses a lone surrogate in a template's fallback text with 400 (it used to fail in jsonb with a 500)", async () => {
    const res = await api.refused(messagingEndpoints.createTemplate, {
      token: manager,
      body: {
        name: "Chào mừng",
        znsTemplateId: "401001",
        tag: "customer_care",
        params: [{ name: "ten", type: "customer_name", source: { field: "name" }, fallback: "bạn\uDC00" }],
        preview: "Xin chào <ten>",
        trigger: null,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual({ code: "text_characters", field: "params.0.fallback" });
  });

  it("refuses a NUL in the console's member search with 400 (it used to reach the database and fail with a 500)", async () => {
    const res = await api.refused(consoleEndpoints.listMembers, { token: manager, query: { q: "Lan\u0000" } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ code: "text_characters", field: "q" }]);
  });

  it("strips bidi overrides, zero-width and control characters from a display name at sign-in", async () => {
    const login = await api.ok(authEndpoints.zaloLogin, {
      body: { accessToken: "dev:hygiene-1|\u202Egnal\u202C Anh\u200B\u200D\u0007 \t" },
    });
    expect(login.body.user.displayName).toBe("gnal Anh");
    const [row] = await api.database.db.select({ name: users.displayName }).from(users).where(eq(users.id, login.body.user.id));
    expect(row!.name).toBe("gnal Anh");
  });

  it("cleans a reward's name, and applies its length limits to the cleaned name", async () => {
    const created = await api.ok(loyaltyEndpoints.createReward, {
      token: manager,
      body: { name: "\u2066Cà phê\u2069\u200B  sữa\u00AD\n", pointsCost: 10 },
    });
    expect(created.body.name).toBe("Cà phê sữa");
    const patched = await api.ok(loyaltyEndpoints.updateReward, {
      token: manager,
      params: { rewardId: created.body.id },
      body: { name: "Trà\u202E đào\u0085" },
    });
    expect(patched.body.name).toBe("Trà đào");
    // Two letters hidden among invisible characters are not a name of at least two characters.
    const refused = await api.refused(loyaltyEndpoints.createReward, {
      token: manager,
      body: { name: "\u200BA\u200B\u200B", pointsCost: 10 },
    });
    expect(refused.body.error.issues).toEqual([expect.objectContaining({ code: "too_small", field: "name" })]);
  });

  it("cleans a message template's name", async () => {
    const created = await api.ok(messagingEndpoints.createTemplate, {
      token: manager,
      body: {
        name: "\u202DChúc mừng\u202C\u200F sinh nhật",
        znsTemplateId: "401002",
        tag: "customer_care",
        params: [{ name: "ten", type: "customer_name", source: { field: "name" } }],
        preview: "Chúc mừng sinh nhật <ten>",
        trigger: null,
      },
    });
    expect(created.body.name).toBe("Chúc mừng sinh nhật");
  });
});
