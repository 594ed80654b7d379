/**
 * Campaigns through the HTTP API (issue 15; decision 0034): a draft built by a marketer, bad
 * input refused with typed codes and nothing saved, preview / funnel / plan, the lifecycle with
 * its roles (approval above the brand's threshold), materialisation into the queue with the
 * recorded deterministic split, the control group never queued, two concurrent
 * materialisations adding nothing twice, and cancel stopping what had not gone yet.
 */
import { and, asc, count, eq, isNull, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { assignArm } from "../../src/domain/campaigns/assignment";
import { PURPOSES } from "../../src/domain/consent/purposes";
import {
  auditEvents,
  brands,
  campaignSettings,
  members,
  messages,
  users,
  znsCampaignRecipients,
  znsCampaigns,
  znsTemplates,
} from "../../src/server/db/schema";
import { loadCampaign } from "../../src/server/features/campaigns/store";
import { materialise } from "../../src/server/features/campaigns/audience";
import { advanceCampaigns } from "../../src/server/features/campaigns/transitions";
import { runOnce } from "../../src/server/features/messaging/worker";
import { enrolledMember, testApi, type TestApi } from "../support/api";

const MEMBERS = 40;

describe("campaigns: drafts, funnel, plan, lifecycle and materialisation", () => {
  let api: TestApi;
  let marketer: string;
  let manager: string;
  let brandId: string;
  let promo: typeof znsTemplates.$inferSelect;
  let segmentId: string;
  let reachable = 0;

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0)); // 10:00 in Vietnam: no quiet hours
    const db = api.database.db;
    [{ id: brandId }] = (await db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    promo = (await db.select().from(znsTemplates)).find((t) => t.tag === "promotion" && !t.trigger)!;
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
    manager = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    for (let i = 0; i < MEMBERS; i++) {
      const m = await enrolledMember(api, `camp-${i}`, `Khách ${i}`);
      // Every fourth has no phone; every fifth gave no promotion consent.
      if (i % 4 !== 0)
        await db
          .update(users)
          .set({ phone: `849100${String(10_000 + i)}` })
          .where(eq(users.id, m.user.id));
      if (i % 5 !== 0)
        await api.call("POST", "/members/me/consents", {
          token: m.session.accessToken,
          body: { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version },
        });
    }
    const seg = await api.ok(segmentEndpoints.createSegment, {
      token: marketer,
      body: { name: "Mọi thành viên", rule: { type: "group", combine: "and", items: [] } },
    });
    segmentId = seg.body.id;
  });
  afterAll(() => api.close());

  const draft = (over: Record<string, unknown> = {}) => ({
    name: "Khuyến mãi tháng 12",
    segmentId,
    segmentVersion: 1,
    arms: [
      { key: "A" as const, templateId: promo.id, params: [], sharePercent: 45 },
      { key: "B" as const, templateId: promo.id, params: [], sharePercent: 45 },
    ],
    controlPercent: 10,
    schedule: { kind: "now" as const },
    important: false,
    ...over,
  });
  const campaignsCount = async () => (await api.database.db.select({ n: count() }).from(znsCampaigns))[0]!.n;
  const queuedFor = async (id: string) =>
    api.database.db
      .select()
      .from(messages)
      .where(like(messages.source, `campaign:${id}`));

  it("refuses bad drafts with typed codes and saves nothing", async () => {
    const before = await campaignsCount();
    const cases: [unknown, number, string, string?][] = [
      [draft({ controlPercent: 30 }), 422, "campaign_invalid", "shares_invalid"],
      [draft({ segmentVersion: 9 }), 422, "campaign_invalid", "segment_unknown"],
      [
        draft({ arms: [{ key: "A", templateId: crypto.randomUUID(), params: [], sharePercent: 90 }] }),
        422,
        "campaign_invalid",
        "template_unknown",
      ],
      [
        draft({ arms: [{ key: "A", templateId: promo.id, params: [{ name: "nope", source: { field: "name" } }], sharePercent: 90 }] }),
        422,
        "campaign_invalid",
        "param_unknown",
      ],
      [draft({ schedule: { kind: "at", at: "2020-01-01T00:00:00Z" } }), 422, "campaign_invalid", "schedule_past"],
      [draft({ controlPercent: 95 }), 400, "invalid_request"],
      [draft({ arms: [] }), 400, "invalid_request"],
      [{ ...draft(), segmentId: "'; drop table members; --" }, 400, "invalid_request"],
    ];
    for (const [body, status, code, issue] of cases) {
      const res = await api.call("POST", "/console/campaigns", { token: marketer, body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (issue) expect(res.body.error.issues.map((i: { code: string }) => i.code)).toContain(issue);
    }
    expect(await campaignsCount()).toBe(before);
  });

  it("previews, counts the funnel with its cost, and plans the sends", async () => {
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, { token: marketer, body: draft() });
    expect(c).toMatchObject({ status: "draft", version: 1, controlPercent: 10 });
    const preview = await api.ok(campaignEndpoints.previewCampaign, { token: marketer, params: { campaignId: c.id }, body: { limit: 10 } });
    expect(preview.body.samples.length).toBe(10);
    const shares = {
      arms: [
        { key: "A" as const, sharePercent: 45 },
        { key: "B" as const, sharePercent: 45 },
      ],
      controlPercent: 10,
    };
    // Every arm the segment's members fall in shows, in turn (A, B, control), however the hash
    // ordered the first members by card number.
    const everyone = await api.database.db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.brandId, brandId), isNull(members.erasedAt)))
      .orderBy(asc(members.memberSeq));
    const present = (["A", "B", "control"] as const).filter((arm) => everyone.some((m) => assignArm(c.id, m.id, shares) === arm));
    expect(present.length).toBeGreaterThan(1);
    expect(preview.body.samples.slice(0, present.length).map((s) => s.arm)).toEqual(present);
    for (const s of preview.body.samples) {
      expect(s.arm).toBe(assignArm(c.id, s.memberId, shares));
      if (s.arm === "control") expect(s.text).toBeNull();
      else expect(s.text ?? s.problems).toBeTruthy();
    }
    const funnel = await api.ok(campaignEndpoints.campaignFunnel, { token: marketer, params: { campaignId: c.id } });
    const steps = Object.fromEntries(funnel.body.steps.map((s) => [s.step, s.count]));
    // Of our 40, 32 consented and 24 of those have a phone; the seed's demo members add theirs.
    expect(steps.consent! - steps.phone!).toBeGreaterThanOrEqual(8);
    expect(steps.phone).toBeGreaterThanOrEqual(24);
    expect(steps.caps).toBe(steps.phone); // nobody had a promotion yet
    reachable = steps.caps!;
    expect(funnel.body.recipients).toBe(steps.not_control);
    expect(funnel.body.estimatedCostVnd).toBe(funnel.body.recipients * funnel.body.pricePerMessageVnd);
    const plan = await api.ok(campaignEndpoints.campaignPlan, { token: marketer, params: { campaignId: c.id } });
    expect(plan.body).toMatchObject({ placed: steps.not_control, unplaced: 0, dailyQuota: 5_000 });
    expect(plan.body.warnings).toContain("promo_tier_too_low");
  });

  it("above the threshold a marketer's campaign waits for a manager; marketers cannot approve; reject needs a note", async () => {
    await api.database.db
      .insert(campaignSettings)
      .values({ brandId, approvalThreshold: 5 })
      .onConflictDoUpdate({
        target: campaignSettings.brandId,
        set: { approvalThreshold: 5 },
      });
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, { token: marketer, body: draft({ name: "Lớn" }) });
    const submitted = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(submitted.body).toMatchObject({ status: "pending_approval", audience: reachable, version: 2 });
    const byMarketer = await api.refused(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "approve", basedOnVersion: 2 },
    });
    expect([byMarketer.status, byMarketer.body.error.code]).toEqual([403, "forbidden"]);
    const noNote = await api.refused(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "reject", basedOnVersion: 2 },
    });
    expect([noNote.status, noNote.body.error.code]).toEqual([422, "campaign_note_required"]);
    const stale = await api.refused(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "reject", basedOnVersion: 1, note: "x" },
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, "campaign_version_conflict"]);
    const rejected = await api.ok(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "reject", basedOnVersion: 2, note: "Giảm tần suất" },
    });
    expect(rejected.body).toMatchObject({ status: "draft", rejectionNote: "Giảm tần suất" });
    expect(await queuedFor(c.id)).toEqual([]);
    await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 3 },
    });
    const approved = await api.ok(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "approve", basedOnVersion: 4 },
    });
    expect(approved.body.status).toBe("sending");
    expect(approved.body.approvedBy).not.toBeNull();
    // A draft's edits are over: editing now is a conflict.
    const edit = await api.refused(campaignEndpoints.updateCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { ...draft(), basedOnVersion: approved.body.version },
    });
    expect([edit.status, edit.body.error.code]).toEqual([409, "campaign_status_conflict"]);
    const audit = await api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, c.id), eq(auditEvents.action, "campaign_changed")));
    expect(audit.map((a) => a.detail?.change)).toEqual(["created", "submit", "reject", "submit", "approve"]);
    await api.ok(campaignEndpoints.transitionCampaign, {
      token: manager,
      params: { campaignId: c.id },
      body: { action: "cancel", basedOnVersion: approved.body.version },
    });
  });

  it("materialises with the recorded split; the control group gets nothing; twice at once adds nothing", async () => {
    await api.database.db.update(campaignSettings).set({ approvalThreshold: 1_000 }).where(eq(campaignSettings.brandId, brandId));
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, { token: marketer, body: draft({ name: "Gửi ngay" }) });
    const sent = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(sent.body.status).toBe("sending");
    const shares = {
      arms: [
        { key: "A" as const, sharePercent: 45 },
        { key: "B" as const, sharePercent: 45 },
      ],
      controlPercent: 10,
    };
    const recorded = await api.database.db.select().from(znsCampaignRecipients).where(eq(znsCampaignRecipients.campaignId, c.id));
    for (const r of recorded) expect(r.arm).toBe(assignArm(c.id, r.memberId, shares));
    const control = new Set(recorded.filter((r) => r.arm === "control").map((r) => r.memberId));
    const queued = await queuedFor(c.id);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.filter((m) => control.has(m.memberId))).toEqual([]);
    // Two more materialisations at once: same rows, same messages.
    const loaded = (await loadCampaign(api.database.db, brandId, c.id))!;
    await Promise.all([0, 1].map(() => materialise(api.database.db, api.deps.messaging.config, loaded, api.clock.now())));
    const again = await api.database.db.select().from(znsCampaignRecipients).where(eq(znsCampaignRecipients.campaignId, c.id));
    expect(again.length).toBe(recorded.length);
    const queuedAgain = await queuedFor(c.id);
    expect(queuedAgain.length).toBe(queued.length);
    expect(new Set(queuedAgain.map((m) => m.memberId)).size).toBe(queuedAgain.length);
    // The queue sends them; the campaign is done when nothing is left.
    while ((await runOnce(api.deps.messaging)) > 0);
    await advanceCampaigns(api.database.db, api.deps.messaging.config, api.clock.now());
    const done = await api.ok(campaignEndpoints.getCampaign, { token: marketer, params: { campaignId: c.id } });
    expect(done.body.status).toBe("done");
    const final = await queuedFor(c.id);
    // Sent, or stopped by the queue's own send-time checks with their reason (no phone: the enqueue checks consent only).
    const stopped = final.filter((m) => !["sent", "delivered", "failed"].includes(m.status));
    expect(stopped.every((m) => m.status === "cancelled" && m.lastError !== null)).toBe(true);
    expect(final.filter((m) => m.status === "sent" || m.status === "delivered").length).toBeGreaterThan(0);
    expect(final.filter((m) => control.has(m.memberId))).toEqual([]);
  });

  it("cancel stops what has not gone: a scheduled campaign's messages are cancelled and never claimed", async () => {
    const at = new Date(api.clock.now() + 3_600_000).toISOString();
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: draft({ name: "Hẹn giờ", schedule: { kind: "at", at } }),
    });
    const scheduled = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(scheduled.body.status).toBe("scheduled");
    const waiting = await queuedFor(c.id);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((m) => m.status === "queued" && m.notBefore.getTime() >= Date.parse(at))).toBe(true);
    const cancelled = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "cancel", basedOnVersion: scheduled.body.version },
    });
    expect(cancelled.body.status).toBe("cancelled");
    api.clock.advance(2 * 3_600_000);
    while ((await runOnce(api.deps.messaging)) > 0);
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
    const after = await queuedFor(c.id);
    expect(after.every((m) => m.status === "cancelled")).toBe(true);
    const twice = await api.refused(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: c.id },
      body: { action: "cancel", basedOnVersion: cancelled.body.version },
    });
    expect([twice.status, twice.body.error.code]).toEqual([409, "campaign_status_conflict"]);
  });
});
