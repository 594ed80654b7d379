/**
 * A wheel campaign's results next to the brand's check-ins and referrals (issue 14; decision
 * 0037), over HTTP on a brand of its own: the vouchers' cost in points, the period (the
 * campaign's window up to today, or the query's days), the check-in streak distribution on the
 * period's last day, check-ins per day, and the referral funnel invited → joined → purchased →
 * rewarded. Every step goes through the same endpoints as the Mini App and the counter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { checkinEndpoints } from "../../src/contract/endpoints/checkin";
import { gameConsoleEndpoints } from "../../src/contract/endpoints/game";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { referralEndpoints } from "../../src/contract/endpoints/referrals";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeReward, makeStaff, makeStore } from "../support/factories";
import { expectGameInvariants, makeCampaign, nothing, voucher } from "../support/game";
import { earn, expectLedgerInvariants, scanToken } from "../support/loyalty";

const DAY = 86_400_000;
// 2026-11-21 16:00 in Vietnam: three days, 21 → 23 November.
const START = Date.parse("2026-11-21T09:00:00.000Z");
const POINTS = [5, 5, 10, 10, 15, 15, 30];

describe("wheel results with check-ins and referrals", () => {
  let api: TestApi;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi();
    api.clock.set(START);
    const manager = await consoleSession(api, "manager");
    await api.ok(checkinEndpoints.saveCheckinConfig, { token: manager, body: { enabled: true, pointsPerDay: POINTS } });
    await api.ok(referralEndpoints.saveReferralConfig, {
      token: manager,
      body: { enabled: true, referrerPoints: 100, friendPoints: 50, monthlyCap: 5 },
    });
  });
  afterAll(() => api.close());

  it("counts vouchers at their price, streaks alive on the last day, check-ins per day and the referral funnel", async () => {
    const reward = await makeReward(api, { name: "Ly cà phê", pointsCost: 120, stock: null });
    const campaign = await makeCampaign(api, { segments: [voucher("gift", reward.id, 1, 10), nothing("none", 0)], freePlaysPerDay: 2 });
    const [a, b, c] = [await makeMember(api), await makeMember(api), await makeMember(api)];
    let keys = 0;
    const checkIn = async (m: typeof a) => {
      const res = await api.ok(checkinEndpoints.checkin, {
        token: await m.signIn(),
        body: { idempotencyKey: `results-checkin-${++keys}` },
      });
      expect(res.status).toBe(201);
    };
    // 21/11: A and C. 22/11: A and B. 23/11: A. C's streak is broken by the 23rd, B's is alive at day 1, A's at day 3.
    await checkIn(a);
    await checkIn(c);
    api.clock.advance(DAY);
    await checkIn(a);
    await checkIn(b);
    api.clock.advance(DAY);
    await checkIn(a);

    // Two spins on the 23rd, each wins the voucher (the only segment with weight).
    for (const key of ["results-spin-1", "results-spin-2"]) {
      const res = await api.call("POST", `/members/me/games/${campaign.id}/spins`, {
        token: await a.signIn(),
        body: { idempotencyKey: key },
      });
      expect(res.status).toBe(201);
    }

    // Referrals on the 23rd: one friend only invited, one joined, one who bought and so was rewarded.
    const store = await makeStore(api);
    const staff = await (await makeStaff(api, store)).signIn();
    const code = (await api.ok(referralEndpoints.myReferrals, { token: await b.signIn() })).body.code!;
    const terms = (await api.ok(memberEndpoints.terms)).body.version;
    const friends = [];
    for (const n of [1, 2, 3]) {
      const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:results-friend-${n}|Bạn ${n}` } });
      const token = login.body.session.accessToken;
      await api.ok(referralEndpoints.acceptReferral, { token, body: { code } });
      friends.push(token);
    }
    for (const token of friends.slice(1)) await api.ok(memberEndpoints.enrol, { token, body: { termsVersion: terms, accepted: true } });
    const card = (await api.ok(memberEndpoints.card, { token: friends[2]! })).body;
    const bought = await earn(api, staff, {
      storeId: store.id,
      receiptNo: "HD-RESULTS-1",
      billVnd: 200_000,
      member: { scanToken: await scanToken(api, staff, card) },
    });
    expect(bought.status).toBe(200);

    marketer = await consoleSession(api, "marketer");
    const params = { campaignId: campaign.id };
    const results = (await api.ok(gameConsoleEndpoints.gameResults, { token: marketer, params })).body;
    expect(results).toMatchObject({ spins: 2, vouchersGiven: 2, vouchersPointsCost: 240 });
    // The campaign opened an hour before START (21/11 in Vietnam); today is the 23rd.
    expect(results.period).toEqual({ from: "2026-11-21", to: "2026-11-23" });
    expect(results.checkins).toEqual({
      checkins: 5,
      members: 3,
      pointsGiven: 5 + 5 + 5 + 5 + 10,
      streaks: [
        { cycleDay: 1, members: 1 },
        { cycleDay: 2, members: 0 },
        { cycleDay: 3, members: 1 },
        { cycleDay: 4, members: 0 },
        { cycleDay: 5, members: 0 },
        { cycleDay: 6, members: 0 },
        { cycleDay: 7, members: 0 },
      ],
      byDay: [
        { day: "2026-11-21", checkins: 2 },
        { day: "2026-11-22", checkins: 2 },
        { day: "2026-11-23", checkins: 1 },
      ],
    });
    expect(results.referrals).toEqual({ invited: 3, joined: 2, purchased: 1, rewarded: 1, rejected: 0, reversed: 0, pointsGiven: 150 });
    // The console's referral results count the same period with the same query (referrals/funnel).
    const referralPage = (await api.ok(referralEndpoints.referralResults, { token: marketer, query: results.period })).body;
    const { pointsGiven, ...funnel } = results.referrals;
    expect([referralPage.funnel, referralPage.points.referrers + referralPage.points.friends]).toEqual([funnel, pointsGiven]);

    // The 22nd alone: streaks as they stood that evening (A at day 2, B and C at day 1), no referral yet, no spin.
    const day22 = (
      await api.ok(gameConsoleEndpoints.gameResults, { token: marketer, params, query: { from: "2026-11-22", to: "2026-11-22" } })
    ).body;
    expect(day22).toMatchObject({ spins: 0, vouchersPointsCost: 0, period: { from: "2026-11-22", to: "2026-11-22" } });
    expect(day22.checkins).toMatchObject({ checkins: 2, members: 2, byDay: [{ day: "2026-11-22", checkins: 2 }] });
    expect(day22.checkins.streaks.slice(0, 3)).toEqual([
      { cycleDay: 1, members: 2 },
      { cycleDay: 2, members: 1 },
      { cycleDay: 3, members: 0 },
    ]);
    expect(day22.referrals).toMatchObject({ invited: 0, joined: 0, purchased: 0, rewarded: 0 });

    await expectGameInvariants(api.database);
    await expectLedgerInvariants(api.database);
  });

  it("a bad range is 400, an unknown campaign 404, a campaign without spins all zeros", async () => {
    const campaign = await makeCampaign(api);
    marketer = await consoleSession(api, "marketer");
    const params = { campaignId: campaign.id };
    const bad = await api.call("GET", `/console/games/${campaign.id}/results?from=2026-13-40`, { token: marketer });
    expect([bad.status, (bad.body as { error: { code: string } }).error.code]).toEqual([400, "invalid_request"]);
    const unknown = await api.call("GET", `/console/games/${crypto.randomUUID()}/results`, { token: marketer });
    expect(unknown.status).toBe(404);
    // A campaign that has not had a spin: every count is zero, the period still names its days.
    const empty = (await api.ok(gameConsoleEndpoints.gameResults, { token: marketer, params })).body;
    expect(empty).toMatchObject({ spins: 0, vouchersPointsCost: 0, period: { from: "2026-11-23", to: "2026-11-23" } });
  });
});
