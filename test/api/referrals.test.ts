import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { integrationConsoleEndpoints } from "../../src/contract/endpoints/integrations-console";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { referralEndpoints } from "../../src/contract/endpoints/referrals";
import { auditEvents, ledgerEntries, referrals, users } from "../../src/server/db/schema";
import { earn as earnDirect } from "../../src/server/features/loyalty/earn";
import { signScanToken } from "../../src/server/features/loyalty/scan-token";
import { completeReferralOnPurchase } from "../../src/server/features/referrals/referrals";
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
  // ── Clawback (decision 0032 addendum): the first purchase undone takes both rewards back ──

  describe("the completing purchase undone", () => {
    let manager: string;
    let posKey: string;
    beforeAll(async () => {
      manager = await consoleSession(api, "manager");
      const admin = await consoleSession(api, "admin");
      posKey = (await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "POS ref", storeId: store.id } })).body
        .plainKey;
    });
    const posRefund = (body: { receiptNo: string; refundId: string; amountVnd: number }) =>
      api.call("POST", "/pos/v1/refunds", { headers: { authorization: `Bearer ${posKey}` }, body });
    /** A referrer and a friend whose first purchase (200,000 ₫ → 20 points) paid 100 and 50. */
    async function rewarded() {
      const referrer = await makeMember(api, { name: "Người mời" });
      const f = await friendUser("Bạn trả hàng");
      await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code: await codeOf(referrer.session.accessToken) } });
      const card = await enrol(f.token);
      const bought = await purchase(card);
      expect(await referralOf(f.userId)).toMatchObject({ state: "rewarded" });
      return { referrer, friend: f, card, bought, receiptNo: `HD-REF-${receipts}` };
    }
    const clawbacks = async (referralId: string) =>
      api.database.db
        .select({
          key: ledgerEntries.idempotencyKey,
          points: ledgerEntries.points,
          kind: ledgerEntries.kind,
          actor: ledgerEntries.actorKind,
        })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.reason, "referral_clawback"), sql`${ledgerEntries.idempotencyKey} like ${`referral:${referralId}:%`}`))
        .orderBy(ledgerEntries.idempotencyKey);

    it("a manager's reversal takes both rewards back in its transaction, once; the cap slot comes back; both sides see it", async () => {
      const { referrer, friend, bought } = await rewarded();
      const reversed = await api.ok(loyaltyEndpoints.reverse, {
        token: manager,
        params: { entryId: bought.entryId },
        body: { reason: "Khách trả hàng" },
      });
      // The reversal answers with the balance after everything its transaction did.
      expect(reversed.body.balance).toBe(0);
      const row = await referralOf(friend.userId);
      expect(row).toMatchObject({ state: "reversed", friendShortfall: 0, referrerShortfall: 0, friendPoints: 50, referrerPoints: 100 });
      expect(row.reversedAt).not.toBeNull();
      expect(await clawbacks(row.id)).toEqual([
        { key: `referral:${row.id}:friend:clawback`, points: -50, kind: "adjust", actor: "system" },
        { key: `referral:${row.id}:referrer:clawback`, points: -100, kind: "adjust", actor: "system" },
      ]);
      expect(await balance(friend.token)).toBe(0);
      const token = await referrer.signIn();
      expect(await balance(token)).toBe(0);
      const mine = await api.ok(referralEndpoints.myReferrals, { token });
      // Taken back whole: the month's slot is free again.
      expect(mine.body.rewardedThisMonth).toBe(0);
      expect(mine.body.invites[0]).toMatchObject({ state: "reversed", note: "referral_reversed", points: 0 });
      // The friend's history says why, in the words the Mini App translates (never a manager's note).
      const history = await api.ok(loyaltyEndpoints.ledger, { token: friend.token, query: {} });
      expect(history.body.items[0]).toMatchObject({ kind: "adjust", points: -50, reason: "referral_clawback" });
      expect(history.body.items.find((i) => i.kind === "reversal")).toMatchObject({ reason: null });
      // Again: refused, nothing more is taken.
      const again = await api.refused(loyaltyEndpoints.reverse, {
        token: manager,
        params: { entryId: bought.entryId },
        body: { reason: "Lần nữa" },
      });
      expect([again.status, again.body.error.code]).toEqual([409, "already_reversed"]);
      expect(await clawbacks(row.id)).toHaveLength(2);
      await expectLedgerInvariants(api.database);
    });

    it("POS refunds: a part keeps the referral; the part completing the bill takes back what remains and records the shortfall", async () => {
      const { referrer, friend, card, receiptNo } = await rewarded();
      // The friend spent 40 of their 70 points, the referrer 70 of their 100.
      const spend = (memberId: string, points: number) =>
        api.ok(loyaltyEndpoints.adjust, {
          token: manager,
          params: { memberId },
          body: { points: -points, reason: "Đổi quà tại quầy", memberReason: null, idempotencyKey: `spend-${memberId}` },
        });
      await spend(card.memberId, 40);
      await spend(referrer.card.memberId, 70);
      const part = await posRefund({ receiptNo, refundId: "RF-part", amountVnd: 50_000 });
      expect(part.status, JSON.stringify(part.body)).toBe(200);
      expect((await referralOf(friend.userId)).state).toBe("rewarded");
      const rest = await posRefund({ receiptNo, refundId: "RF-rest", amountVnd: 150_000 });
      expect(rest.status, JSON.stringify(rest.body)).toBe(200);
      // 30 left − 20 for the purchase = 10, all taken; 40 of the 50 had been spent.
      expect(rest.body).toMatchObject({ balance: 0, refundedVnd: 200_000 });
      const row = await referralOf(friend.userId);
      expect(row).toMatchObject({ state: "reversed", friendShortfall: 40, referrerShortfall: 70 });
      expect((await clawbacks(row.id)).map((c) => c.points)).toEqual([-10, -30]);
      const token = await referrer.signIn();
      expect(await balance(token)).toBe(0);
      // The referrer kept 70 points of it: the slot stays used.
      const mine = await api.ok(referralEndpoints.myReferrals, { token });
      expect(mine.body).toMatchObject({ rewardedThisMonth: 1, invites: [expect.objectContaining({ state: "reversed", points: 70 })] });
      // A retry of the refund answers as before and takes nothing more.
      const replay = await posRefund({ receiptNo, refundId: "RF-rest", amountVnd: 150_000 });
      expect(replay.body).toMatchObject({ replayed: true, balance: 0 });
      expect(await clawbacks(row.id)).toHaveLength(2);
      await expectLedgerInvariants(api.database);
    });

    it("parallel reversals and refunds of the same bill → one reversal, one clawback", async () => {
      const { friend, bought, receiptNo } = await rewarded();
      const answers = await Promise.all([
        ...Array.from({ length: 6 }, () =>
          api.call("POST", `/console/ledger/${bought.entryId}/reversal`, { token: manager, body: { reason: "Khách trả hàng" } }),
        ),
        ...Array.from({ length: 4 }, (_, i) => posRefund({ receiptNo, refundId: `RF-par-${i}`, amountVnd: 200_000 })),
      ]);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.every((a) => a.status === 200 || a.status === 409 || a.status === 422)).toBe(true);
      const row = await referralOf(friend.userId);
      expect(row.state).toBe("reversed");
      expect((await clawbacks(row.id)).map((c) => c.points)).toEqual([-50, -100]);
      expect(await balance(friend.token)).toBe(0);
      await expectLedgerInvariants(api.database);
    });

    it("a purchase undone before the referral hook ran does not complete it; the next purchase does", async () => {
      const referrer = await makeMember(api);
      const f = await friendUser();
      await api.ok(referralEndpoints.acceptReferral, { token: f.token, body: { code: await codeOf(referrer.session.accessToken) } });
      const card = await enrol(f.token);
      // The earn without its hook (as if the process paused between the two), then its reversal.
      const out = await earnDirect(
        api.database.db,
        { secret: TEST_SESSION_SECRET, now: api.clock.now() },
        { userId: cashier.userId, brandId: referrer.user.brandId, role: "staff" },
        {
          storeId: store.id,
          receiptNo: `HD-LATE-${++receipts}`,
          billVnd: 200_000,
          member: { resolved: { memberId: card.memberId, method: "qr" } },
        },
      );
      if (!out.ok) throw new Error(out.code);
      await api.ok(loyaltyEndpoints.reverse, {
        token: manager,
        params: { entryId: out.value.entryId },
        body: { reason: "Khách trả hàng" },
      });
      expect(await completeReferralOnPurchase(api.database.db, api.clock.now(), card.memberId, out.value.entryId)).toBe("none");
      expect(await referralOf(f.userId)).toMatchObject({ state: "joined", friendEntryId: null });
      const bought = await purchase(card);
      expect(await referralOf(f.userId)).toMatchObject({ state: "rewarded", purchaseEntryId: bought.entryId });

      // The console's funnel: the three reversed above count up to purchased, not as rewarded.
      const results = (await api.ok(referralEndpoints.referralResults, { token: manager })).body;
      expect(results.funnel.reversed).toBe(3);
      expect(results.funnel.purchased - results.funnel.rewarded).toBe(3);
    });
  });
});
