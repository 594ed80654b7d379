/**
 * Always-on triggers through the HTTP API and the scheduler's pass (issue 15; decision 0039):
 * bad configurations refused with typed codes and nothing saved; a change audited; the preview
 * ("who would get it today") equal to what a pass then sends; five passes at once and repeated
 * passes sending one message per member and occurrence, with one voucher each; consent respected;
 * results per trigger; the welcome switched off by its trigger.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { triggerEndpoints } from "../../src/contract/endpoints/triggers";
import { PURPOSES } from "../../src/domain/consent/purposes";
import {
  auditEvents,
  brandTriggers,
  members,
  messages,
  rewards,
  triggerFirings,
  users,
  vouchers,
  znsTemplates,
} from "../../src/server/db/schema";
import { runOnce } from "../../src/server/features/messaging/worker";
import { fireTriggers } from "../../src/server/features/triggers/fire";
import { dispatchWelcomeMessages } from "../../src/server/features/messaging/enqueue";
import { runDueJobs } from "../../src/server/jobs/scheduler";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import pino from "pino";

const MEMBERS = 12;

describe("always-on triggers: configuration, preview, an idempotent scheduler pass, results", () => {
  let api: TestApi;
  let marketer: string;
  let promo: typeof znsTemplates.$inferSelect;
  let reward: typeof rewards.$inferSelect;
  const mine = new Map<string, { consent: boolean }>();
  /** Birthdays on 14 December: due from the next day. */
  const later = new Map<string, { consent: boolean }>();

  beforeAll(async () => {
    api = await testApi();
    // 10:00 on 10 December 2026 in Vietnam: no quiet hours; birthdays on 13 December are 3 days ahead.
    api.clock.set(Date.UTC(2026, 11, 10, 3, 0));
    const db = api.database.db;
    promo = (await db.select().from(znsTemplates)).find((t) => t.tag === "promotion" && !t.trigger)!;
    reward = (await db.select().from(rewards)).find((r) => r.stock !== null && r.stock >= 50)!;
    await signIn();
    for (let i = 0; i < MEMBERS; i++) {
      const m = await enrolledMember(api, `trig-${i}`, `Sinh nhật ${i}`);
      await db
        .update(users)
        .set({ phone: `849200${String(10_000 + i)}` })
        .where(eq(users.id, m.user.id));
      // 13 December for most; 14 December (4 days ahead) for every sixth: not due at 3 days before.
      await api.ok(preferenceEndpoints.saveAnswer, {
        token: m.session.accessToken,
        params: { questionId: "birthday" },
        body: { formVersion: 1, value: { kind: "birthday", day: i % 6 === 5 ? 14 : 13, month: 12 } },
      });
      const consent = i % 4 !== 0;
      if (consent)
        await api.call("POST", "/members/me/consents", {
          token: m.session.accessToken,
          body: { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version },
        });
      (i % 6 !== 5 ? mine : later).set(m.card.memberId, { consent });
    }
  });
  afterAll(() => api.close());
  /** Console access tokens are short-lived: sign in again after moving the clock. */
  const signIn = async () => {
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
  };

  const birthdayBody = (over: Record<string, unknown> = {}) => ({
    enabled: true,
    templateId: promo.id,
    params: [{ name: "mon_yeu_thich", source: { field: "reward_name" as const } }],
    settings: { daysBefore: 3, rewardId: reward.id },
    basedOnVersion: 1,
    ...over,
  });
  const version = async () =>
    (await api.database.db.select().from(brandTriggers).where(eq(brandTriggers.kind, "birthday")))[0]?.version ?? null;

  it("lists every kind, off by default except the welcome", async () => {
    const { body } = await api.ok(triggerEndpoints.listTriggers, { token: marketer });
    expect(body.items.map((t) => [t.kind, t.enabled])).toEqual([
      ["welcome", true],
      ["birthday", false],
      ["tier_upgrade", false],
      ["points_expiring", false],
      ["post_purchase_survey", false],
      ["win_back", false],
      ["detractor_apology", false],
    ]);
    expect(body.items[0]!.template?.name).toBe("Chào mừng thành viên");
    expect(body.items.find((t) => t.kind === "birthday")!.settings).toEqual({ daysBefore: 3, rewardId: null });
    expect(body.templates.map((t) => t.id)).toContain(promo.id);
    expect(body.rewards.map((r) => r.id)).toContain(reward.id);
  });

  it("refuses bad configurations with typed codes and changes nothing", async () => {
    const cases: [string, unknown, number, string, string?][] = [
      ["birthday", birthdayBody({ templateId: null }), 422, "trigger_invalid", "template_required"],
      ["birthday", birthdayBody({ templateId: crypto.randomUUID() }), 422, "trigger_invalid", "template_unknown"],
      ["birthday", birthdayBody({ settings: { daysBefore: 3, rewardId: crypto.randomUUID() } }), 422, "trigger_invalid", "reward_unknown"],
      ["birthday", birthdayBody({ settings: { afterDays: 30 } }), 422, "trigger_invalid", "setting_not_applicable"],
      ["birthday", birthdayBody({ params: [{ name: "nope", source: { field: "name" } }] }), 422, "trigger_invalid", "param_unknown"],
      [
        "tier_upgrade",
        { ...birthdayBody({ settings: {} }), params: [{ name: "mon_yeu_thich", source: { field: "voucher_code" } }] },
        422,
        "trigger_invalid",
        "survey_field",
      ],
      ["welcome", birthdayBody({ settings: {}, params: [] }), 422, "trigger_invalid", "setting_not_applicable"],
      ["birthday", birthdayBody({ settings: { daysBefore: 31 } }), 400, "invalid_request"],
      ["birthday", birthdayBody({ settings: { daysBefore: "3; drop table members" } }), 400, "invalid_request"],
      ["nope", birthdayBody(), 400, "invalid_request"],
    ];
    for (const [kind, body, status, code, issue] of cases) {
      const res = await api.call("PUT", `/console/triggers/${kind}`, { token: marketer, body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (issue) expect(res.body.error.issues.map((i: { code: string }) => i.code)).toContain(issue);
    }
    expect(await version()).toBeNull();
    const member = await enrolledMember(api, "trig-nobody", "Khách");
    const res = await api.call("PUT", "/console/triggers/birthday", { token: member.session.accessToken, body: birthdayBody() });
    expect(res.status).toBe(403);
  });

  it("switches a trigger on, audited; a stale save is a conflict", async () => {
    const { body } = await api.ok(triggerEndpoints.updateTrigger, { token: marketer, params: { kind: "birthday" }, body: birthdayBody() });
    expect(body).toMatchObject({ kind: "birthday", enabled: true, templateId: promo.id, version: 2, settings: { daysBefore: 3 } });
    expect(body.changedBy).not.toBeNull();
    const stale = await api.refused(triggerEndpoints.updateTrigger, {
      token: marketer,
      params: { kind: "birthday" },
      body: birthdayBody({ settings: { daysBefore: 5, rewardId: reward.id } }),
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, "trigger_version_conflict"]);
    const audits = await api.database.db.select().from(auditEvents).where(eq(auditEvents.action, "trigger_changed"));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({ kind: "birthday", version: 2, enabled: true });
  });

  it("previews who would get it today, and five concurrent passes send exactly that, once per member, with one voucher each", async () => {
    const db = api.database.db;
    const preview = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "birthday" } });
    const expectedMine = [...mine.values()].filter((m) => m.consent).length;
    const sampledMine = preview.body.sample.filter((s) => mine.has(s.memberId));
    expect(sampledMine.every((s) => s.period === "2026" && mine.get(s.memberId)!.consent)).toBe(true);
    expect(preview.body.count).toBeGreaterThanOrEqual(expectedMine);
    const stockBefore = (await db.select().from(rewards).where(eq(rewards.id, reward.id)))[0]!.stock!;

    await Promise.all([0, 1, 2, 3, 4].map(() => fireTriggers(db, api.clock.now())));
    const sent = await db.select().from(messages).where(eq(messages.source, "trigger:birthday"));
    expect(sent.length).toBe(preview.body.count);
    expect(new Set(sent.map((m) => m.memberId)).size).toBe(sent.length);
    for (const [id, m] of mine) expect(sent.filter((s) => s.memberId === id).length).toBe(m.consent ? 1 : 0);
    expect(sent.every((m) => m.dedupeKey === `trigger:birthday:${m.memberId}:2026` && m.status === "queued")).toBe(true);
    // The voucher travels with the message: one per member messaged, its reward's name in the mapped parameter.
    const issued = await db.select().from(vouchers).where(eq(vouchers.rewardId, reward.id));
    expect(issued.length).toBe(sent.length);
    expect(sent.every((m) => m.templateData.mon_yeu_thich === reward.name)).toBe(true);
    expect((await db.select().from(rewards).where(eq(rewards.id, reward.id)))[0]!.stock).toBe(stockBefore - sent.length);
    // Members without consent are recorded as such (not retried every pass) and get nothing.
    const firings = await db.select().from(triggerFirings).where(eq(triggerFirings.kind, "birthday"));
    for (const [id, m] of mine)
      expect(firings.filter((f) => f.memberId === id).map((f) => f.outcome)).toEqual([m.consent ? "queued" : "no_consent"]);

    expect(sent.filter((m) => later.has(m.memberId))).toEqual([]);

    // Repeated passes (and the scheduler's own, however often it is claimed) add nothing.
    await fireTriggers(db, api.clock.now());
    await runDueJobs(db, api.clock.now(), pino({ level: "silent" }));
    expect((await db.select({ n: count() }).from(messages).where(eq(messages.source, "trigger:birthday")))[0]!.n).toBe(sent.length);
    // The next day: only the birthdays whose window opened (14 December) are new; nobody gets a second.
    api.clock.advance(24 * 3_600_000);
    await Promise.all([0, 1, 2].map(() => fireTriggers(db, api.clock.now())));
    await signIn();
    const nextDay = await db.select().from(messages).where(eq(messages.source, "trigger:birthday"));
    const newOnes = nextDay.filter((m) => !sent.some((s) => s.id === m.id));
    expect(newOnes.map((m) => m.memberId).filter((id) => mine.has(id))).toEqual([]);
    for (const [id, m] of later) expect(newOnes.filter((s) => s.memberId === id).length).toBe(m.consent ? 1 : 0);
    expect(new Set(nextDay.map((m) => m.memberId)).size).toBe(nextDay.length);
    expect((await db.select().from(vouchers).where(eq(vouchers.rewardId, reward.id))).length).toBe(nextDay.length);
    const after = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "birthday" } });
    expect(after.body.sample.filter((s) => mine.has(s.memberId) && s.period === "2026")).toEqual([]);
  });

  it("shows its results: fired by outcome, sent, delivered and failed", async () => {
    while ((await runOnce(api.deps.messaging)) > 0);
    const { body } = await api.ok(triggerEndpoints.triggerResults, { token: marketer, params: { kind: "birthday" } });
    const sent = (await api.database.db.select().from(messages).where(eq(messages.source, "trigger:birthday"))).length;
    expect(body.firings.queued).toBe(sent);
    expect(body.firings.no_consent).toBeGreaterThanOrEqual([...mine.values()].filter((m) => !m.consent).length);
    expect(body.messages.total).toBe(sent);
    expect(body.messages.sent + body.messages.failed + body.messages.pending + (body.messages.byStatus.cancelled ?? 0)).toBe(sent);
    expect(body.messages.sent).toBeGreaterThan(0);
  });

  it("a consent withdrawn before the pass: the member is not messaged", async () => {
    const db = api.database.db;
    api.clock.set(Date.UTC(2027, 0, 20, 3, 0));
    await signIn();
    const m = await enrolledMember(api, "trig-withdrawn", "Rút lại");
    await api.ok(preferenceEndpoints.saveAnswer, {
      token: m.session.accessToken,
      params: { questionId: "birthday" },
      body: { formVersion: 1, value: { kind: "birthday", day: 21, month: 1 } },
    });
    for (const granted of [true, false])
      await api.call("POST", "/members/me/consents", {
        token: m.session.accessToken,
        body: { purpose: "zns_promo", granted, wordingVersion: PURPOSES.zns_promo.version },
      });
    const preview = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "birthday" } });
    expect(preview.body.sample.map((s) => s.memberId)).not.toContain(m.card.memberId);
    await fireTriggers(db, api.clock.now());
    expect(
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.memberId, m.card.memberId), eq(messages.source, "trigger:birthday"))),
    ).toEqual([]);
  });

  it("the welcome is a trigger: switched off, a new member's care consent queues no welcome", async () => {
    const db = api.database.db;
    await dispatchWelcomeMessages(db, api.clock.now());
    await api.ok(triggerEndpoints.updateTrigger, {
      token: marketer,
      params: { kind: "welcome" },
      body: { enabled: false, templateId: null, params: [], settings: {}, basedOnVersion: 1 },
    });
    const m = await enrolledMember(api, "trig-welcome", "Chào");
    await api.call("POST", "/members/me/consents", {
      token: m.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    await dispatchWelcomeMessages(db, api.clock.now());
    expect(
      await db
        .select()
        .from(messages)
        .where(eq(messages.dedupeKey, `welcome:${m.card.memberId}`)),
    ).toEqual([]);
    const preview = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "welcome" } });
    expect(preview.body).toMatchObject({ count: 0, withoutConsent: 0 });
    const list = await api.ok(triggerEndpoints.listTriggers, { token: marketer });
    expect(list.body.items.find((t) => t.kind === "welcome")!.enabled).toBe(false);

    // Switched on again, it starts then: the member who consented while it was off is not welcomed
    // (no backlog all at once); a member consenting afterwards is, once.
    await api.ok(triggerEndpoints.updateTrigger, {
      token: marketer,
      params: { kind: "welcome" },
      body: { enabled: true, templateId: null, params: [], settings: {}, basedOnVersion: 2 },
    });
    expect((await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "welcome" } })).body.count).toBe(0);
    const next = await enrolledMember(api, "trig-welcome-2", "Chào lại");
    await api.call("POST", "/members/me/consents", {
      token: next.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    const again = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "welcome" } });
    expect(again.body.sample.map((s) => s.memberId)).toEqual([next.card.memberId]);
    await Promise.all([0, 1, 2].map(() => dispatchWelcomeMessages(db, api.clock.now())));
    const welcomes = await db.select().from(messages).where(eq(messages.source, "trigger:welcome"));
    expect(welcomes.filter((w) => w.memberId === m.card.memberId)).toEqual([]);
    expect(welcomes.filter((w) => w.memberId === next.card.memberId)).toHaveLength(1);
  });
  it("a tier upgrade is congratulated once, by concurrent passes too; members already at their tier when it was switched on are not", async () => {
    const db = api.database.db;
    const care = (await db.select().from(znsTemplates)).find((t) => t.tag === "customer_care" && !t.trigger)!;
    const m = await enrolledMember(api, "trig-tier", "Lên hạng");
    await db.update(users).set({ phone: "84920099999" }).where(eq(users.id, m.user.id));
    await api.call("POST", "/members/me/consents", {
      token: m.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    await api.ok(triggerEndpoints.updateTrigger, {
      token: marketer,
      params: { kind: "tier_upgrade" },
      body: { enabled: true, templateId: care.id, params: [], settings: {}, basedOnVersion: 1 },
    });
    // The first pass marks every member at their tier now: nobody is congratulated for the past.
    await fireTriggers(db, api.clock.now());
    const mineTier = () =>
      db
        .select()
        .from(messages)
        .where(and(eq(messages.memberId, m.card.memberId), eq(messages.source, "trigger:tier_upgrade")));
    expect(await mineTier()).toEqual([]);
    await db.update(members).set({ tier: "gold" }).where(eq(members.id, m.card.memberId));
    const preview = await api.ok(triggerEndpoints.previewTrigger, { token: marketer, params: { kind: "tier_upgrade" } });
    expect(preview.body.sample.map((s) => s.memberId)).toContain(m.card.memberId);
    await Promise.all([0, 1, 2, 3, 4].map(() => fireTriggers(db, api.clock.now())));
    await fireTriggers(db, api.clock.now());
    const sent = await mineTier();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.dedupeKey).toBe(`trigger:tier_upgrade:${m.card.memberId}:gold@2027-01-20`);
  });
});
