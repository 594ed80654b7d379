import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { programmeEndpoints } from "../../src/contract/endpoints/programme";
import type { ProgrammeSettings } from "../../src/contract/programme";
import { lotExpiresAt } from "../../src/domain/loyalty/lots";
import { auditEvents, ledgerEntries, members, pointLots, programmeVersions } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeReward, makeStaff, makeStore, testBrand, type TestStore } from "../support/factories";
import { earn, scanToken } from "../support/loyalty";

/**
 * Issue 16: the programme settings a brand edits in the console — validated with the limit
 * said, versioned (a conflict is typed), audited, and in force for events after the save only.
 */
describe("programme settings", () => {
  let api: TestApi;
  let brandId: string;
  let manager: string;
  let store: TestStore;
  let cashier: string;
  beforeAll(async () => {
    api = await testApi();
    brandId = (await testBrand(api)).id;
    manager = await consoleSession(api, "manager");
    store = await makeStore(api);
    cashier = await (await makeStaff(api, store)).signIn();
  });
  afterAll(() => api.close());

  const read = async (token = manager) => (await api.ok(programmeEndpoints.programme, { token })).body;
  const save = (basedOnVersion: number, settings: ProgrammeSettings, token = manager) =>
    api.call("PUT", "/console/programme", { token, body: { basedOnVersion, settings } });
  const audits = () =>
    api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "programme_changed")))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  const versions = () =>
    api.database.db.select().from(programmeVersions).where(eq(programmeVersions.brandId, brandId)).orderBy(asc(programmeVersions.version));
  /** Settings without promotions, so an earn's points depend on the rate and tier alone. */
  async function plain() {
    const now = await read();
    return { version: now.version, settings: { ...now.settings, promotions: [] } as ProgrammeSettings };
  }
  async function earnFor(member: Awaited<ReturnType<typeof makeMember>>, billVnd: number) {
    const res = await earn(api, cashier, {
      storeId: store.id,
      receiptNo: `P-${randomUUID().slice(0, 8)}`,
      billVnd,
      member: { scanToken: await scanToken(api, cashier, member.card) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { points: number; basePoints: number; tier: string; entryId: string };
  }

  it("every console role reads the programme in force (version 0 before any save); marketers and members may not save", async () => {
    const marketer = await consoleSession(api, "marketer");
    const view = await read(marketer);
    expect(view).toMatchObject({
      version: 0,
      changedAt: null,
      history: [],
      settings: { earnRule: { vndPerPoint: 10_000 }, profileBonusPoints: 50 },
    });
    expect(view.settings.tierRules.tiers.map((t) => t.code)).toEqual(["member", "silver", "gold", "diamond"]);
    expect(view.stores.map((s) => s.id)).toContain(store.id);
    expect(view.limits.vndPerPoint).toEqual({ min: 100, max: 1_000_000 });
    const refused = await save(0, { ...view.settings, profileBonusPoints: 70 }, marketer);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const member = await makeMember(api);
    expect((await api.refused(programmeEndpoints.programme, { token: member.session.accessToken })).status).toBe(403);
    expect(await audits()).toHaveLength(0);
  });

  it("out-of-limit settings are refused at the field with the limit, nothing changes", async () => {
    const { version, settings } = await plain();
    const tiers = settings.tierRules.tiers;
    const bad: ProgrammeSettings = {
      ...settings,
      earnRule: { vndPerPoint: 50, maxBillVnd: 1.5 },
      lotValidityMonths: 0,
      profileBonusPoints: -1,
      tierRules: {
        ...settings.tierRules,
        tiers: tiers.map((t, i) => (i === 2 ? { ...t, thresholdVnd: tiers[1]!.thresholdVnd, earnBps: 200_000 } : t)),
      },
      promotions: [
        {
          id: randomUUID(),
          name: "Tuần lễ vàng",
          bps: 5_000,
          startsAt: "2026-12-10T00:00:00.000Z",
          endsAt: "2026-12-01T00:00:00.000Z",
          storeIds: [randomUUID()],
        },
      ],
    };
    const res = await save(version, bad);
    expect(res.status).toBe(422);
    const issues = (res.body as { error: { code: string; issues: { code: string; field: string; params?: object }[] } }).error;
    expect(issues.code).toBe("programme_invalid");
    expect(issues.issues).toEqual(
      expect.arrayContaining([
        { code: "earn_rate_range", field: "earnRule.vndPerPoint", params: { min: 100, max: 1_000_000 } },
        { code: "max_bill_range", field: "earnRule.maxBillVnd", params: { min: 10_000, max: 10_000_000_000 } },
        { code: "lot_validity_range", field: "lotValidityMonths", params: { min: 1, max: 60 } },
        { code: "profile_bonus_range", field: "profileBonusPoints", params: { min: 0, max: 100_000 } },
        { code: "threshold_not_ascending", field: "tierRules.tiers.2.thresholdVnd", params: { previous: "silver" } },
        { code: "earn_bps_invalid", field: "tierRules.tiers.2.earnBps", params: { min: 10_000, max: 100_000 } },
        { code: "promotion_bps_invalid", field: "promotions.0.bps", params: { min: 10_000, max: 100_000 } },
        { code: "promotion_window_invalid", field: "promotions.0.endsAt" },
        { code: "promotion_store_unknown", field: "promotions.0.storeIds" },
      ]),
    );
    // A shape error (a string for a number) is a 400 at the field, never a 5xx.
    const shape = await api.call("PUT", "/console/programme", {
      token: manager,
      body: { basedOnVersion: version, settings: { ...settings, lotValidityMonths: "12" } },
    });
    expect(shape.status).toBe(400);
    expect((await read()).version).toBe(version);
    expect(await versions()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it("a save is a new version with who and when, audited; the same settings again make none; a stale version is a typed conflict", async () => {
    const { version, settings } = await plain();
    const at = api.clock.now();
    const res = await save(version, { ...settings, profileBonusPoints: 80 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const saved = await read();
    expect(saved).toMatchObject({ version: version + 1, changedAt: new Date(at).toISOString(), changedBy: expect.any(String) });
    expect(saved.history[0]).toMatchObject({ version: version + 1, changed: ["profileBonusPoints"] });
    const [audit] = (await audits()).slice(-1);
    expect(audit).toMatchObject({ subjectId: brandId, detail: { version: version + 1 } });
    expect(String(audit!.detail!.changed)).toContain("profileBonusPoints");

    // The same again: nothing recorded.
    expect((await save(version + 1, saved.settings)).status).toBe(200);
    expect(await versions()).toHaveLength(version + 1);

    // Another manager saved meanwhile: the first one's save from the old version is refused.
    const other = await consoleSession(api, "admin");
    expect((await save(version + 1, { ...saved.settings, profileBonusPoints: 90 }, other)).status).toBe(200);
    const stale = await save(version + 1, { ...saved.settings, profileBonusPoints: 100 });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: "programme_version_conflict", params: { current: version + 2 } } } });
    expect((await read()).settings.profileBonusPoints).toBe(90);
    expect(await audits()).toHaveLength(version + 2);
    // The bonus on offer in the Mini App is the one in force.
    const member = await makeMember(api);
    expect((await api.ok(preferenceEndpoints.myPreferences, { token: member.session.accessToken })).body.bonus.points).toBe(90);
  });

  it("an earn before the change keeps its points and its lot's expiry; the next earn follows the new rate, expiry and tiers", async () => {
    const shopper = await makeMember(api);
    const before = await earnFor(shopper, 350_000);
    expect(before).toMatchObject({ basePoints: 35, points: 35, tier: "member" });
    const { version, settings } = await plain();

    // The preview says what the change does, with the same functions the earn uses.
    const next: ProgrammeSettings = {
      ...settings,
      earnRule: { ...settings.earnRule, vndPerPoint: 5_000 },
      lotValidityMonths: 6,
      tierRules: {
        ...settings.tierRules,
        tiers: settings.tierRules.tiers.map((t) =>
          t.code === "silver" ? { ...t, thresholdVnd: 500_000, name: { vi: "Hạng Bạc mới", en: "New Silver" } } : t,
        ),
      },
    };
    const preview = await api.ok(programmeEndpoints.previewProgramme, { token: manager, body: { settings: next, billVnd: 350_000 } });
    expect(preview.body.earn[0]).toEqual({ tier: "member", before: 35, after: 70 });
    expect(preview.body.earn[1]).toEqual({ tier: "silver", before: 42, after: 84 });
    expect(preview.body.lotExpiresAt.after).toBe(new Date(lotExpiresAt(api.clock.now(), 6)).toISOString());
    // Seeded members who spent 500,000 ₫ or more would go up to silver (at their next earn); none down.
    expect(preview.body.tierMoves.every((m) => m.from === "member" && m.to === "silver")).toBe(true);
    expect(preview.body.up).toBe(preview.body.tierMoves.reduce((n, m) => n + m.members, 0));
    expect(preview.body.down).toBe(0);
    const marketer = await consoleSession(api, "marketer");
    expect(
      (await api.ok(programmeEndpoints.previewProgramme, { token: marketer, body: { settings: next, billVnd: 350_000 } })).status,
    ).toBe(200);
    expect((await save(version, next)).status).toBe(200);

    const after = await earnFor(shopper, 350_000);
    // 5,000 ₫ a point; 700,000 ₫ in the window now passes the new 500,000 ₫ silver threshold,
    // so the member goes up (the bill itself earns at the tier they had when it was rung up).
    expect(after).toMatchObject({ basePoints: 70, points: 70, tier: "silver" });
    expect((await earnFor(shopper, 350_000)).points).toBe(84);
    const entries = await api.database.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.memberId, shopper.card.memberId))
      .orderBy(asc(ledgerEntries.seq));
    expect(entries.map((e) => e.points)).toEqual([35, 70, 84]);
    const lots = await api.database.db
      .select()
      .from(pointLots)
      .where(eq(pointLots.memberId, shopper.card.memberId))
      .orderBy(asc(pointLots.earnedAt));
    expect(lots.map((l) => l.original)).toEqual([35, 70, 84]);
    expect(lots[0]!.expiresAt.getTime()).toBe(lotExpiresAt(lots[0]!.earnedAt.getTime(), 12));
    expect(lots[1]!.expiresAt.getTime()).toBe(lotExpiresAt(lots[1]!.earnedAt.getTime(), 6));
    // The shopper's tier card reads the names in force.
    const summary = await api.ok(loyaltyEndpoints.summary, { token: await shopper.signIn() });
    expect(summary.body.tier).toMatchObject({ code: "silver", name: "Hạng Bạc mới" });

    // Raising the threshold again counts the members who would go down, and moves nobody now.
    const { version: v2, settings: s2 } = await plain();
    const higher = {
      ...s2,
      tierRules: { ...s2.tierRules, tiers: s2.tierRules.tiers.map((t) => (t.code === "silver" ? { ...t, thresholdVnd: 2_000_000 } : t)) },
    };
    const p2 = await api.ok(programmeEndpoints.previewProgramme, { token: manager, body: { settings: higher, billVnd: 350_000 } });
    expect(p2.body.tierMoves).toContainEqual({ from: "silver", to: "member", members: 1 });
    expect(p2.body.down).toBeGreaterThanOrEqual(1);
    expect((await save(v2, higher)).status).toBe(200);
    const [m] = await api.database.db.select({ tier: members.tier }).from(members).where(eq(members.id, shopper.card.memberId));
    expect(m!.tier).toBe("silver");
  });

  it("tiers are added and removed: at least one, thresholds ascending; a removed tier's members move at the save to the tier their spend gives, as previewed", async () => {
    const { version, settings } = await plain();
    const tiers = settings.tierRules.tiers;
    const withTiers = (list: ProgrammeSettings["tierRules"]["tiers"]) => ({
      ...settings,
      tierRules: { ...settings.tierRules, tiers: list },
    });
    const refused = async (list: ProgrammeSettings["tierRules"]["tiers"]) => {
      const res = await save(version, withTiers(list));
      expect(res.status).toBe(422);
      return (res.body as { error: { code: string; issues: { code: string; field: string }[] } }).error;
    };
    expect((await refused([])).issues).toContainEqual(expect.objectContaining({ code: "no_tiers", field: "tierRules.tiers" }));
    const swapped = tiers.map((t) => (t.code === "gold" ? { ...t, thresholdVnd: 1_000_000 } : t));
    expect((await refused(swapped)).issues).toContainEqual(
      expect.objectContaining({ code: "threshold_not_ascending", field: "tierRules.tiers.2.thresholdVnd" }),
    );

    // Two gold members: one whose spend now qualifies for silver, one who spent nothing.
    const silverThreshold = tiers.find((t) => t.code === "silver")!.thresholdVnd;
    const spender = await makeMember(api);
    await earnFor(spender, silverThreshold + 100_000);
    const idle = await makeMember(api);
    const ids = [spender.card.memberId, idle.card.memberId];
    for (const id of ids)
      await api.database.db
        .update(members)
        .set({ tier: "gold", tierPendingSince: new Date(api.clock.now()) })
        .where(eq(members.id, id));

    const tierOf = async (id: string) =>
      (await api.database.db.select({ tier: members.tier, pending: members.tierPendingSince }).from(members).where(eq(members.id, id)))[0];
    // Rewards limited to gold (the seed's, one for gold alone): the preview names them, and the
    // save is refused naming each, with nothing changed, until their tiers no longer say gold.
    const goldOnly = await makeReward(api, { eligibleTiers: ["gold"] }, manager);
    const limited = (await api.ok(loyaltyEndpoints.listRewards, { token: manager })).body.items.filter((r) =>
      r.eligibleTiers?.includes("gold"),
    );
    expect(limited.length).toBeGreaterThanOrEqual(1);
    const withoutGold = withTiers(tiers.filter((t) => t.code !== "gold"));
    const preview = await api.ok(programmeEndpoints.previewProgramme, {
      token: manager,
      body: { settings: withoutGold, billVnd: 350_000 },
    });
    expect(preview.body.tierMoves).toContainEqual({ from: "gold", to: "silver", members: 1 });
    expect(preview.body.tierMoves).toContainEqual({ from: "gold", to: "member", members: 1 });
    expect(preview.body.tierRewards.count).toBe(limited.length);
    expect(preview.body.tierRewards.rewards).toContainEqual({ id: goldOnly.id, name: goldOnly.name });
    const inUse = await save(version, withoutGold);
    expect(inUse.status).toBe(409);
    const error = (inUse.body as { error: { code: string; params: object; issues: object[] } }).error;
    expect(error).toMatchObject({ code: "programme_tier_in_use", params: { count: limited.length } });
    expect(error.issues).toHaveLength(limited.length);
    expect(error.issues).toContainEqual({
      code: "tier_has_rewards",
      field: "tierRules.tiers",
      params: { reward: goldOnly.name, rewardId: goldOnly.id, tiers: "gold" },
    });
    expect((await read()).version).toBe(version);
    expect(await tierOf(idle.card.memberId)).toEqual({ tier: "gold", pending: expect.any(Date) });
    for (const r of limited)
      await api.ok(loyaltyEndpoints.updateReward, {
        token: manager,
        params: { rewardId: r.id },
        body: { eligibleTiers: r.eligibleTiers!.length > 1 ? r.eligibleTiers!.filter((c) => c !== "gold") : ["diamond"] },
      });
    expect((await save(version, withoutGold)).status).toBe(200);
    expect(await tierOf(spender.card.memberId)).toEqual({ tier: "silver", pending: null });
    expect(await tierOf(idle.card.memberId)).toEqual({ tier: "member", pending: null });
    expect((await read()).settings.tierRules.tiers.map((t) => t.code)).toEqual(["member", "silver", "diamond"]);
    // Gold gone: a reward cannot be limited to it again, on create or on edit; nothing changes.
    const notInProgramme = async (res: { status: number; body: unknown }) => {
      expect(res.status).toBe(400);
      expect((res.body as { error: object }).error).toMatchObject({
        code: "invalid_request",
        issues: [{ code: "tier_not_in_programme", field: "eligibleTiers", params: { tiers: "gold" } }],
      });
    };
    const rewardCount = (await api.ok(loyaltyEndpoints.listRewards, { token: manager })).body.items.length;
    await notInProgramme(
      await api.call("POST", "/console/rewards", {
        token: manager,
        body: { name: "Gold only", pointsCost: 10, eligibleTiers: ["silver", "gold"] },
      }),
    );
    await notInProgramme(
      await api.call("PATCH", `/console/rewards/${goldOnly.id}`, { token: manager, body: { eligibleTiers: ["gold"], pointsCost: 7 } }),
    );
    const rewardsNow = (await api.ok(loyaltyEndpoints.listRewards, { token: manager })).body.items;
    expect(rewardsNow).toHaveLength(rewardCount);
    expect(rewardsNow.find((r) => r.id === goldOnly.id)).toMatchObject({ eligibleTiers: ["diamond"], pointsCost: goldOnly.pointsCost });
    // Both saves happen at the same test-clock instant: each audit row is found by its version.
    const auditOf = async (v: number) => (await audits()).find((a) => a.detail!.version === v)!.detail;
    expect(await auditOf(version + 1)).toMatchObject({ tiers: "member,silver,diamond", membersMoved: 2 });

    // Added back (between silver and diamond): a new version; nobody moves now.
    expect((await save(version + 1, withTiers(tiers))).status).toBe(200);
    expect((await read()).settings.tierRules.tiers.map((t) => t.code)).toEqual(["member", "silver", "gold", "diamond"]);
    expect(await auditOf(version + 2)).toMatchObject({ membersMoved: 0 });
    expect((await tierOf(spender.card.memberId))!.tier).toBe("silver");
  });

  it("a promotion for one store multiplies earns there inside its window only", async () => {
    const shopper = await makeMember(api);
    const { version, settings } = await plain();
    const now = api.clock.now();
    const promo = {
      id: randomUUID(),
      name: "Khai trương",
      bps: 20_000,
      startsAt: new Date(now + 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      storeIds: [store.id],
    };
    expect(
      (await save(version, { ...settings, earnRule: { ...settings.earnRule, vndPerPoint: 10_000 }, promotions: [promo] })).status,
    ).toBe(200);
    expect((await read()).settings.promotions).toEqual([promo]);
    const early = await earnFor(shopper, 100_000);
    expect(early.points).toBe(10);
    api.clock.advance(120_000);
    const inside = await earnFor(shopper, 100_000);
    expect(inside.points).toBe(20);
  });
});
