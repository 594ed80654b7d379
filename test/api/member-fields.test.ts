import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIER_RULES, type TierRules } from "../../src/domain/loyalty/tiers";
import { loyaltySettings } from "../../src/server/db/schema";
import { fieldValuesFor } from "../../src/server/features/messaging/member-fields";
import { testApi, type TestApi } from "../support/api";
import { makeMember, testBrand } from "../support/factories";

describe("ZNS member fields use the brand's own settings", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("names the member's tier as the brand named it, not by the default rules", async () => {
    const brand = await testBrand(api);
    const m = await makeMember(api, { name: "Đặng Thu Hà" });
    const renamed: TierRules = {
      ...DEFAULT_TIER_RULES,
      tiers: DEFAULT_TIER_RULES.tiers.map((t) => (t.code === "member" ? { ...t, name: { vi: "Khách quen", en: "Regular" } } : t)),
    };
    await api.database.db.update(loyaltySettings).set({ tierRules: renamed }).where(eq(loyaltySettings.brandId, brand.id));
    const values = (await fieldValuesFor(api.database.db, brand.id, [m.card.memberId], api.clock.now())).get(m.card.memberId);
    expect(values?.tier).toBe("Khách quen");
  });
});
