import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { auditEvents } from "../../src/server/db/schema";
import { approvalThreshold } from "../../src/server/features/campaigns/settings";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, testBrand } from "../support/factories";

/** The approval threshold (issue 15: campaigns above a size per brand need a manager), set in the console. */
describe("campaign settings: the approval threshold", () => {
  let api: TestApi;
  let brandId: string;
  beforeAll(async () => {
    api = await testApi();
    brandId = (await testBrand(api)).id;
  });
  afterAll(() => api.close());

  const audits = () =>
    api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "campaign_settings_changed")))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));

  it("every console role reads it (1,000 by default); a marketer or a member may not change it", async () => {
    const marketer = await consoleSession(api, "marketer");
    const read = await api.ok(campaignEndpoints.campaignSettings, { token: marketer });
    expect(read.body).toEqual({ approvalThreshold: 1_000, limits: { min: 0, max: 1_000_000 }, changedAt: null, changedBy: null });
    const refused = await api.refused(campaignEndpoints.updateCampaignSettings, { token: marketer, body: { approvalThreshold: 50 } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const member = await makeMember(api);
    expect((await api.refused(campaignEndpoints.campaignSettings, { token: member.session.accessToken })).status).toBe(403);
    expect(await audits()).toHaveLength(0);
    expect(await approvalThreshold(api.database.db, brandId)).toBe(1_000);
  });

  it("a manager's change is what submissions use, audited with from and to; the same value again records nothing", async () => {
    const mgr = await consoleSession(api, "manager");
    const at = api.clock.now();
    const saved = await api.ok(campaignEndpoints.updateCampaignSettings, { token: mgr, body: { approvalThreshold: 250 } });
    expect(saved.body).toMatchObject({ approvalThreshold: 250, changedAt: new Date(at).toISOString(), changedBy: expect.any(String) });
    expect(await approvalThreshold(api.database.db, brandId)).toBe(250);
    api.clock.advance(60_000);
    await api.ok(campaignEndpoints.updateCampaignSettings, { token: mgr, body: { approvalThreshold: 250 } });
    const admin = await consoleSession(api, "admin");
    await api.ok(campaignEndpoints.updateCampaignSettings, { token: admin, body: { approvalThreshold: 0 } });
    expect((await audits()).map((a) => [a.subjectId, a.detail!.from, a.detail!.to])).toEqual([
      [brandId, 1_000, 250],
      [brandId, 250, 0],
    ]);
  });

  it("out of range or not a whole number: a 4xx with a stable code, nothing changes", async () => {
    const mgr = await consoleSession(api, "manager");
    await api.ok(campaignEndpoints.updateCampaignSettings, { token: mgr, body: { approvalThreshold: 500 } });
    const before = (await audits()).length;
    for (const value of [-1, 1_000_001]) {
      const res = await api.refused(campaignEndpoints.updateCampaignSettings, { token: mgr, body: { approvalThreshold: value } });
      expect(res).toMatchObject({
        status: 422,
        body: {
          error: {
            code: "campaign_settings_invalid",
            issues: [{ code: "approval_threshold_range", field: "approvalThreshold", params: { min: 0, max: 1_000_000 } }],
          },
        },
      });
    }
    for (const body of [{ approvalThreshold: 1.5 }, { approvalThreshold: "500" }, { approvalThreshold: 1e300 }, {}, "\u0000"]) {
      const res = await api.call("PUT", "/console/campaign-settings", { token: mgr, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await approvalThreshold(api.database.db, brandId)).toBe(500);
    expect(await audits()).toHaveLength(before);
  });
});
