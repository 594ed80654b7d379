/**
 * The brand overview (issue 15 "Results") on a hand-built brand: three members, earns at the
 * counter (one reversed), a point value set; exact members, active members, repeat visits,
 * points issued and owed in VND, and messages by tag against the quota.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insightEndpoints } from "../../src/contract/endpoints/insights";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { DAY_MS } from "../../src/domain/loyalty/vietnam-time";
import { loyaltySettings } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeStaff, makeStore, testBrand } from "../support/factories";
import { earnAt } from "../support/loyalty";
import { promoAudience } from "../support/zns";

const T0 = Date.UTC(2026, 10, 24, 3, 0);

describe("brand overview", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
    api.clock.set(T0);
  });
  afterAll(() => api.close());

  it("counts members, active members, repeat visits and points (reversed earns left out) exactly", async () => {
    const brandId = (await testBrand(api)).id;
    const cards = [...(await promoAudience(api, { brandId, prefix: "ov", count: 3, phonePrefix: "849400", at: T0 })).values()];
    const storeId = (await makeStore(api)).id;
    const cashier = await makeStaff(api, { id: storeId, name: "" });
    await api.database.db.update(loyaltySettings).set({ pointValueVnd: 100 }).where(eq(loyaltySettings.brandId, brandId));
    // The seed's demo brand has visits of its own (its members are erased here, their visits stay): figures are read as changes.
    const manager0 = await consoleSession(api, "manager");
    const { body: before } = await api.ok(insightEndpoints.overview, { token: manager0, query: { days: 30 } });
    // Member 0: two visits in the last 30 days (a repeater); member 1: one visit 60 days ago; member 2: an earn reversed.
    await earnAt(api, { cashier, storeId, card: cards[0]! }, T0 - 20 * DAY_MS, 100_000, "O-1");
    await earnAt(api, { cashier, storeId, card: cards[0]! }, T0 - 2 * DAY_MS, 50_000, "O-2");
    await earnAt(api, { cashier, storeId, card: cards[1]! }, T0 - 60 * DAY_MS, 200_000, "O-3");
    const reversed = await earnAt(api, { cashier, storeId, card: cards[2]! }, T0 - 1 * DAY_MS, 300_000, "O-4");
    api.clock.set(T0);
    const manager = await consoleSession(api, "manager");
    await api.ok(loyaltyEndpoints.reverse, { token: manager, params: { entryId: reversed }, body: { reason: "Nhập nhầm hoá đơn" } });
    const { body } = await api.ok(insightEndpoints.overview, { token: manager, query: { days: 30 } });
    expect(body.members).toEqual({ total: 3, active30: 1, active90: 2 });
    expect(body.repeat).toEqual({ members: before.repeat.members + 1, repeaters: before.repeat.repeaters + 1 });
    // floor(bill / 10,000) points: 10 + 5 in the period; 10 + 5 + 20 still open.
    expect(body.points.issued - before.points.issued).toBe(15);
    expect(body.points.liability - before.points.liability).toBe(35);
    expect(body.points.pointValueVnd).toBe(100);
    expect(body.points.liabilityVnd).toBe(body.points.liability * 100);
    expect(body.points.issuedVnd).toBe(body.points.issued * 100);
    expect(body.messages).toMatchObject({ dailyQuota: 5_000, promoSharePercent: 50, periodQuota: 150_000, periodPromoQuota: 75_000 });
    expect(body.campaigns).toEqual([]);
    expect(body.nps.total).toEqual(before.nps.total);
    const refused = await api.call("GET", "/console/insights/overview?days=3", { token: manager });
    expect([refused.status, refused.body.error.code]).toEqual([400, "invalid_request"]);
  });
});
