/**
 * A campaign's audit log (issue 15): managers read it and export it as CSV, marketers may not;
 * hostile ids are refused, never a 500.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignActivityEndpoints } from "../../src/contract/endpoints/campaign-activity";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { brands, campaignSettings, users, znsTemplates } from "../../src/server/db/schema";
import { enrolledMember, testApi, type TestApi } from "../support/api";

describe("campaign audit log", () => {
  let api: TestApi;
  let marketer: string;
  let manager: string;
  let promo: typeof znsTemplates.$inferSelect;
  let segmentId: string;

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0)); // 10:00 in Vietnam: no quiet hours
    const db = api.database.db;
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    promo = (await db.select().from(znsTemplates)).find((t) => t.tag === "promotion" && !t.trigger)!;
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
    manager = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    for (let i = 0; i < 24; i++) {
      const m = await enrolledMember(api, `act-${i}`, `Khách ${i}`);
      // Every third has no phone: the queue stops those with a reason.
      if (i % 3 !== 0)
        await db
          .update(users)
          .set({ phone: `849200${String(10_000 + i)}` })
          .where(eq(users.id, m.user.id));
      await api.call("POST", "/members/me/consents", {
        token: m.session.accessToken,
        body: { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version },
      });
    }
    segmentId = (
      await api.ok(segmentEndpoints.createSegment, {
        token: marketer,
        body: { name: "Mọi thành viên", rule: { type: "group", combine: "and", items: [] } },
      })
    ).body.id;
  });
  afterAll(() => api.close());

  it("managers read the audit log and export it as CSV; marketers may not", async () => {
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: {
        name: "Cần duyệt",
        segmentId,
        segmentVersion: 1,
        arms: [{ key: "A", templateId: promo.id, params: [], sharePercent: 100 }],
        controlPercent: 0,
        schedule: { kind: "now" },
        important: false,
      },
    });
    // Above the threshold: a marketer's submission waits for a manager, who rejects it with a note.
    const [brand] = await api.database.db.select({ id: brands.id }).from(brands);
    await api.database.db
      .insert(campaignSettings)
      .values({ brandId: brand!.id, approvalThreshold: 1 })
      .onConflictDoUpdate({ target: campaignSettings.brandId, set: { approvalThreshold: 1 } });
    const submitted = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(submitted.body.status).toBe("pending_approval");
    await api.ok(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "reject", basedOnVersion: submitted.body.version, note: "Quá nhiều, hãy thu hẹp" },
    });

    const refused = await api.refused(campaignActivityEndpoints.campaignAudit, { token: marketer, params: { campaignId: c.id } });
    expect(refused.status).toBe(403);
    const { body } = await api.ok(campaignActivityEndpoints.campaignAudit, { token: manager, params: { campaignId: c.id } });
    expect(body.events[0]).toMatchObject({ change: "created", version: 1, status: "draft", note: null });
    expect(body.events.map((e) => e.change)).toEqual(["created", "submit", "reject"]);
    expect(body.events[2]).toMatchObject({ status: "draft", note: "Quá nhiều, hãy thu hẹp" });
    expect(body.events.every((e) => e.actorName.length > 0)).toBe(true);

    const csv = await api.call("GET", `/console/campaigns/${c.id}/audit.csv?locale=en`, { token: manager });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(csv.bytes);
    expect(text.startsWith("\uFEFFAt (UTC),By,User id,Change,Version,Status,Note\r\n")).toBe(true);
    expect(text.trim().split("\r\n")).toHaveLength(body.events.length + 1);
    expect((await api.call("GET", `/console/campaigns/${c.id}/audit.csv`, { token: marketer })).status).toBe(403);
    const missing = await api.refused(campaignActivityEndpoints.campaignAudit, {
      token: manager,
      params: { campaignId: crypto.randomUUID() },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, "campaign_not_found"]);
    expect((await api.call("GET", "/console/campaigns/%27%3B--/audit", { token: manager })).status).toBe(400);
  });
});
