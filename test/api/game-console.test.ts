/**
 * Wheel campaigns in the console through HTTP (issue 14): who may do what, validation codes,
 * versions (a running campaign's odds change is a new version; draws keep theirs), pause and
 * resume as members see them, results against a small hand-computed dataset, and the draw log
 * CSV replayed row by row through the domain.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gameConsoleEndpoints, gameEndpoints } from "../../src/contract/endpoints/game";
import { GameCampaignInput } from "../../src/contract/game";
import { defaultWheelCampaign } from "../../src/domain/game/defaults";
import { replayDraw } from "../../src/domain/game/draw";
import type { WheelCampaignConfig, WheelSegment } from "../../src/domain/game/wheel";
import { auditEvents, gameCampaignVersions, gameDraws, loyaltySettings } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { parseCsv } from "../support/csv";
import { consoleSession, makeMember, makeReward, testBrand } from "../support/factories";
import { expectGameInvariants, nothing, points } from "../support/game";
import { expectLedgerInvariants } from "../support/loyalty";

const HOUR = 3_600_000;

describe("wheel campaigns in the console", () => {
  let api: TestApi;
  let manager: string;
  let marketer: string;

  beforeAll(async () => {
    api = await testApi();
    manager = await consoleSession(api, "manager");
    marketer = await consoleSession(api, "marketer");
  });
  afterEach(async () => {
    await expectGameInvariants(api.database);
    await expectLedgerInvariants(api.database);
  });
  afterAll(() => api.close());

  const input = (over: Partial<WheelCampaignConfig> = {}): GameCampaignInput => {
    const base = defaultWheelCampaign(api.clock.now() - HOUR);
    const config: WheelCampaignConfig = {
      ...base,
      caps: { winsPerDay: null, winsPerCampaign: null, pointsPerDay: null, playsPerMemberPerDay: null, winsPerMemberPerCampaign: null },
      extraPlays: { profile_completed: 0, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0 },
      ...over,
    };
    return { ...config, startsAt: new Date(config.startsAt).toISOString(), endsAt: new Date(config.endsAt).toISOString() };
  };
  const create = async (over: Partial<WheelCampaignConfig> = {}) =>
    (await api.ok(gameConsoleEndpoints.createGameCampaign, { token: manager, body: input(over) })).body;
  const published = async (over: Partial<WheelCampaignConfig> = {}) => {
    const c = await create(over);
    return (await api.ok(gameConsoleEndpoints.publishGameCampaign, { token: manager, params: { campaignId: c.id } })).body;
  };
  const spin = (token: string, campaignId: string, key: string) =>
    api.call("POST", `/members/me/games/${campaignId}/spins`, { token, body: { idempotencyKey: key } });
  // The contract's object drops what is not input (id, status, counters, versions).
  const editBody = (c: { version: number } & GameCampaignInput, over: Partial<GameCampaignInput>) => ({
    ...GameCampaignInput.parse(c),
    ...over,
    basedOnVersion: c.version,
  });

  it("managers create, edit and publish; marketers read and are refused every change", async () => {
    const created = await create();
    expect(created).toMatchObject({ status: "draft", version: 1, spins: 0, wins: 0 });
    expect(created.versions).toEqual([expect.objectContaining({ version: 1, createdBy: expect.any(String) })]);
    expect(created.stockLeft).toMatchObject({ p50: 1_000, p100: 200, none_a: null });
    const params = { campaignId: created.id };

    for (const endpoint of [gameConsoleEndpoints.listGameCampaigns, gameConsoleEndpoints.getGameCampaign, gameConsoleEndpoints.gameResults])
      await api.ok(endpoint, { token: marketer, params });
    await api.ok(gameConsoleEndpoints.previewGameOdds, { token: marketer, body: input() });
    const refusals = [
      await api.refused(gameConsoleEndpoints.createGameCampaign, { token: marketer, body: input() }),
      await api.refused(gameConsoleEndpoints.updateGameCampaign, { token: marketer, params, body: editBody(created, {}) }),
      await api.refused(gameConsoleEndpoints.publishGameCampaign, { token: marketer, params }),
      await api.refused(gameConsoleEndpoints.pauseGameCampaign, { token: marketer, params }),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual(Array(4).fill([403, "forbidden"]));
    // Members are no console users.
    const m = await makeMember(api);
    expect((await api.call("GET", "/console/games", { token: m.session.accessToken })).status).toBe(403);

    const list = await api.ok(gameConsoleEndpoints.listGameCampaigns, { token: marketer });
    expect(list.body.campaigns.map((c) => c.id)).toContain(created.id);

    const live = await api.ok(gameConsoleEndpoints.publishGameCampaign, { token: manager, params });
    expect(live.body.status).toBe("running");
    const again = await api.refused(gameConsoleEndpoints.publishGameCampaign, { token: manager, params });
    expect([again.status, again.body.error.code, again.body.error.params]).toEqual([409, "game_status_conflict", { status: "running" }]);
    expect((await api.refused(gameConsoleEndpoints.resumeGameCampaign, { token: manager, params })).body.error.code).toBe(
      "game_status_conflict",
    );

    const audit = await api.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    expect(audit.map((a) => [a.action, a.detail?.change])).toEqual([
      ["game_campaign_changed", "created"],
      ["game_campaign_changed", "publish"],
    ]);
  });

  it("refuses a campaign with problems with the domain's codes, and writes nothing", async () => {
    const before = (await api.ok(gameConsoleEndpoints.listGameCampaigns, { token: manager })).body.campaigns.length;
    const one = await api.refused(gameConsoleEndpoints.createGameCampaign, {
      token: manager,
      body: input({ segments: [points("p1", 1, 1)] }),
    });
    expect([one.status, one.body.error.code]).toEqual([422, "game_invalid"]);
    expect(one.body.error.issues).toContainEqual({ code: "segment_count", field: "segments", params: { min: 2, max: 12 } });

    const bad: WheelSegment = { ...points("p1", 0, -1), color: "red", label: { vi: "", en: "x" } };
    const many = await api.refused(gameConsoleEndpoints.createGameCampaign, {
      token: manager,
      body: input({ segments: [bad, nothing("none", 1)], endsAt: api.clock.now() - 2 * HOUR }),
    });
    expect(many.body.error.issues?.map((i) => `${i.field}:${i.code}`)).toEqual(
      expect.arrayContaining([
        "segments.0.color:color_format",
        "segments.0.value:value_range",
        "segments.0.weight:weight_range",
        "endsAt:window_order",
      ]),
    );

    // A reward that is not the brand's (a random id) is refused by the server, where only it can tell.
    const foreign: WheelSegment = { ...nothing("gift", 1), prize: "reward", rewardId: "00000000-0000-4000-8000-000000000001", stock: 5 };
    const unknown = await api.refused(gameConsoleEndpoints.createGameCampaign, {
      token: manager,
      body: input({ segments: [foreign, nothing("none", 1)] }),
    });
    expect(unknown.body.error.issues).toEqual([{ code: "reward_unknown", field: "segments.0.rewardId" }]);

    // Hostile input is a 4xx, never a 5xx.
    const nul = input();
    nul.name.vi = "a\u0000b";
    expect((await api.call("POST", "/console/games", { token: manager, body: nul })).status).toBe(400);
    const huge = input();
    huge.segments[0]!.weight = 1e300;
    expect((await api.call("POST", "/console/games", { token: manager, body: huge })).status).toBeLessThan(500);
    expect((await api.call("POST", "/console/games", { token: manager, rawBody: "{" })).status).toBe(400);
    expect((await api.call("GET", "/console/games/not-a-uuid", { token: manager })).status).toBe(400);
    expect(
      (
        await api.refused(gameConsoleEndpoints.getGameCampaign, {
          token: manager,
          params: { campaignId: "00000000-0000-4000-8000-000000000009" },
        })
      ).body.error.code,
    ).toBe("game_not_found");

    expect((await api.ok(gameConsoleEndpoints.listGameCampaigns, { token: manager })).body.campaigns.length).toBe(before);
  });

  it("an odds change of a running campaign is a new version; draws keep the version they were drawn under", async () => {
    const c = await published({ segments: [points("p10", 10, 1, 5), nothing("none", 0)], freePlaysPerDay: 3 });
    const params = { campaignId: c.id };
    const m = await makeMember(api);
    const token = m.session.accessToken;
    expect((await spin(token, c.id, "spin-v-0001")).status).toBe(201);

    // Rename only: a version that does not change odds.
    const renamed = await api.ok(gameConsoleEndpoints.updateGameCampaign, {
      token: manager,
      params,
      body: editBody(c, { name: { vi: "Vòng quay Tết", en: "Tet wheel" } }),
    });
    expect(renamed.body.versions[0]).toMatchObject({ version: 2, changesOdds: false });
    // The same again makes no version.
    const same = await api.ok(gameConsoleEndpoints.updateGameCampaign, { token: manager, params, body: editBody(renamed.body, {}) });
    expect(same.body.version).toBe(2);

    // Weights flipped and stock raised: version 3 changes odds; stock left = new stock − won.
    const flipped = await api.ok(gameConsoleEndpoints.updateGameCampaign, {
      token: manager,
      params,
      body: editBody(renamed.body, { segments: [points("p10", 10, 0, 8), nothing("none", 1)] }),
    });
    expect(flipped.body).toMatchObject({ version: 3, status: "running", stockLeft: { p10: 7 } });
    expect(flipped.body.versions[0]).toMatchObject({ version: 3, changesOdds: true });
    const stale = await api.refused(gameConsoleEndpoints.updateGameCampaign, { token: manager, params, body: editBody(renamed.body, {}) });
    expect([stale.status, stale.body.error.code]).toEqual([409, "game_version_conflict"]);

    const rules = await api.ok(gameEndpoints.gameRules, { token, params });
    expect(rules.body.version).toBe(3);
    expect(rules.body.prizes.map((p) => p.probability.percent)).toEqual([0, 100]);
    expect((await spin(token, c.id, "spin-v-0002")).status).toBe(201);
    const draws = await api.database.db.select().from(gameDraws).where(eq(gameDraws.campaignId, c.id)).orderBy(gameDraws.seq);
    expect(draws.map((d) => [d.version, d.segmentId])).toEqual([
      [1, "p10"],
      [3, "none"],
    ]);
    const versions = await api.database.db.select().from(gameCampaignVersions).where(eq(gameCampaignVersions.campaignId, c.id));
    expect(versions.find((v) => v.version === 1)!.config.segments[0]!.weight).toBe(1);
  });

  it("pause stops members' spins with game_not_running; resume lets them spin again", async () => {
    const c = await published({ segments: [points("p5", 5, 1), nothing("none", 1)], freePlaysPerDay: 2 });
    const params = { campaignId: c.id };
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const paused = await api.ok(gameConsoleEndpoints.pauseGameCampaign, { token: manager, params });
    expect(paused.body.status).toBe("paused");
    const refused = await spin(token, c.id, "spin-p-0001");
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([409, "game_not_running"]);
    const view = await api.ok(gameEndpoints.myGames, { token });
    expect(view.body.campaigns.find((x) => x.campaignId === c.id)).toMatchObject({
      runState: "not_running",
      blockedBy: "game_not_running",
    });
    await api.ok(gameConsoleEndpoints.resumeGameCampaign, { token: manager, params });
    expect((await spin(token, c.id, "spin-p-0002")).status).toBe(201);
  });

  it("results equal a hand-computed dataset, and every draw-log row replays to its outcome", async () => {
    const brand = await testBrand(api);
    await api.database.db
      .insert(loyaltySettings)
      .values({ brandId: brand.id, tierRules: (await import("../../src/domain/loyalty/tiers")).DEFAULT_TIER_RULES, pointValueVnd: 500 })
      .onConflictDoUpdate({ target: loyaltySettings.brandId, set: { pointValueVnd: 500 } });
    const reward = await makeReward(api, { name: "Ly cà phê", pointsCost: 100, stock: null });
    const gift: WheelSegment = { ...nothing("gift", 0), prize: "reward", rewardId: reward.id, stock: 4 };
    const c = await published({
      segments: [points("p10", 10, 1, 10), gift, nothing("none", 0)],
      freePlaysPerDay: 2,
      playPricePoints: 5,
    });
    const params = { campaignId: c.id };
    const a = await makeMember(api);
    const b = await makeMember(api);
    // Version 1: every spin wins 10 points. A spins twice, B once.
    for (const [who, key] of [
      [a, "spin-r-a1"],
      [a, "spin-r-a2"],
      [b, "spin-r-b1"],
    ] as const)
      expect((await spin(who.session.accessToken, c.id, key)).status).toBe(201);
    // Version 2: only the voucher can be won (2 in stock... of 4), then nothing once the edit below flips again.
    const detail = (await api.ok(gameConsoleEndpoints.getGameCampaign, { token: manager, params })).body;
    const v2 = await api.ok(gameConsoleEndpoints.updateGameCampaign, {
      token: manager,
      params,
      body: editBody(detail, { segments: [points("p10", 10, 0, 10), { ...gift, weight: 1 }, nothing("none", 1)] }),
    });
    expect(v2.body.version).toBe(2);
    // A buys a play with 5 points and spins it; B spins their second free play.
    await api.ok(gameEndpoints.buyPlay, { token: a.session.accessToken, params, body: { idempotencyKey: "buy-r-a-001" } });
    expect((await spin(a.session.accessToken, c.id, "spin-r-a3")).status).toBe(201);
    expect((await spin(b.session.accessToken, c.id, "spin-r-b2")).status).toBe(201);

    const draws = await api.database.db.select().from(gameDraws).where(eq(gameDraws.campaignId, c.id));
    const late = draws.filter((d) => d.version === 2);
    const lateVouchers = late.filter((d) => d.prize === "reward").length;
    const results = (await api.ok(gameConsoleEndpoints.gameResults, { token: marketer, params })).body;
    expect(results).toMatchObject({
      spins: 5,
      uniquePlayers: 2,
      wins: 3 + lateVouchers,
      pointsGiven: 30,
      pointsValueVnd: 15_000,
      pointValueVnd: 500,
      vouchersGiven: lateVouchers,
      pointsSpentOnPlays: 5,
      playsGranted: { bought: 1, profile_completed: 0, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0 },
    });
    expect(results.bySegment.map((s) => [s.segmentId, s.draws, s.stockLeft])).toEqual([
      ["p10", 3, 7],
      ["gift", lateVouchers, 4 - lateVouchers],
      ["none", 2 - lateVouchers, null],
    ]);
    expect(results.byDay).toEqual([{ day: expect.any(String), spins: 5, wins: 3 + lateVouchers, points: 30 }]);
    const empty = (
      await api.ok(gameConsoleEndpoints.gameResults, { token: marketer, params, query: { from: "2000-01-01", to: "2000-01-02" } })
    ).body;
    expect(empty).toMatchObject({ spins: 0, uniquePlayers: 0, wins: 0, pointsGiven: 0, byDay: [] });

    // The draw log: a header, one row per draw, each replays through the domain under its version.
    const res = await api.call("GET", `/console/games/${c.id}/draws.csv?locale=en`, { token: marketer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(res.bytes);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(rows).toHaveLength(5);
    const col = (name: string) => header!.indexOf(name);
    const versions = await api.database.db.select().from(gameCampaignVersions).where(eq(gameCampaignVersions.campaignId, c.id));
    const configOf = new Map(versions.map((v) => [v.version, v.config]));
    for (const row of rows) {
      const config = configOf.get(Number(row[col("version")]))!;
      const available = row[col("reward_available")]!;
      const replay = replayDraw({
        config,
        state: {
          stockLeft: JSON.parse(row[col("stock_left")]!),
          winsToday: Number(row[col("wins_today")]),
          winsTotal: Number(row[col("wins_total")]),
          pointsToday: Number(row[col("points_today")]),
          memberWins: Number(row[col("member_wins")]),
          ...(available && { rewardAvailable: JSON.parse(available) }),
        },
        weights: JSON.parse(row[col("weights")]!),
        random: Number(row[col("random")]),
        segmentIndex: Number(row[col("segment_index")]),
      });
      expect(replay.matches).toBe(true);
      expect(config.segments[replay.segmentIndex!]!.id).toBe(row[col("segment_id")]);
      expect(config.segments[replay.segmentIndex!]!.prize).toBe(row[col("prize")]);
    }
    // Members are pseudonyms, the same for the same member: A's three draws share one.
    const refs = rows.map((r) => r[col("member_ref")]);
    expect(new Set(refs).size).toBe(2);
    expect(text).not.toContain(a.card.memberId);
    // Vietnamese headers by default.
    const vi = await api.call("GET", `/console/games/${c.id}/draws.csv`, { token: marketer });
    expect(new TextDecoder().decode(vi.bytes).split("\r\n")[0]).toContain("so_ngau_nhien");
    const other = await api.database.db
      .select()
      .from(gameDraws)
      .where(and(eq(gameDraws.campaignId, c.id), eq(gameDraws.memberId, a.card.memberId)));
    expect(other).toHaveLength(3);
  });
});
