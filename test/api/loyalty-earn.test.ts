import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import { ledgerEntries, members, promotions, users } from "../../src/server/db/schema";
import { signScanToken } from "../../src/server/features/loyalty/scan-token";
import { enrolledMember, TEST_SESSION_SECRET, testApi, type TestApi } from "../support/api";
import { importedEarn, makeStaff, makeStore, type TestStaff, type TestStore } from "../support/factories";
import { earn, expectLedgerInvariants, scanToken } from "../support/loyalty";

describe("earning points at the counter", () => {
  let api: TestApi;
  let staff: string;
  let cashier: TestStaff;
  let store: TestStore;
  let q1: string;
  let cg: string;
  beforeAll(async () => {
    api = await testApi();
    // The counter's store, and another store of the brand the cashier is not assigned to.
    store = await makeStore(api, { name: "Cửa hàng Nguyễn Huệ" });
    cg = (await makeStore(api)).id;
    q1 = store.id;
    cashier = await makeStaff(api, store);
    staff = await cashier.signIn();
  });
  afterAll(() => api.close());
  // Tests move the clock forward; a fresh staff session keeps access tokens inside their 15 minutes.
  beforeEach(async () => {
    staff = await cashier.signIn();
  });

  const entries = async (memberId: string) =>
    (await api.database.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.memberId, memberId)))[0]!.n;

  it("credits floor(bill / 10,000) points after a live scan and shows them in the summary and history", async () => {
    const m = await enrolledMember(api, "earn-1", "Ngô Mỹ Linh");
    const res = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-0001",
      billVnd: 1_259_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      points: 125,
      basePoints: 125,
      tierBps: 10_000,
      promotionBps: 10_000,
      balance: 125,
      tier: "member",
      replayed: false,
      displayName: "Ngô Mỹ Linh",
    });
    const summary = await api.call("GET", "/members/me/summary", { token: m.session.accessToken });
    expect(summary.body).toMatchObject({
      balance: 125,
      available: 125,
      spendVnd: 1_259_000,
      remainingVnd: 741_000,
      tier: { code: "member" },
      nextTier: { code: "silver" },
    });
    expect(summary.body.nextExpiry.points).toBe(125);
    expect(summary.body.tierRules.join(" ")).toMatch(/2\.000\.000/);
    const history = await api.call("GET", "/members/me/ledger", { token: m.session.accessToken });
    expect(history.body.items).toEqual([
      expect.objectContaining({
        kind: "earn",
        points: 125,
        balanceAfter: 125,
        storeName: store.name,
        receiptNo: "HD-0001",
        billVnd: 1_259_000,
      }),
    ]);
  });

  it("returns the original result for a retried receipt and refuses the receipt for anything else", async () => {
    const m = await enrolledMember(api, "earn-2");
    const other = await enrolledMember(api, "earn-2b");
    const token = await scanToken(api, staff, m.card);
    const first = await earn(api, staff, { storeId: q1, receiptNo: "HD-0002", billVnd: 300_000, member: { scanToken: token } });
    const retry = await earn(api, staff, { storeId: q1, receiptNo: "HD-0002", billVnd: 300_000, member: { scanToken: token } });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ entryId: first.body.entryId, points: 30, balance: 30, replayed: true });
    const otherAmount = await earn(api, staff, { storeId: q1, receiptNo: "HD-0002", billVnd: 900_000, member: { scanToken: token } });
    expect(otherAmount.status).toBe(409);
    expect(otherAmount.body.error.code).toBe("receipt_already_used");
    const otherMember = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-0002",
      billVnd: 300_000,
      member: { scanToken: await scanToken(api, staff, other.card) },
    });
    expect(otherMember.body.error.code).toBe("receipt_already_used");
    // The same receipt number at another store is another receipt.
    const manager = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    const atOtherStore = await earn(api, manager, {
      storeId: cg,
      receiptNo: "HD-0002",
      billVnd: 300_000,
      member: { scanToken: await scanToken(api, manager, m.card) },
    });
    expect(atOtherStore.status).toBe(200);
    expect(await entries(m.card.memberId)).toBe(2);
  });

  it("refuses a receipt that earned points outside this endpoint (imported or seeded history)", async () => {
    const m = await enrolledMember(api, "earn-seeded");
    const earlier = await enrolledMember(api, "earn-seeded-earlier");
    await importedEarn(api, { memberId: earlier.card.memberId, storeId: q1, receiptNo: "SEED-1-1", billVnd: 100_000 });
    const res = await earn(api, staff, {
      storeId: q1,
      receiptNo: "SEED-1-1",
      billVnd: 100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect([res.status, res.body.error.code]).toEqual([409, "receipt_already_used"]);
    expect(await entries(m.card.memberId)).toBe(0);
  });

  it("credits a receipt once when 20 requests for it arrive at the same time", async () => {
    const m = await enrolledMember(api, "earn-race");
    const token = await scanToken(api, staff, m.card);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        earn(api, staff, { storeId: q1, receiptNo: "HD-RACE", billVnd: 500_000, member: { scanToken: token } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.entryId)).size).toBe(1);
    expect(results.filter((r) => !r.body.replayed)).toHaveLength(1);
    expect(await entries(m.card.memberId)).toBe(1);
    await expectLedgerInvariants(api.database);
  });

  it("credits 30 different receipts for one member sent at the same time, each exactly once", async () => {
    // Every request after the first finds the member row moved on: the compare-and-set misses,
    // re-reads, and after a few misses takes the member's lock (decision 0006).
    const m = await enrolledMember(api, "earn-burst");
    const token = await scanToken(api, staff, m.card);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        earn(api, staff, { storeId: q1, receiptNo: `HD-BURST-${i}`, billVnd: 100_000 + i * 10_000, member: { scanToken: token } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    // Each response's balance is the running balance after it: all different, the last the sum.
    const total = results.reduce((sum, r) => sum + r.body.points, 0);
    expect(Math.max(...results.map((r) => r.body.balance))).toBe(total);
    expect(new Set(results.map((r) => r.body.balance)).size).toBe(30);
    expect(await entries(m.card.memberId)).toBe(30);
    await expectLedgerInvariants(api.database);
  });

  it("gives a receipt to one member when two members' counters send it at the same time", async () => {
    const a = await enrolledMember(api, "earn-dup-a");
    const b = await enrolledMember(api, "earn-dup-b");
    const [ta, tb] = [await scanToken(api, staff, a.card), await scanToken(api, staff, b.card)];
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        earn(api, staff, { storeId: q1, receiptNo: "HD-DUP", billVnd: 200_000, member: { scanToken: i % 2 ? ta : tb } }),
      ),
    );
    const credited = results.filter((r) => r.status === 200);
    const winner = credited[0]!.body.memberId;
    expect(credited.every((r) => r.body.memberId === winner && r.body.entryId === credited[0]!.body.entryId)).toBe(true);
    expect(credited).toHaveLength(8);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(8).fill("receipt_already_used"));
    expect((await entries(a.card.memberId)) + (await entries(b.card.memberId))).toBe(1);
    await expectLedgerInvariants(api.database);
  });

  it.each([
    [{ billVnd: 9_999 }, 422, "bill_too_small"],
    [{ billVnd: -50_000 }, 422, "bill_invalid"],
    [{ billVnd: 0 }, 422, "bill_invalid"],
    [{ billVnd: 100_000_001 }, 422, "bill_too_large"],
    [{ billVnd: 12_345.5 }, 400, "invalid_request"],
    [{ billVnd: "100000" }, 400, "invalid_request"],
    [{ receiptNo: "" }, 400, "invalid_request"],
    [{ receiptNo: "HD 01; drop table" }, 400, "invalid_request"],
  ])("refuses %j and writes nothing", async (patch, status, code) => {
    const m = await enrolledMember(api, `earn-bad-${JSON.stringify(patch).replace(/\W/g, "")}`);
    const res = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-BAD",
      billVnd: 100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
      ...(patch as object),
    } as never);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await entries(m.card.memberId)).toBe(0);
  });

  it.each([
    [1e12, "bill_too_large"],
    [-5, "bill_invalid"],
    [5_000, "bill_too_small"],
  ])("refuses a bill of %d with the limits as params (%s), never another number", async (billVnd, code) => {
    const m = await enrolledMember(api, `earn-limit-${code}`);
    const res = await earn(api, staff, {
      storeId: q1,
      receiptNo: `HD-LIM-${code}`,
      billVnd,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code, params: { min: 10_000, max: 100_000_000 } });
    expect(res.body.error.message).toMatch(/10000|100000000/);
    expect(await entries(m.card.memberId)).toBe(0);
  });

  it("refuses a stale scan token, another staff member's token, and stores the staff member is not assigned to", async () => {
    const m = await enrolledMember(api, "earn-3");
    const token = await scanToken(api, staff, m.card);
    const manager = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    expect(
      (await earn(api, manager, { storeId: q1, receiptNo: "HD-3", billVnd: 100_000, member: { scanToken: token } })).body.error.code,
    ).toBe("scan_token_invalid");
    expect(
      (await earn(api, staff, { storeId: cg, receiptNo: "HD-3", billVnd: 100_000, member: { scanToken: token } })).body.error.code,
    ).toBe("store_not_allowed");
    api.clock.advance(11 * 60_000);
    expect(
      (await earn(api, staff, { storeId: q1, receiptNo: "HD-3", billVnd: 100_000, member: { scanToken: token } })).body.error.code,
    ).toBe("scan_token_invalid");
    expect(await entries(m.card.memberId)).toBe(0);
  });

  it("accepts an offline scan sent later (verified at its capture time), once", async () => {
    const m = await enrolledMember(api, "earn-offline");
    const capturedAt = api.clock.now() - 2 * 3_600_000;
    const member = { code: memberQrCode(m.card.memberId, m.card.qrSecret, capturedAt), capturedAt: new Date(capturedAt).toISOString() };
    const sent = await earn(api, staff, { storeId: q1, receiptNo: "HD-OFF-1", billVnd: 250_000, member });
    expect(sent.status).toBe(200);
    expect(sent.body.points).toBe(25);
    // The device retries after a lost response: same answer, no second credit.
    const resent = await earn(api, staff, { storeId: q1, receiptNo: "HD-OFF-1", billVnd: 250_000, member });
    expect(resent.body).toMatchObject({ replayed: true, entryId: sent.body.entryId });
    // Another counter cannot reuse the code this counter captured.
    const manager0 = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    const reused = await earn(api, manager0, { storeId: q1, receiptNo: "HD-OFF-2", billVnd: 250_000, member });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("qr_already_used");
    // The counter verified the member live, then lost the network past the scan token's life.
    const live = await enrolledMember(api, "earn-offline-live");
    const liveAt = api.clock.now();
    const liveCode = memberQrCode(live.card.memberId, live.card.qrSecret, liveAt);
    expect((await api.call("POST", "/staff/scan-member", { token: staff, body: { code: liveCode } })).status).toBe(200);
    api.clock.advance(12 * 60_000);
    staff = await cashier.signIn();
    const queued = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-OFF-LIVE",
      billVnd: 120_000,
      member: { code: liveCode, capturedAt: new Date(liveAt).toISOString() },
    });
    expect([queued.status, queued.body.points]).toEqual([200, 12]);
    // Another staff member cannot ride on that scan.
    const manager = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
    const other = await earn(api, manager, {
      storeId: q1,
      receiptNo: "HD-OFF-LIVE-2",
      billVnd: 120_000,
      member: { code: liveCode, capturedAt: new Date(liveAt).toISOString() },
    });
    expect(other.body.error.code).toBe("qr_already_used");

    const old = api.clock.now() - 4 * 86_400_000;
    const tooOld = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-OFF-3",
      billVnd: 250_000,
      member: { code: memberQrCode(m.card.memberId, m.card.qrSecret, old), capturedAt: new Date(old).toISOString() },
    });
    expect(tooOld.body.error.code).toBe("qr_expired");
    // A code that does not match its claimed capture time is refused.
    const lying = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-OFF-4",
      billVnd: 250_000,
      member: { code: memberQrCode(m.card.memberId, m.card.qrSecret, old), capturedAt: new Date(api.clock.now()).toISOString() },
    });
    expect(lying.body.error.code).toBe("qr_expired");
  });

  it("upgrades the tier as soon as the rolling spend passes the threshold, and applies its multiplier", async () => {
    const m = await enrolledMember(api, "earn-tier");
    const first = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-T1",
      billVnd: 2_100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(first.body).toMatchObject({ points: 210, tier: "silver", tierChanged: true });
    const second = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-T2",
      billVnd: 1_259_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    // floor(125 × 1.2) = 150
    expect(second.body).toMatchObject({ points: 150, tierBps: 12_000, tier: "silver", tierChanged: false, balance: 360 });
  });

  it("keeps a top-tier member's tier without summing their history, and clears a pending downgrade once they qualify again", async () => {
    const m = await enrolledMember(api, "earn-diamond");
    const first = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-D1",
      billVnd: 16_000_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(first.body).toMatchObject({ tier: "diamond", tierChanged: true });
    const again = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-D2",
      billVnd: 100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(again.body).toMatchObject({ tier: "diamond", tierChanged: false, tierBps: 15_000, points: 15 });
    // The monthly run marked a downgrade pending; spend within the window still qualifies, so
    // the next earn sums it and clears the mark.
    await api.database.db
      .update(members)
      .set({ tierPendingSince: new Date(api.clock.now() - 86_400_000) })
      .where(eq(members.id, m.card.memberId));
    await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-D3",
      billVnd: 100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    const [row] = await api.database.db
      .select({ tier: members.tier, pending: members.tierPendingSince })
      .from(members)
      .where(eq(members.id, m.card.memberId));
    expect(row).toEqual({ tier: "diamond", pending: null });
  });

  it("applies the best active promotion of the store, not stacked, only in its date range", async () => {
    const m = await enrolledMember(api, "earn-promo");
    const now = api.clock.now();
    const [{ brandId }] = (await api.database.db
      .select({ brandId: users.brandId })
      .from(users)
      .where(eq(users.zaloId, "dev-earn-promo"))) as [{ brandId: string }];
    await api.database.db.insert(promotions).values([
      { brandId, name: "Q1 x2", bps: 20_000, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000), storeIds: [q1] },
      { brandId, name: "All x1.5", bps: 15_000, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000), storeIds: null },
      {
        brandId,
        name: "Future x3",
        bps: 30_000,
        startsAt: new Date(now + 86_400_000),
        endsAt: new Date(now + 2 * 86_400_000),
        storeIds: null,
      },
    ]);
    const atQ1 = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-P1",
      billVnd: 100_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(atQ1.body).toMatchObject({ points: 20, promotionBps: 20_000 });
    await api.database.db.delete(promotions).where(and(eq(promotions.brandId, brandId)));
  });

  it("treats HD-0001, hd-0001, ' HD-0001.' and full-width ＨＤ－０００１ as one receipt, stored as first typed", async () => {
    const m = await enrolledMember(api, "earn-receipt-forms");
    const other = await enrolledMember(api, "earn-receipt-forms-b");
    const token = await scanToken(api, staff, m.card);
    const first = await earn(api, staff, { storeId: q1, receiptNo: "hd-0901", billVnd: 300_000, member: { scanToken: token } });
    expect(first.status).toBe(200);
    // The same bill for the same member under another spelling is the same receipt: a retry.
    const again = await earn(api, staff, { storeId: q1, receiptNo: " HD-0901.", billVnd: 300_000, member: { scanToken: token } });
    expect(again.body).toMatchObject({ replayed: true, entryId: first.body.entryId });
    const otherToken = await scanToken(api, staff, other.card);
    for (const receiptNo of ["HD-0901", "(hd-0901)", "ＨＤ－０９０１"]) {
      const res = await earn(api, staff, { storeId: q1, receiptNo, billVnd: 300_000, member: { scanToken: otherToken } });
      expect([receiptNo, res.status, res.body.error?.code]).toEqual([receiptNo, 409, "receipt_already_used"]);
    }
    expect((await entries(m.card.memberId)) + (await entries(other.card.memberId))).toBe(1);
    const [row] = await api.database.db
      .select({ receiptNo: ledgerEntries.receiptNo, receiptKey: ledgerEntries.receiptKey, method: ledgerEntries.method })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.id, first.body.entryId));
    expect(row).toEqual({ receiptNo: "hd-0901", receiptKey: "HD-0901", method: "qr" });
    // Imported history is compared the same way.
    await importedEarn(api, { memberId: other.card.memberId, storeId: q1, receiptNo: "seed-77", billVnd: 100_000 });
    const seeded = await earn(api, staff, { storeId: q1, receiptNo: "SEED-77", billVnd: 100_000, member: { scanToken: token } });
    expect(seeded.body.error.code).toBe("receipt_already_used");
  });

  it("refuses a cashier crediting their own membership, live or offline (self_credit); a colleague may, and the ledger says who", async () => {
    const shopStaff = await makeStaff(api, store, { name: "Lan" });
    const [u] = await api.database.db.select({ zaloId: users.zaloId }).from(users).where(eq(users.id, shopStaff.userId));
    const own = await enrolledMember(api, u!.zaloId!.replace(/^dev-/, ""), "Lan");
    expect(own.user.id).toBe(shopStaff.userId);
    const lan = await shopStaff.signIn();
    const code = memberQrCode(own.card.memberId, own.card.qrSecret, api.clock.now());
    const scanned = await api.call("POST", "/staff/scan-member", { token: lan, body: { code } });
    expect([scanned.status, scanned.body.error.code]).toEqual([403, "self_credit"]);
    // A token signed for her own card (as if the scan had let it through) is refused at the earn too.
    const forged = await signScanToken(
      TEST_SESSION_SECRET,
      { memberId: own.card.memberId, staffId: shopStaff.userId, brandId: own.user.brandId },
      api.clock.now(),
    );
    const live = await earn(api, lan, { storeId: q1, receiptNo: "HD-SELF-1", billVnd: 500_000, member: { scanToken: forged } });
    expect([live.status, live.body.error.code]).toEqual([403, "self_credit"]);
    const offline = await earn(api, lan, {
      storeId: q1,
      receiptNo: "HD-SELF-2",
      billVnd: 500_000,
      member: { code, capturedAt: new Date(api.clock.now()).toISOString() },
    });
    expect([offline.status, offline.body.error.code]).toEqual([403, "self_credit"]);
    expect(await entries(own.card.memberId)).toBe(0);
    api.clock.advance(30_000);
    const byColleague = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-SELF-3",
      billVnd: 500_000,
      member: { scanToken: await scanToken(api, staff, own.card) },
    });
    expect(byColleague.status).toBe(200);
    const [row] = await api.database.db
      .select({ actorId: ledgerEntries.actorId })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.id, byColleague.body.entryId));
    expect(row!.actorId).toBe(cashier.userId);
  });

  it("says when, by whom and for how many points a repeated receipt was credited", async () => {
    const m = await enrolledMember(api, "earn-repeat");
    const other = await enrolledMember(api, "earn-repeat-b");
    const creditedAt = new Date(api.clock.now()).toISOString();
    const token = await scanToken(api, staff, m.card);
    const first = await earn(api, staff, { storeId: q1, receiptNo: "HD-1047", billVnd: 1_259_000, member: { scanToken: token } });
    expect(first.body).toMatchObject({ points: 125, replayed: false, earlier: null });
    api.clock.advance(60_000);
    staff = await cashier.signIn();
    const retry = await earn(api, staff, { storeId: q1, receiptNo: "hd-1047", billVnd: 1_259_000, member: { scanToken: token } });
    expect(retry.body).toMatchObject({ replayed: true, points: 125, earlier: { at: expect.any(String), staffName: cashier.name } });
    expect(Date.parse(retry.body.earlier.at)).toBeGreaterThanOrEqual(Date.parse(creditedAt));
    const refused = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-1047",
      billVnd: 99_000,
      member: { scanToken: await scanToken(api, staff, other.card) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "receipt_already_used",
      params: { at: retry.body.earlier.at, staff: cashier.name, points: 125 },
    });
    // Imported history has no cashier: time and points only.
    await importedEarn(api, { memberId: m.card.memberId, storeId: q1, receiptNo: "IMP-1047", billVnd: 300_000 });
    const imported = await earn(api, staff, {
      storeId: q1,
      receiptNo: "IMP-1047",
      billVnd: 300_000,
      member: { scanToken: await scanToken(api, staff, other.card) },
    });
    expect(imported.body.error.params).toEqual({ at: expect.any(String), points: 30 });
  });

  it("credits an offline-captured code for one receipt only", async () => {
    const m = await enrolledMember(api, "earn-offline-once");
    const capturedAt = api.clock.now() - 3_600_000;
    const member = { code: memberQrCode(m.card.memberId, m.card.qrSecret, capturedAt), capturedAt: new Date(capturedAt).toISOString() };
    const first = await earn(api, staff, { storeId: q1, receiptNo: "HD-ONCE-1", billVnd: 200_000, member });
    expect([first.status, first.body.points]).toEqual([200, 20]);
    const second = await earn(api, staff, { storeId: q1, receiptNo: "HD-ONCE-2", billVnd: 200_000, member });
    expect([second.status, second.body.error?.code]).toEqual([409, "qr_already_used"]);
    // Its own retry is still answered.
    expect((await earn(api, staff, { storeId: q1, receiptNo: "HD-ONCE-1", billVnd: 200_000, member })).body.replayed).toBe(true);
    const [row] = await api.database.db
      .select({ method: ledgerEntries.method })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.id, first.body.entryId));
    expect(row!.method).toBe("offline_code");
    expect(await entries(m.card.memberId)).toBe(1);
    await expectLedgerInvariants(api.database);
  });
});
