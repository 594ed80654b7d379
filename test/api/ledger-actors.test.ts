/**
 * Issue 10, items 3, 8, 9 (adjust) and 11 (cancel and refund): who caused every ledger entry,
 * the internal note apart from what the member reads, whole-number points with their limit,
 * and a manager's voucher cancellation with its refund.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { MEMBER_REASON_TEXT } from "../../src/domain/loyalty/actors";
import { expireDuePoints } from "../../src/server/features/loyalty/jobs";
import { rewards } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { makeMember, makeReward, makeStaff, makeStore, type TestStaff, type TestStore } from "../support/factories";
import { expectLedgerInvariants, scanToken } from "../support/loyalty";

const login = async (api: TestApi, role: "manager" | "marketer") =>
  (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body.session.accessToken;

describe("ledger: who caused each entry, what the member reads, voucher refunds", () => {
  let api: TestApi;
  let mgr: string;
  let marketer: string;
  let store: TestStore;
  let lan: TestStaff;
  let minh: TestStaff;
  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api);
    lan = await makeStaff(api, store, { name: "Lan" });
    minh = await makeStaff(api, store, { name: "Minh" });
  });
  beforeEach(async () => {
    mgr = await login(api, "manager");
    marketer = await login(api, "marketer");
  });
  afterAll(() => api.close());

  const give = (memberId: string, points: number, extra: Record<string, unknown> = {}) =>
    api.call("POST", `/console/members/${memberId}/adjustments`, {
      token: mgr,
      body: { points, reason: "Khởi tạo cho kiểm thử", idempotencyKey: `give-${randomUUID()}`, ...extra },
    });

  async function earnAt(
    staff: TestStaff,
    member: Awaited<ReturnType<typeof makeMember>>,
    receiptNo: string,
    headers?: Record<string, string>,
  ) {
    const token = await staff.signIn();
    const body = { storeId: store.id, receiptNo, billVnd: 500_000, member: { scanToken: await scanToken(api, token, member.card) } };
    return api.call("POST", "/staff/earn", { token, body, headers });
  }

  it("records the staff member and device of an earn, the manager of a correction, the member of a redemption and the system of expiry; the console shows them and filters by who", async () => {
    const a = await makeMember(api, { name: "Khách A" });
    const b = await makeMember(api, { name: "Khách B" });
    const byLan = await earnAt(lan, a, "HD-ACT-1", { "x-device-id": "till-q1-phone-01" });
    expect(byLan.status).toBe(200);
    expect((await earnAt(minh, a, "HD-ACT-2")).status).toBe(200);
    expect((await earnAt(lan, b, "HD-ACT-3", { "x-device-id": "till-q1-phone-01" })).status).toBe(200);
    // A malformed device id is refused, not stored, and nothing is credited.
    const bad = await earnAt(lan, b, "HD-ACT-4", { "x-device-id": "x".repeat(65) });
    expect([bad.status, bad.body.error.code, bad.body.error.issues]).toEqual([
      400,
      "invalid_request",
      [{ code: "device_id_invalid", field: "x-device-id", params: { min: 8, max: 64 } }],
    ]);
    expect((await give(a.card.memberId, 200)).status).toBe(200);
    const reward = await makeReward(api, { pointsCost: 60 }, mgr);
    await api.ok(loyaltyEndpoints.redeem, {
      token: a.session.accessToken,
      body: { rewardId: reward.id, idempotencyKey: `r-${randomUUID()}` },
    });

    const detail = await api.ok(loyaltyEndpoints.memberDetail, { token: marketer, params: { memberId: a.card.memberId } });
    const who = detail.body.ledger.map((e) => [e.kind, e.actor.kind, e.actor.name, e.actor.role]);
    expect(who).toEqual([
      ["redeem", "member", "Khách A", "member"],
      ["adjust", "manager", expect.any(String), "manager"],
      ["earn", "staff", "Minh", "staff"],
      ["earn", "staff", "Lan", "staff"],
    ]);
    const earns = detail.body.ledger.filter((e) => e.kind === "earn");
    expect(earns[1]!.actor).toEqual({ kind: "staff", userId: lan.userId, name: "Lan", role: "staff", device: "till-q1-phone-01" });
    // No device id sent: the session it came through stands for the device.
    expect(earns[0]!.actor.device).toMatch(/^session:[0-9a-f-]{36}$/);

    // Fraud is found by looking at who: everything Lan did, across members.
    const lanPage = await api.ok(loyaltyEndpoints.brandLedger, { token: marketer, query: { actorId: lan.userId } });
    expect(lanPage.body.items.map((e) => [e.receiptNo, e.memberName])).toEqual([
      ["HD-ACT-3", "Khách B"],
      ["HD-ACT-1", "Khách A"],
    ]);
    const memberFiltered = await api.ok(loyaltyEndpoints.memberLedger, {
      token: marketer,
      params: { memberId: a.card.memberId },
      query: { actorKind: "staff" },
    });
    expect(memberFiltered.body.items.map((e) => e.receiptNo)).toEqual(["HD-ACT-2", "HD-ACT-1"]);

    // The expiry job writes as the system.
    api.clock.advance(400 * 86_400_000);
    await expireDuePoints(api.database.db, api.clock.now());
    const system = await api.ok(loyaltyEndpoints.memberLedger, {
      token: await login(api, "marketer"),
      params: { memberId: a.card.memberId },
      query: { actorKind: "system" },
    });
    expect(system.body.items.length).toBeGreaterThan(0);
    expect(system.body.items.every((e) => e.kind === "expire" && e.actor.userId === null)).toBe(true);

    // The member's own export says who, as a kind (staff names are the staff's own data).
    const exported = await api.ok(preferenceEndpoints.exportData, { token: (await a.signIn()) as string });
    expect(exported.body.ledger.map((e) => e.by)).toEqual([
      "staff",
      "staff",
      "manager",
      "member",
      ...system.body.items.map(() => "system"),
    ]);
    await expectLedgerInvariants(api.database);
  });

  it("keeps a correction's internal note in the console; the member reads only the chosen preset or a neutral default", async () => {
    const m = await makeMember(api, { name: "Khách C" });
    const note = "Khách quen hay phàn nàn, tặng bù cho êm chuyện";
    const goodwill = await give(m.card.memberId, 50, { reason: note, memberReason: "goodwill" });
    expect(goodwill.status).toBe(200);
    expect((await give(m.card.memberId, 20, { reason: "Bù điểm ca tối" })).status).toBe(200);
    const credited = await earnAt(lan, m, "HD-NOTE-1");
    const reversal = await api.ok(loyaltyEndpoints.reverse, {
      token: mgr,
      params: { entryId: credited.body.entryId },
      body: { reason: "Thu ngân quét nhầm khách", memberReason: "purchase_returned" },
    });
    expect(reversal.status).toBe(200);

    const token = await m.signIn();
    const mine = await api.ok(loyaltyEndpoints.ledger, { token });
    expect(mine.body.items.map((e) => [e.kind, e.reason, e.memberReason])).toEqual([
      ["reversal", null, "purchase_returned"],
      ["earn", null, null],
      ["adjust", null, null],
      ["adjust", null, "goodwill"],
    ]);
    const exported = await api.ok(preferenceEndpoints.exportData, { token });
    for (const text of [JSON.stringify(mine.body), JSON.stringify(exported.body)]) {
      expect(text).not.toContain(note);
      expect(text).not.toContain("Bù điểm ca tối");
      expect(text).not.toContain("Thu ngân quét nhầm khách");
    }
    expect(exported.body.ledger.map((e) => e.reason)).toEqual([
      MEMBER_REASON_TEXT.goodwill.vi,
      null,
      null,
      MEMBER_REASON_TEXT.purchase_returned.vi,
    ]);

    const console = await api.ok(loyaltyEndpoints.memberDetail, { token: marketer, params: { memberId: m.card.memberId } });
    expect(console.body.ledger.map((e) => [e.kind, e.note, e.memberReason])).toEqual([
      ["reversal", "Thu ngân quét nhầm khách", "purchase_returned"],
      ["earn", null, null],
      ["adjust", "Bù điểm ca tối", null],
      ["adjust", note, "goodwill"],
    ]);
    const unknownPreset = await give(m.card.memberId, 5, { memberReason: "you_are_banned" });
    expect(unknownPreset.status).toBe(400);
  });

  it("refuses adjustment points that are not whole numbers within the limit, quoting the limit, and changes nothing", async () => {
    const m = await makeMember(api);
    expect((await give(m.card.memberId, 10)).status).toBe(200);
    for (const points of [12.5, 1e12, -1e12, 0, 1_000_001]) {
      const res = await give(m.card.memberId, points);
      expect([res.status, res.body.error.code, res.body.error.issues], String(points)).toEqual([
        400,
        "invalid_request",
        [{ code: "points_invalid", field: "points", params: { min: 1, max: 1_000_000 } }],
      ]);
    }
    const detail = await api.ok(loyaltyEndpoints.memberDetail, { token: mgr, params: { memberId: m.card.memberId } });
    expect(detail.body.summary.balance).toBe(10);
    expect(detail.body.ledger).toHaveLength(1);
  });

  it("cancels an unused voucher for a manager: refunds exactly its points once, gives its stock back, and the member sees it cancelled and refunded", async () => {
    const m = await makeMember(api, { name: "Khách D" });
    expect((await give(m.card.memberId, 300)).status).toBe(200);
    const reward = await makeReward(api, { pointsCost: 120, stock: 2 }, mgr);
    const token = await m.signIn();
    const redeemed = await api.ok(loyaltyEndpoints.redeem, { token, body: { rewardId: reward.id, idempotencyKey: `r-${randomUUID()}` } });
    expect(redeemed.body.balance).toBe(180);
    const voucherId = redeemed.body.voucher.id;
    const body = { reason: "Khách đổi nhầm quà", memberReason: "voucher_cancelled" as const, idempotencyKey: `cancel-${randomUUID()}` };

    expect((await api.refused(loyaltyEndpoints.cancelVoucher, { token: marketer, params: { voucherId }, body })).status).toBe(403);
    const cancelled = await api.ok(loyaltyEndpoints.cancelVoucher, { token: mgr, params: { voucherId }, body });
    expect(cancelled.body).toMatchObject({ points: 120, balance: 300, replayed: false, voucher: { status: "cancelled" } });
    // The same request again (a lost answer): the same result, nothing twice.
    const replay = await api.ok(loyaltyEndpoints.cancelVoucher, { token: mgr, params: { voucherId }, body });
    expect(replay.body).toMatchObject({ entryId: cancelled.body.entryId, balance: 300, replayed: true });
    const again = await api.refused(loyaltyEndpoints.cancelVoucher, {
      token: mgr,
      params: { voucherId },
      body: { ...body, idempotencyKey: `cancel-${randomUUID()}` },
    });
    expect([again.status, again.body.error.code]).toEqual([409, "voucher_cancelled"]);
    const [stock] = await api.database.db.select({ stock: rewards.stock }).from(rewards).where(eq(rewards.id, reward.id));
    expect(stock!.stock).toBe(2);

    const vouchers = await api.ok(loyaltyEndpoints.myVouchers, { token });
    expect(vouchers.body.items[0]).toMatchObject({ id: voucherId, status: "cancelled", cancelledAt: expect.any(String) });
    const mine = await api.ok(loyaltyEndpoints.ledger, { token });
    expect(mine.body.items[0]).toMatchObject({
      kind: "refund",
      points: 120,
      balanceAfter: 300,
      reason: null,
      memberReason: "voucher_cancelled",
    });
    // The refunded points keep the life they had: the lot ends when the points it gave back would have.
    const detail = await api.ok(loyaltyEndpoints.memberDetail, { token: mgr, params: { memberId: m.card.memberId } });
    expect(detail.body.ledger[0]!.actor).toMatchObject({ kind: "manager", role: "manager" });
    expect(detail.body.lots.map((l) => l.remaining).sort()).toEqual([120, 180]);
    expect(new Set(detail.body.lots.map((l) => l.expiresAt)).size).toBe(1);

    // The counter refuses a cancelled voucher with its own code.
    const staffToken = await lan.signIn();
    const use = await api.refused(loyaltyEndpoints.useVoucher, {
      token: staffToken,
      body: { code: redeemed.body.voucher.code, storeId: store.id },
    });
    expect([use.status, use.body.error.code]).toEqual([409, "voucher_cancelled"]);
    await expectLedgerInvariants(api.database);
  });

  it("refuses to cancel a used or an expired voucher, or an unknown one, each with its own code", async () => {
    const m = await makeMember(api);
    expect((await give(m.card.memberId, 500)).status).toBe(200);
    const reward = await makeReward(api, { pointsCost: 100, voucherValidityDays: 7 }, mgr);
    const token = await m.signIn();
    const redeem = async () =>
      (await api.ok(loyaltyEndpoints.redeem, { token, body: { rewardId: reward.id, idempotencyKey: `r-${randomUUID()}` } })).body.voucher;
    const used = await redeem();
    const toExpire = await redeem();
    await api.ok(loyaltyEndpoints.useVoucher, { token: await lan.signIn(), body: { code: used.code, storeId: store.id } });
    const cancel = async (voucherId: string) =>
      api.refused(loyaltyEndpoints.cancelVoucher, {
        token: await login(api, "manager"),
        params: { voucherId },
        body: { reason: "Thử huỷ", idempotencyKey: `cancel-${randomUUID()}` },
      });
    const usedRefusal = await cancel(used.id);
    expect([usedRefusal.status, usedRefusal.body.error.code]).toEqual([409, "voucher_used"]);
    api.clock.advance(8 * 86_400_000);
    const expiredRefusal = await cancel(toExpire.id);
    expect([expiredRefusal.status, expiredRefusal.body.error.code]).toEqual([422, "voucher_expired"]);
    const unknown = await cancel(randomUUID());
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "voucher_not_found"]);
    const detail = await api.ok(loyaltyEndpoints.memberDetail, {
      token: await login(api, "manager"),
      params: { memberId: m.card.memberId },
    });
    expect(detail.body.summary.balance).toBe(300);
    expect(detail.body.ledger.some((e) => e.kind === "refund")).toBe(false);
    await expectLedgerInvariants(api.database);
  });
});
