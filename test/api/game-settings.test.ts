import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gameConsoleEndpoints } from "../../src/contract/endpoints/game";
import { auditEvents, loyaltySettings } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, testBrand } from "../support/factories";

/** The brand's point value in VND (issue 14: the wheel's cost figure), set in the console's game settings. */
describe("game settings: the point value in VND", () => {
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
      .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "game_settings_changed")))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  const stored = async () =>
    (await api.database.db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId)))[0]?.pointValueVnd ?? null;

  it("every console role reads it; a marketer or a member may not change it", async () => {
    const marketer = await consoleSession(api, "marketer");
    const read = await api.ok(gameConsoleEndpoints.gameSettings, { token: marketer });
    expect(read.body).toEqual({ pointValueVnd: null, limits: { min: 1, max: 1_000_000 }, changedAt: null, changedBy: null });
    const refused = await api.refused(gameConsoleEndpoints.updateGameSettings, { token: marketer, body: { pointValueVnd: 500 } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const member = await makeMember(api);
    expect((await api.refused(gameConsoleEndpoints.gameSettings, { token: member.session.accessToken })).status).toBe(403);
    expect(await audits()).toHaveLength(0);
    expect(await stored()).toBeNull();
  });

  it("a manager's change is what the results use, audited with from and to; the same value again records nothing", async () => {
    const mgr = await consoleSession(api, "manager");
    const at = api.clock.now();
    const saved = await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: 500 } });
    expect(saved.body).toMatchObject({ pointValueVnd: 500, changedAt: new Date(at).toISOString(), changedBy: expect.any(String) });
    expect(await stored()).toBe(500);
    const [audit] = await audits();
    expect(audit).toMatchObject({ subjectId: brandId, detail: { setting: "point_value_vnd", from: null, to: 500 } });

    api.clock.advance(60_000);
    await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: 500 } });
    expect(await audits()).toHaveLength(1);
    const cleared = await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: null } });
    expect(cleared.body.pointValueVnd).toBeNull();
    expect((await audits()).map((a) => [a.detail!.from, a.detail!.to])).toEqual([
      [null, 500],
      [500, null],
    ]);
  });

  it("out of range or not a whole number: a 4xx with a stable code, nothing changes", async () => {
    const mgr = await consoleSession(api, "manager");
    await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: 1_000 } });
    const before = (await audits()).length;
    for (const value of [0, -5, 1_000_001]) {
      const res = await api.refused(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: value } });
      expect(res).toMatchObject({
        status: 422,
        body: {
          error: {
            code: "game_settings_invalid",
            issues: [{ code: "point_value_range", field: "pointValueVnd", params: { min: 1, max: 1_000_000 } }],
          },
        },
      });
    }
    for (const body of [{ pointValueVnd: 1.5 }, { pointValueVnd: "500" }, { pointValueVnd: 1e300 }, {}, "\u0000"]) {
      const res = await api.call("PUT", "/console/game-settings", { token: mgr, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await stored()).toBe(1_000);
    expect(await audits()).toHaveLength(before);
  });
});
