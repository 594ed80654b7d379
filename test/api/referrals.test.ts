import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { referralEndpoints } from "../../src/contract/endpoints/referrals";
import { auditEvents, ledgerEntries, referrals, users } from "../../src/server/db/schema";
import { signScanToken } from "../../src/server/features/loyalty/scan-token";
import { TEST_SESSION_SECRET, testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeStaff, makeStore, type TestStaff, type TestStore } from "../support/factories";
import { earn, expectLedgerInvariants, scanToken } from "../support/loyalty";

const CONFIG = { enabled: true, referrerPoints: 100, friendPoints: 50, monthlyCap: 3 };

describe("referrals over HTTP", () => {
  let api: TestApi;
  let store: TestStore;
  let cashier: TestStaff;
  let staff: string;
  let receipts = 0;
  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api);
    cashier = await makeStaff(api, store);
    const manager = await consoleSession(api, "manager");
    // The demo seed runs referrals: on, 100 / 50 points, 5 a month.
    expect((await api.ok(referralEndpoints.referralConfig, { token: manager })).body).toMatchObject({
      enabled: true,
      referrerPoints: 100,
      friendPoints: 50,
      monthlyCap: 5,
      updatedAt: expect.any(String),
    });
    await api.ok(referralEndpoints.saveReferralConfig, { token: manager, body: CONFIG });
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    staff = await cashier.signIn();
  });

  let users_ = 0;
  /** A signed-in Zalo user who is not a member yet. */
  async function friendUser(name = "Bạn mới") {
    const id = `friend-${++users_}-${Math.random().toString(36).slice(2, 8)}`;
    const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:${id}|${name}` } });
    return { id, token: login.body.session.accessToken, userId: login.body.user.id };
  }
  async function enrol(token: string) {
    const terms = await api.ok(memberEndpoints.terms);
    const res = await api.ok(memberEndpoints.enrol, { token, body: { termsVersion: terms.body.version, accepted: true } });
    return res.body.card;
  }
  async function codeOf(token: string) {
    return (await api.ok(referralEndpoints.myReferrals, { token })).body.code!;
  }
  async function purchase(card: { memberId: string; qrSecret: string }, billVnd = 200_000) {
    const res = await earn(api, staff, {
      storeId: store.id,
      receiptNo: `HD-REF-${++receipts}`,
      billVnd,
      member: { scanToken: await scanToken(api, staff, card) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }
  const balance = async (token: string) => (await api.ok(memberEndpoints.card, { token })).body.pointsBalance;
  const referralOf = async (friendUserId: string) =>
    (await api.database.db.select().from(referrals).where(eq(referrals.friendUserId, friendUserId)))[0]!;

  it("full path: invite → join → first purchase → both rewarded once", async () => {
    const referrer = await makeMember(api, { name: "Người mời" });
    const mine = await api.ok(referralEndpoints.myReferrals, { token: referrer.session.accessToken });
    expect(mine.body).toMatchObject({
      enabled: true,
      referrerPoints: 100,
      friendPoints: 50,
      monthlyCap: 3,
      rewardedThisMonth: 0,
      invites: [],
    });
    expect(mine.body.code).toHaveLength(34);
    // The brand's Mini App link in Zalo (the demo brand has one) with ?ref=<code>.
    expect(mine.body.shareLink).toMatch(/^https:\/\/zalo\.me\/s\/\d+\/\?ref=/);
    expect(mine.body.shareLink!.endsWith(`/?ref=${mine.body.code}`)).toBe(true);

    const friend = await friendUser("Chị Lan");
    const accepted = await api.ok(referralEndpoints.acceptReferral, { token: friend.token, body: { code: mine.body.code! } });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ state: "invited", referrerName: "Người mời", friendPoints: 50, alreadyAccepted: false });
    const again = await api.ok(referralEndpoints.acceptReferral, { token: friend.token, body: { code: mine.body.code! } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ referralId: accepted.body.referralId, alreadyAccepted: true });

    const card = await enrol(friend.token);
    expect((await referralOf(friend.userId)).state).toBe("joined");

    const bought = await purchase(card);
    const row = await referralOf(friend.userId);
    expect(row).toMatchObject({
      state: "rewarded",
      referrerPoints: 100,
      friendPoints: 50,
      referrerCapped: false,
      purchaseEntryId: bought.entryId,
    });
    expect(await balance(friend.token)).toBe(bought.points + 50);
    expect(await balance(referrer.session.accessToken)).toBe(100);

    // A second purchase pays nothing more.
    const second = await purchase(card);
    expect(await balance(friend.token)).toBe(bought.points + second.points + 50);
    expect(await balance(referrer.session.accessToken)).toBe(100);

    const list = await api.ok(referralEndpoints.myReferrals, { token: referrer.session.accessToken });
    expect(list.body.rewardedThisMonth).toBe(1);
    expect(list.body.invites).toEqual([expect.objectContaining({ friendName: "Chị Lan", state: "rewarded", note: null, points: 100 })]);
    const [friendEntry] = await api.database.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.memberId, card.memberId), eq(ledgerEntries.reason, "referral_friend")));
    expect(friendEntry).toMatchObject({ kind: "bonus", actorKind: "system", points: 50 });
    await expectLedgerInvariants(api.database);

    // Each one's data export lists the referral from their side, without the other's data.
    const friendExport = await api.ok(preferenceEndpoints.exportData, { token: friend.token });
    expect(friendExport.body.referrals).toEqual([expect.objectContaining({ role: "friend", state: "rewarded", points: 50 })]);
    expect(JSON.stringify(friendExport.body.referrals)).not.toContain("Người mời");
    const referrerExport = await api.ok(preferenceEndpoints.exportData, { token: referrer.session.accessToken });
    expect(referrerExport.body.referrals).toEqual([expect.objectContaining({ role: "referrer", state: "rewarded", points: 100 })]);
  });

  it("a referrer who deleted their account: the friend is still rewarded, the referrer is not", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const friend = await friendUser();
    await api.ok(referralEndpoints.acceptReferral, { token: friend.token, body: { code } });
    const card = await enrol(friend.token);
    await api.ok(preferenceEndpoints.erase, { token: referrer.session.accessToken, body: { confirm: true } });
    const bought = await purchase(card);
    expect(await referralOf(friend.userId)).toMatchObject({
      state: "rewarded",
      friendPoints: 50,
      referrerPoints: 0,
      referrerEntryId: null,
    });
    expect(await balance(friend.token)).toBe(bought.points + 50);
    // A code of a deleted member is no code.
    const late = await friendUser();
    expect((await api.refused(referralEndpoints.acceptReferral, { token: late.token, body: { code } })).body.error.code).toBe(
      "referral_code_invalid",
    );
  });

  it("refuses self-referral (same user, same Zalo account, same phone) and an existing member", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const self = await api.refused(referralEndpoints.acceptReferral, { token: referrer.session.accessToken, body: { code } });
    expect(self.status).toBe(409);
    // The referrer is a member: the own-code refusal is self, whatever else is true.
    expect(self.body.error.code).toBe("referral_self");

    await api.database.db.update(users).set({ phone: "84901112233" }).where(eq(users.id, referrer.user.id));
    const samePhone = await friendUser();
    await api.database.db.update(users).set({ phone: "84901112233" }).where(eq(users.id, samePhone.userId));
    expect((await api.refused(referralEndpoints.acceptReferral, { token: samePhone.token, body: { code } })).body.error.code).toBe(
      "referral_self",
    );

    const member = await makeMember(api);
    const already = await api.refused(referralEndpoints.acceptReferral, { token: member.session.accessToken, body: { code } });
    expect(already.status).toBe(409);
    expect(already.body.error.code).toBe("referral_already_member");
    expect(
      await api.database.db.select({ n: count() }).from(referrals).where(eq(referrals.referrerMemberId, referrer.card.memberId)),
    ).toEqual([{ n: 0 }]);
  });

  it("the same phone shared after the invite: rejected at the purchase, nobody paid", async () => {
    const referrer = await makeMember(api);
    await api.database.db.update(users).set({ phone: "84902223344" }).where(eq(users.id, referrer.user.id));
    const code = await codeOf(referrer.session.accessToken);
    const friend = await friendUser();
    await api.ok(referralEndpoints.acceptReferral, { token: friend.token, body: { code } });
    const card = await enrol(friend.token);
    await api.database.db.update(users).set({ phone: "84902223344" }).where(eq(users.id, friend.userId));
    const bought = await purchase(card);
    expect(await referralOf(friend.userId)).toMatchObject({ state: "rejected", rejectReason: "referral_self", friendEntryId: null });
    expect(await balance(friend.token)).toBe(bought.points);
    expect(await balance(referrer.session.accessToken)).toBe(0);
    const list = await api.ok(referralEndpoints.myReferrals, { token: referrer.session.accessToken });
    expect(list.body.invites[0]).toMatchObject({ state: "rejected", note: "referral_self" });
  });

  it("invalid, tampered or hostile codes are 4xx and record nothing; a second referrer's code is referral_already_invited", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const friend = await friendUser();
    const tampered = code.slice(0, 5) + (code[5] === "A" ? "B" : "A") + code.slice(6);
    for (const body of [
      { code: tampered },
      { code: "" },
      { code: "a".repeat(34) },
      { code: `${code.slice(0, 33)}\u0000` },
      { code: "\ud800".repeat(20) },
      { code: "x".repeat(65) },
      { code: 42 },
      { code: null },
      {},
      { code: [code] },
    ]) {
      const res = await api.call("POST", "/referrals/accept", { token: friend.token, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    const res = await api.refused(referralEndpoints.acceptReferral, { token: friend.token, body: { code: tampered } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("referral_code_invalid");
    expect((await api.call("POST", "/referrals/accept", { body: { code } })).status).toBe(401);
    expect(await api.database.db.select({ n: count() }).from(referrals).where(eq(referrals.friendUserId, friend.userId))).toEqual([
      { n: 0 },
    ]);

    await api.ok(referralEndpoints.acceptReferral, { token: friend.token, body: { code } });
    const other = await makeMember(api);
    const second = await api.refused(referralEndpoints.acceptReferral, {
      token: friend.token,
      body: { code: await codeOf(other.session.accessToken) },
    });
    expect(second.body.error.code).toBe("referral_already_invited");
  });

  it("the monthly cap: past N the referrer is not paid, the friend still is; a new Vietnam month pays again", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const friends = [];
    for (let i = 0; i < 4; i++) {
      const f = await friendUser();
      await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code } });
      friends.push({ ...f, card: await enrol(f.token) });
    }
    for (const f of friends) await purchase(f.card);
    const rows = await api.database.db.select().from(referrals).where(eq(referrals.referrerMemberId, referrer.card.memberId));
    expect(rows.filter((r) => r.state === "rewarded")).toHaveLength(4);
    expect(rows.filter((r) => r.referrerCapped)).toHaveLength(1);
    expect(rows.reduce((a, r) => a + r.friendPoints, 0)).toBe(200);
    const token = await referrer.signIn();
    expect(await balance(token)).toBe(300);
    const list = await api.ok(referralEndpoints.myReferrals, { token });
    expect(list.body.rewardedThisMonth).toBe(3);
    expect(list.body.invites.filter((i) => i.note === "referral_cap_reached")).toHaveLength(1);

    // Next Vietnam month (the clock is in late November): the count starts again.
    const start = api.clock.now();
    api.clock.set(Date.parse("2026-11-30T17:00:00.000Z"));
    staff = await cashier.signIn();
    const f = await friendUser();
    await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code } });
    await purchase(await enrol(f.token));
    expect((await referralOf(f.userId)).referrerPoints).toBe(100);
    expect(await balance(await referrer.signIn())).toBe(400);
    api.clock.set(start);
  });

  it("20 parallel purchases by one friend → one reward each side", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const f = await friendUser();
    await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code } });
    const card = await enrol(f.token);
    const token = await scanToken(api, staff, card);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        earn(api, staff, { storeId: store.id, receiptNo: `HD-PAR-${i}-${receipts}`, billVnd: 100_000, member: { scanToken: token } }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const paid = await api.database.db
      .select({ reason: ledgerEntries.reason, n: count() })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.idempotencyKey, `referral:${(await referralOf(f.userId)).id}:friend`))
      .groupBy(ledgerEntries.reason);
    expect(paid).toEqual([{ reason: "referral_friend", n: 1 }]);
    expect(await balance(await referrer.signIn())).toBe(100);
    expect(await balance(f.token)).toBe(20 * 10 + 50);
  });

  it("20 friends of one referrer completing in parallel → each friend paid once, the referrer exactly the cap", async () => {
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    const friends = [];
    for (let i = 0; i < 20; i++) {
      const f = await friendUser();
      await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code } });
      const card = await enrol(f.token);
      friends.push({ ...f, card });
    }
    staff = await cashier.signIn();
    // Scan tokens as the counter's scans would give them, all signed now (one live scan each would move the clock 30 s).
    const scans = await Promise.all(
      friends.map((f) =>
        signScanToken(
          TEST_SESSION_SECRET,
          { memberId: f.card.memberId, staffId: cashier.userId, brandId: referrer.user.brandId },
          api.clock.now(),
        ),
      ),
    );
    const results = await Promise.all(
      friends.map((f, i) =>
        earn(api, staff, { storeId: store.id, receiptNo: `HD-MANY-${i}-${receipts}`, billVnd: 100_000, member: { scanToken: scans[i]! } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const rows = await api.database.db.select().from(referrals).where(eq(referrals.referrerMemberId, referrer.card.memberId));
    expect(rows.filter((r) => r.state === "rewarded")).toHaveLength(20);
    expect(rows.filter((r) => !r.referrerCapped)).toHaveLength(CONFIG.monthlyCap);
    expect(rows.every((r) => r.friendPoints === 50 && r.friendEntryId !== null)).toBe(true);
    expect(await balance(await referrer.signIn())).toBe(CONFIG.monthlyCap * 100);
    await expectLedgerInvariants(api.database);
  });

  it("console: managers save (validated, audited), marketers read; the funnel and top referrers", async () => {
    const manager = await consoleSession(api, "manager");
    const marketer = await consoleSession(api, "marketer");
    const bad = await api.refused(referralEndpoints.saveReferralConfig, {
      token: manager,
      body: { enabled: true, referrerPoints: -1, friendPoints: 50, monthlyCap: 0 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("referral_config_invalid");
    expect(bad.body.error.issues?.map((i) => i.field)).toEqual(["referrerPoints", "monthlyCap"]);
    expect((await api.refused(referralEndpoints.saveReferralConfig, { token: marketer, body: CONFIG })).status).toBe(403);
    expect((await api.ok(referralEndpoints.referralConfig, { token: marketer })).body).toMatchObject(CONFIG);
    expect(await api.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "referral_config_changed"))).toEqual(
      [{ n: 1 }],
    );

    const res = await api.ok(referralEndpoints.referralResults, { token: marketer });
    expect(res.body.funnel.invited).toBeGreaterThanOrEqual(res.body.funnel.joined);
    expect(res.body.funnel.joined).toBeGreaterThanOrEqual(res.body.funnel.purchased);
    expect(res.body.funnel.purchased).toBeGreaterThanOrEqual(res.body.funnel.rewarded);
    expect(res.body.funnel.rewarded).toBeGreaterThanOrEqual(26);
    expect(res.body.funnel.rejected).toBeGreaterThanOrEqual(1);
    expect(res.body.topReferrers[0]).toMatchObject({ invited: 20, rewarded: 20, points: 300 });
  });

  it("switched off: no code, and accepting is referral_disabled", async () => {
    const manager = await consoleSession(api, "manager");
    const referrer = await makeMember(api);
    const code = await codeOf(referrer.session.accessToken);
    await api.ok(referralEndpoints.saveReferralConfig, { token: manager, body: { ...CONFIG, enabled: false } });
    expect((await api.ok(referralEndpoints.myReferrals, { token: referrer.session.accessToken })).body).toMatchObject({
      enabled: false,
      code: null,
      shareLink: null,
    });
    const f = await friendUser();
    expect((await api.refused(referralEndpoints.acceptReferral, { token: f.token, body: { code } })).body.error.code).toBe(
      "referral_disabled",
    );
    await api.ok(referralEndpoints.saveReferralConfig, { token: manager, body: CONFIG });
  });
});
