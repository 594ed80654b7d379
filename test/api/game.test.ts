/**
 * The lucky wheel through the HTTP API (issue 14): the Games view, a spin and its resend, no
 * plays left, the budget said before a play, gates, plays bought with points and earned by
 * actions, a voucher prize, hostile input (4xx, nothing written). Every test ends with the draw
 * log replaying through the domain and the ledger balanced.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gameEndpoints } from "../../src/contract/endpoints/game";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import { gameCampaigns, gameDays, gameDraws, gamePlayGrants, ledgerEntries, vouchers } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { answerProfile, consoleSession, importedEarn, makeMember, makeReward, makeStore, type TestStore } from "../support/factories";
import { expectGameInvariants, makeCampaign, nothing, points, voucher } from "../support/game";
import { expectLedgerInvariants } from "../support/loyalty";
import { testSurveyDefinition } from "../support/survey-definition";

const DAY = 86_400_000;

describe("lucky wheel API", () => {
  let api: TestApi;
  let store: TestStore;

  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api);
  });
  afterEach(async () => {
    await expectGameInvariants(api.database);
    await expectLedgerInvariants(api.database);
  });
  afterAll(() => api.close());

  const tableCounts = async () => {
    const db = api.database.db;
    const [[d], [l], [g]] = await Promise.all([
      db.select({ n: count() }).from(gameDraws),
      db.select({ n: count() }).from(ledgerEntries),
      db.select({ n: count() }).from(gamePlayGrants),
    ]);
    return { draws: d!.n, ledger: l!.n, grants: g!.n };
  };

  it("a spin credits the drawn points through the ledger; a resend answers the same draw", async () => {
    const campaign = await makeCampaign(api, { segments: [points("p10", 10, 1), nothing("none", 0)] });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const games = await api.ok(gameEndpoints.myGames, { token });
    const view = games.body.campaigns.find((c) => c.campaignId === campaign.id)!;
    expect(view).toMatchObject({ runState: "running", blockedBy: null, budget: { state: "open" }, plays: { free: 1, total: 1 } });
    expect(view.segments.map((s) => s.id)).toEqual(["p10", "none"]);

    const params = { campaignId: campaign.id };
    const first = await api.ok(gameEndpoints.spin, { token, params, body: { idempotencyKey: "spin-0001" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ segmentIndex: 0, segmentId: "p10", pointsWon: 10, balance: 10, voucher: null, replayed: false });
    expect(first.body.plays).toMatchObject({ free: 0, total: 0 });
    const [entry] = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, m.card.memberId));
    expect(entry).toMatchObject({ kind: "game_prize", actorKind: "game", points: 10, reason: campaign.config.name.vi });

    const before = await tableCounts();
    const again = await api.ok(gameEndpoints.spin, { token, params, body: { idempotencyKey: "spin-0001" } });
    expect(again.status).toBe(200);
    expect({ ...again.body, replayed: false }).toEqual(first.body);
    expect(again.body.replayed).toBe(true);
    expect(await tableCounts()).toEqual(before);

    // The same key for another campaign is another request: refused, not a second draw.
    const other = await makeCampaign(api, { segments: [points("p10", 10, 1), nothing("none", 1)] });
    const conflict = await api.refused(gameEndpoints.spin, {
      token,
      params: { campaignId: other.id },
      body: { idempotencyKey: "spin-0001" },
    });
    expect(conflict.body.error.code).toBe("idempotency_conflict");
  });

  it("no plays left: a clear 409 and nothing changes", async () => {
    const campaign = await makeCampaign(api, { segments: [points("p5", 5, 1), nothing("none", 1)] });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const params = { campaignId: campaign.id };
    await api.ok(gameEndpoints.spin, { token, params, body: { idempotencyKey: "first-spin" } });
    const before = await tableCounts();
    const [counters] = await api.database.db.select().from(gameCampaigns).where(eq(gameCampaigns.id, campaign.id));
    const res = await api.refused(gameEndpoints.spin, { token, params, body: { idempotencyKey: "second-spin" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("game_no_plays_left");
    expect(await tableCounts()).toEqual(before);
    const [after] = await api.database.db.select().from(gameCampaigns).where(eq(gameCampaigns.id, campaign.id));
    expect(after).toEqual(counters);
    const view = (await api.ok(gameEndpoints.myGames, { token })).body.campaigns.find((c) => c.campaignId === campaign.id)!;
    expect(view.blockedBy).toBe("game_no_plays_left");

    // A new Vietnam day brings a new free play: 23:59:59 → 00:00 in UTC+7 (17:00Z).
    const nextMidnightVn = Math.ceil((api.clock.now() + 7 * 3_600_000) / DAY) * DAY - 7 * 3_600_000;
    api.clock.set(nextMidnightVn - 1);
    const later = await m.signIn();
    expect((await api.refused(gameEndpoints.spin, { token: later, params, body: { idempotencyKey: "third-spin" } })).body.error.code).toBe(
      "game_no_plays_left",
    );
    api.clock.set(nextMidnightVn);
    expect((await api.ok(gameEndpoints.spin, { token: later, params, body: { idempotencyKey: "third-spin" } })).status).toBe(201);
  });

  it("the budget is said before a play is spent: a win cap reached refuses the spin and keeps the play", async () => {
    const campaign = await makeCampaign(api, {
      segments: [points("p50", 50, 1), nothing("none", 0)],
      caps: { winsPerDay: 1, winsPerCampaign: null, pointsPerDay: null, playsPerMemberPerDay: null, winsPerMemberPerCampaign: null },
    });
    const a = await makeMember(api);
    const b = await makeMember(api);
    const params = { campaignId: campaign.id };
    await api.ok(gameEndpoints.spin, { token: a.session.accessToken, params, body: { idempotencyKey: "cap-a-0001" } });
    const view = (await api.ok(gameEndpoints.myGames, { token: b.session.accessToken })).body.campaigns.find(
      (c) => c.campaignId === campaign.id,
    )!;
    expect(view.budget).toEqual({ state: "spent", scope: "day", reason: "win_cap_day" });
    expect(view.blockedBy).toBe("game_budget_spent");
    expect(view.plays.total).toBe(1);
    const res = await api.refused(gameEndpoints.spin, { token: b.session.accessToken, params, body: { idempotencyKey: "cap-b-0001" } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "game_budget_spent", params: { scope: "day", reason: "win_cap_day" } });
    const [day] = await api.database.db.select().from(gameDays).where(eq(gameDays.campaignId, campaign.id));
    expect(day).toMatchObject({ spins: 1, wins: 1, points: 50 });
  });

  it("gates: a tier below the minimum and a missing consent are refused with the gate; paused and out-of-window campaigns too", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const gold = await makeCampaign(api, { gates: { minTier: "gold", minPurchases: 0, consentPurpose: null, storeIds: null } });
    const res = await api.refused(gameEndpoints.spin, { token, params: { campaignId: gold.id }, body: { idempotencyKey: "gate-tier" } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "game_not_eligible", params: { gate: "min_tier" } });
    const consent = await makeCampaign(api, { gates: { minTier: null, minPurchases: 0, consentPurpose: "zns_promo", storeIds: null } });
    const res2 = await api.refused(gameEndpoints.spin, {
      token,
      params: { campaignId: consent.id },
      body: { idempotencyKey: "gate-cons" },
    });
    expect(res2.body.error).toMatchObject({ code: "game_not_eligible", params: { gate: "consent" } });
    const buyers = await makeCampaign(api, { gates: { minTier: null, minPurchases: 1, consentPurpose: null, storeIds: [store.id] } });
    const res3 = await api.refused(gameEndpoints.spin, { token, params: { campaignId: buyers.id }, body: { idempotencyKey: "gate-buys" } });
    expect(res3.body.error).toMatchObject({ code: "game_not_eligible", params: { gate: "min_purchases" } });
    await importedEarn(api, { memberId: m.card.memberId, storeId: store.id, receiptNo: "G-1", billVnd: 50_000 });
    expect(
      (await api.ok(gameEndpoints.spin, { token, params: { campaignId: buyers.id }, body: { idempotencyKey: "gate-buys" } })).status,
    ).toBe(201);

    const paused = await makeCampaign(api, {}, "paused");
    expect(
      (await api.refused(gameEndpoints.spin, { token, params: { campaignId: paused.id }, body: { idempotencyKey: "gate-paused" } })).body
        .error.code,
    ).toBe("game_not_running");
    const later = await makeCampaign(api, { startsAt: api.clock.now() + DAY, endsAt: api.clock.now() + 2 * DAY });
    expect(
      (await api.refused(gameEndpoints.spin, { token, params: { campaignId: later.id }, body: { idempotencyKey: "gate-later" } })).body
        .error,
    ).toMatchObject({ code: "game_out_of_window", params: { when: "not_started" } });
    const draft = await makeCampaign(api, {}, "draft");
    expect((await api.refused(gameEndpoints.gameRules, { token, params: { campaignId: draft.id } })).status).toBe(404);
  });

  it("the store gate alone: a member who bought only at another store is refused with it; one who bought at an allowed store plays", async () => {
    const other = await makeStore(api);
    const local = await makeCampaign(api, { gates: { minTier: null, minPurchases: 0, consentPurpose: null, storeIds: [store.id] } });
    const params = { campaignId: local.id };
    const [elsewhere, here] = [await makeMember(api), await makeMember(api)];
    await importedEarn(api, { memberId: elsewhere.card.memberId, storeId: other.id, receiptNo: "ST-1", billVnd: 50_000 });
    await importedEarn(api, { memberId: here.card.memberId, storeId: store.id, receiptNo: "ST-2", billVnd: 50_000 });
    const before = await tableCounts();
    const res = await api.refused(gameEndpoints.spin, {
      token: elsewhere.session.accessToken,
      params,
      body: { idempotencyKey: "gate-store-1" },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "game_not_eligible", params: { gate: "stores" } });
    expect(await tableCounts()).toEqual(before);
    const view = (await api.ok(gameEndpoints.myGames, { token: elsewhere.session.accessToken })).body.campaigns.find(
      (c) => c.campaignId === local.id,
    );
    expect(view).toMatchObject({ failedGate: "stores", blockedBy: "game_not_eligible" });
    expect(
      (await api.ok(gameEndpoints.spin, { token: here.session.accessToken, params, body: { idempotencyKey: "gate-store-2" } })).status,
    ).toBe(201);
  });

  it("rules: each prize's probability after stock, the stock left, the registration number and the rules text", async () => {
    const campaign = await makeCampaign(api, {
      segments: [points("p10", 10, 3, 5), points("p99", 99, 1, 0), nothing("none", 1)],
      registrationNumber: "0123/KM-SCT",
    });
    const m = await makeMember(api);
    const rules = await api.ok(gameEndpoints.gameRules, { token: m.session.accessToken, params: { campaignId: campaign.id } });
    expect(rules.body.prizes.map((p) => [p.id, p.probability, p.stockLeft, p.blocked])).toEqual([
      ["p10", { numerator: 3, denominator: 4, percent: 75 }, 5, null],
      ["p99", { numerator: 0, denominator: 4, percent: 0 }, 0, "out_of_stock"],
      ["none", { numerator: 1, denominator: 4, percent: 25 }, null, null],
    ]);
    expect(rules.body).toMatchObject({
      registrationNumber: "0123/KM-SCT",
      rulesText: campaign.config.rulesText,
      timeZone: "Asia/Ho_Chi_Minh",
    });
  });

  it("a play bought with points (idempotent), never when the campaign sells none", async () => {
    const campaign = await makeCampaign(api, { segments: [points("p5", 5, 1), nothing("none", 1)], playPricePoints: 20 });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    await importedEarn(api, { memberId: m.card.memberId, storeId: store.id, receiptNo: "BUY-1", billVnd: 300_000 });
    const params = { campaignId: campaign.id };
    const bought = await api.ok(gameEndpoints.buyPlay, { token, params, body: { idempotencyKey: "buy-0001" } });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ balance: 10, pointsSpent: 20, plays: { free: 1, extra: 1, total: 2 }, replayed: false });
    const again = await api.ok(gameEndpoints.buyPlay, { token, params, body: { idempotencyKey: "buy-0001" } });
    expect(again.body).toMatchObject({ balance: 10, replayed: true });
    const poor = await api.refused(gameEndpoints.buyPlay, { token, params, body: { idempotencyKey: "buy-0002" } });
    expect(poor.body.error.code).toBe("insufficient_points");
    const [debitEntry] = await api.database.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.idempotencyKey, `game-play:${m.card.memberId}:buy-0001`));
    expect(debitEntry).toMatchObject({ kind: "redeem", points: -20, voucherId: null, actorKind: "member" });

    const free = await makeCampaign(api, { playPricePoints: null });
    const res = await api.refused(gameEndpoints.buyPlay, { token, params: { campaignId: free.id }, body: { idempotencyKey: "buy-0003" } });
    expect(res.body.error.code).toBe("game_play_not_for_sale");
  });

  it("extra plays from actions: a purchase over the amount (once per purchase) and following the OA (once)", async () => {
    const campaign = await makeCampaign(api, {
      segments: [points("p5", 5, 1), nothing("none", 1)],
      extraPlays: { profile_completed: 0, survey_answered: 0, followed_oa: 2, purchase_over_amount: 1 },
      purchaseMinVnd: 200_000,
    });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const playsOf = async () =>
      (await api.ok(gameEndpoints.myGames, { token })).body.campaigns.find((c) => c.campaignId === campaign.id)!.plays;
    expect(await playsOf()).toMatchObject({ extra: 0 });
    await importedEarn(api, { memberId: m.card.memberId, storeId: store.id, receiptNo: "SMALL-1", billVnd: 199_000, at: api.clock.now() });
    await importedEarn(api, { memberId: m.card.memberId, storeId: store.id, receiptNo: "BIG-1", billVnd: 250_000, at: api.clock.now() });
    // A purchase before the campaign started grants nothing.
    await importedEarn(api, {
      memberId: m.card.memberId,
      storeId: store.id,
      receiptNo: "OLD-1",
      billVnd: 900_000,
      at: api.clock.now() - DAY,
    });
    expect(await playsOf()).toMatchObject({ extra: 1 });
    expect(await playsOf()).toMatchObject({ extra: 1 });
    const followed = await api.ok(gameEndpoints.followedOa, { token });
    expect(followed.body.granted).toContainEqual({ campaignId: campaign.id, plays: 2 });
    const twice = await api.ok(gameEndpoints.followedOa, { token });
    expect(twice.body.granted.find((g) => g.campaignId === campaign.id)).toBeUndefined();
    expect(await playsOf()).toMatchObject({ free: 1, extra: 3, total: 4 });
    const view = (await api.ok(gameEndpoints.myGames, { token })).body.campaigns.find((c) => c.campaignId === campaign.id)!;
    expect(view.grantedOnce).toEqual(["followed_oa"]);
  });

  it("extra plays from completing the profile and answering a survey over HTTP: granted once each, then spent", async () => {
    const campaign = await makeCampaign(api, {
      segments: [points("p5", 5, 1), nothing("none", 1)],
      extraPlays: { profile_completed: 1, survey_answered: 2, followed_oa: 0, purchase_over_amount: 0 },
    });
    const manager = await consoleSession(api, "manager");
    const survey = await api.ok(surveyEndpoints.createSurvey, {
      token: manager,
      // The domain definition holds dates as numbers, the request as strings: none here.
      body: { ...testSurveyDefinition("csat", {}), touchpoint: "in_store", startsAt: null, endsAt: null },
    });
    const surveyId = survey.body.id;
    await api.ok(surveyEndpoints.activateSurvey, { token: manager, params: { surveyId } });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const view = async () => (await api.ok(gameEndpoints.myGames, { token })).body.campaigns.find((c) => c.campaignId === campaign.id)!;
    expect((await view()).plays).toMatchObject({ extra: 0 });

    // The profile, completed then completed again (answers changed): one play.
    await answerProfile(api, token);
    expect((await view()).plays).toMatchObject({ free: 1, extra: 1 });
    await answerProfile(api, token);
    // The survey, answered then the answer changed (the same answer, superseded): two plays, once.
    const answer = (score: number, clientAnswerId: string) =>
      api.ok(surveyEndpoints.answer, { token, params: { surveyId }, body: { score, clientAnswerId } });
    expect((await answer(4, "game-survey-1")).status).toBe(201);
    expect((await answer(5, "game-survey-2")).body).toMatchObject({ changed: true });
    const granted = await view();
    expect(granted.plays).toMatchObject({ free: 1, extra: 3, total: 4 });
    expect(granted.grantedOnce).toEqual(["profile_completed"]);
    const grants = await api.database.db
      .select()
      .from(gamePlayGrants)
      .where(and(eq(gamePlayGrants.memberId, m.card.memberId), eq(gamePlayGrants.campaignId, campaign.id)));
    expect(grants.map((g) => [g.source, g.plays]).sort()).toEqual([
      ["profile_completed", 1],
      ["survey_answered", 2],
    ]);

    // Spent like any play: four spins, then none left.
    const params = { campaignId: campaign.id };
    for (let i = 1; i <= 4; i++) await api.ok(gameEndpoints.spin, { token, params, body: { idempotencyKey: `earned-spin-${i}` } });
    const spent = await api.refused(gameEndpoints.spin, { token, params, body: { idempotencyKey: "earned-spin-5" } });
    expect(spent.body.error.code).toBe("game_no_plays_left");
    const draws = await api.database.db.select().from(gameDraws).where(eq(gameDraws.memberId, m.card.memberId));
    expect(draws).toHaveLength(4);
    await api.ok(surveyEndpoints.archiveSurvey, { token: manager, params: { surveyId } });
  });

  it("a voucher prize is issued from the reward's stock and listed in My vouchers", async () => {
    const reward = await makeReward(api, { stock: 5 });
    const campaign = await makeCampaign(api, { segments: [voucher("v", reward.id, 1, 3), nothing("none", 0)] });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const res = await api.ok(gameEndpoints.spin, { token, params: { campaignId: campaign.id }, body: { idempotencyKey: "voucher-01" } });
    expect(res.body.voucher).toMatchObject({ rewardId: reward.id, rewardName: reward.name, status: "issued" });
    expect(res.body.prize).toMatchObject({ prize: "reward", rewardName: reward.name });
    const mine = await api.ok(loyaltyEndpoints.myVouchers, { token });
    expect(mine.body.items.map((v) => v.id)).toContain(res.body.voucher!.id);
  });

  it("privacy: the export lists the member's draws and plays; deletion keeps them anonymised like the ledger and voids game vouchers", async () => {
    const reward = await makeReward(api, { stock: 5 });
    const campaign = await makeCampaign(api, {
      segments: [voucher("v", reward.id, 1), points("p10", 10, 1), nothing("none", 0)],
      freePlaysPerDay: 3,
      extraPlays: { profile_completed: 0, survey_answered: 0, followed_oa: 1, purchase_over_amount: 0 },
    });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    await api.ok(gameEndpoints.followedOa, { token });
    const params = { campaignId: campaign.id };
    for (const key of ["privacy-01", "privacy-02", "privacy-03"])
      await api.ok(gameEndpoints.spin, { token, params, body: { idempotencyKey: key } });
    const data = (await api.ok(preferenceEndpoints.exportData, { token })).body;
    expect(data.gameDraws).toHaveLength(3);
    expect(data.gameDraws[0]).toMatchObject({
      campaign: campaign.config.name.vi,
      play: "free",
      kind: expect.stringMatching(/^(reward|points)$/),
    });
    // Following the OA granted plays in every running campaign that grants some (earlier tests' too).
    expect(data.gamePlays).toContainEqual(expect.objectContaining({ campaign: campaign.config.name.vi, source: "followed_oa", plays: 1 }));

    await api.ok(preferenceEndpoints.erase, { token, body: { confirm: true } });
    const kept = await api.database.db.select().from(gameDraws).where(eq(gameDraws.memberId, m.card.memberId));
    expect(kept).toHaveLength(3);
    const mine = await api.database.db.select().from(vouchers).where(eq(vouchers.memberId, m.card.memberId));
    expect(mine.every((v) => v.status === "void")).toBe(true);
    // A deleted member cannot spin again with the old session.
    expect(
      (await api.call("POST", `/members/me/games/${campaign.id}/spins`, { token, body: { idempotencyKey: "privacy-04" } })).status,
    ).toBe(401);
  });

  it("hostile input: 4xx with a code, never 5xx, nothing written", async () => {
    const campaign = await makeCampaign(api);
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const before = await tableCounts();
    const path = `/members/me/games/${campaign.id}/spins`;
    const bodies: unknown[] = [
      {},
      { idempotencyKey: 12345678 },
      { idempotencyKey: "short" },
      { idempotencyKey: "x".repeat(101) },
      { idempotencyKey: "bad\u0000key-000" },
      { idempotencyKey: "lone\ud800surrogate" },
      { idempotencyKey: ["spin-0001"] },
      null,
      "spin",
      { idempotencyKey: "9".repeat(400) },
    ];
    for (const body of bodies) {
      const res = await api.call("POST", path, { token, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "1e309"]) {
      const res = await api.call("POST", `/members/me/games/${id}/spins`, { token, body: { idempotencyKey: "hostile-01" } });
      expect([400, 404], id).toContain(res.status);
    }
    const raw = await api.call("POST", path, { token, rawBody: '{"idempotencyKey":', headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(400);
    expect((await api.call("POST", path, { body: { idempotencyKey: "no-token-01" } })).status).toBe(401);
    expect(await tableCounts()).toEqual(before);
  });

  it("the demo seed has a running wheel of 8 segments with a voucher, stock, caps, rules and a registration number", async () => {
    const m = await makeMember(api);
    api.clock.set(Date.now());
    const games = await api.ok(gameEndpoints.myGames, { token: await m.signIn() });
    const demo = games.body.campaigns.find((c) => c.name.vi === "Vòng quay Cà Phê Mây")!;
    expect(demo.segments).toHaveLength(8);
    expect(demo.segments.filter((s) => s.prize === "reward")).toHaveLength(1);
    expect(demo.segments.some((s) => s.label.vi === "Chúc may mắn lần sau")).toBe(true);
    const rules = await api.ok(gameEndpoints.gameRules, { token: await m.signIn(), params: { campaignId: demo.campaignId } });
    expect(rules.body.registrationNumber).toBeTruthy();
    expect(rules.body.caps.pointsPerDay).toBeGreaterThan(0);
    expect(rules.body.prizes.reduce((sum, p) => sum + p.probability.numerator, 0)).toBe(rules.body.prizes[0]!.probability.denominator);
  });
});
