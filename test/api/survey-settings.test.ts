import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import { auditEvents, loyaltySettings } from "../../src/server/db/schema";
import { globalThrottleDays } from "../../src/server/features/surveys/asks";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, testBrand } from "../support/factories";

/** The brand's survey settings in the console: M of the fatigue policy (issue 13). */
describe("survey settings: the throttle across surveys", () => {
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
      .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "survey_settings_changed")))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  const stored = async () =>
    (await api.database.db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId)))[0]?.surveyGlobalThrottleDays;

  it("every console role reads it (the default 7, its limits, never changed); a marketer may not change it", async () => {
    const marketer = await consoleSession(api, "marketer");
    const read = await api.ok(surveyEndpoints.surveySettings, { token: marketer });
    expect(read.body).toEqual({ globalThrottleDays: 7, limits: { min: 0, max: 90, default: 7 }, changedAt: null, changedBy: null });
    const refused = await api.refused(surveyEndpoints.updateSurveySettings, { token: marketer, body: { globalThrottleDays: 14 } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const member = await makeMember(api);
    const asMember = await api.refused(surveyEndpoints.surveySettings, { token: member.session.accessToken });
    expect(asMember.status).toBe(403);
    expect(await audits()).toHaveLength(0);
    expect(await globalThrottleDays(api.database.db, brandId)).toBe(7);
  });

  it("a manager's change is what asks use, audited with who, when, from and to; the same value again records nothing", async () => {
    const mgr = await consoleSession(api, "manager");
    const at = api.clock.now();
    const saved = await api.ok(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: 14 } });
    expect(saved.body).toMatchObject({ globalThrottleDays: 14, changedAt: new Date(at).toISOString(), changedBy: expect.any(String) });
    expect(await globalThrottleDays(api.database.db, brandId)).toBe(14);
    const [audit] = await audits();
    expect(audit).toMatchObject({ subjectId: brandId, detail: { setting: "survey_global_throttle_days", from: 7, to: 14 } });
    expect(audit!.at.getTime()).toBe(at);

    api.clock.advance(60_000);
    const again = await api.ok(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: 14 } });
    expect(again.body.changedAt).toBe(new Date(at).toISOString());
    expect(await audits()).toHaveLength(1);
    const read = await api.ok(surveyEndpoints.surveySettings, { token: await consoleSession(api, "marketer") });
    expect(read.body).toEqual(saved.body);

    const off = await api.ok(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: 0 } });
    expect(off.body.globalThrottleDays).toBe(0);
    expect((await audits()).map((a) => [a.detail!.from, a.detail!.to])).toEqual([
      [7, 14],
      [14, 0],
    ]);
  });

  it("out of range or not a whole number: a 4xx with a stable code, nothing changes", async () => {
    const mgr = await consoleSession(api, "manager");
    await api.ok(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: 10 } });
    const before = (await audits()).length;
    for (const days of [-1, 91, 100_000]) {
      const res = await api.refused(surveyEndpoints.updateSurveySettings, { token: mgr, body: { globalThrottleDays: days } });
      expect(res).toMatchObject({
        status: 422,
        body: {
          error: {
            code: "survey_settings_invalid",
            issues: [{ code: "throttle_range", field: "globalThrottleDays", params: { min: 0, max: 90 } }],
          },
        },
      });
    }
    for (const body of [
      { globalThrottleDays: 1.5 },
      { globalThrottleDays: "7" },
      { globalThrottleDays: 1e300 },
      { globalThrottleDays: null },
      {},
      "\u0000",
    ]) {
      const res = await api.call("PUT", "/console/survey-settings", { token: mgr, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await stored()).toBe(10);
    expect(await audits()).toHaveLength(before);
  });

  it("concurrent changes take turns: the audit log is one chain (each from is the previous to) ending at the stored value", async () => {
    const mgr = await consoleSession(api, "manager");
    const admin = await consoleSession(api, "admin");
    const values = [21, 30, 45, 60, 3, 5];
    await Promise.all(
      values.map((days, i) =>
        api.ok(surveyEndpoints.updateSurveySettings, { token: i % 2 ? admin : mgr, body: { globalThrottleDays: days } }),
      ),
    );
    // The test clock stands still, so the rows share one time: follow the chain from the value before (10).
    const rows = (await audits()).map((a) => a.detail as { from: number; to: number });
    const chain: number[] = [];
    for (let at = 10, next = rows.find((r) => r.from === at); next; next = rows.find((r) => r.from === at)) {
      chain.push(next.to);
      at = next.to;
    }
    expect([...chain].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
    expect(await stored()).toBe(chain.at(-1));
  });
});
