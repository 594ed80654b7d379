import { count, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { brands, ledgerEntries, lotTakes, rewards, vouchers } from "../../src/server/db/schema";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { makeStaff, makeStore, type TestStaff } from "../support/factories";
import { expectLedgerInvariants } from "../support/loyalty";

async function manager(api: TestApi) {
  return (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
}

async function give(api: TestApi, managerToken: string, memberId: string, points: number) {
  const res = await api.ok(loyaltyEndpoints.adjust, {
    token: managerToken,
    params: { memberId },
    body: { points, reason: "Khởi tạo cho kiểm thử", idempotencyKey: `seed-${randomUUID()}` },
  });
  expect(res.status).toBe(200);
}

async function createReward(api: TestApi, managerToken: string, input: Record<string, unknown>) {
  const res = await api.call("POST", "/console/rewards", { token: managerToken, body: { name: "Phần thưởng", pointsCost: 50, ...input } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe("redeeming rewards and using vouchers", () => {
  let api: TestApi;
  let mgr: string;
  let q1: string;
  let cashier: TestStaff;
  beforeAll(async () => {
    api = await testApi();
    mgr = await manager(api);
    const store = await makeStore(api);
    q1 = store.id;
    cashier = await makeStaff(api, store);
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    mgr = await manager(api); // tests move the clock past a session's 15 minutes
  });

  it("issues a voucher with an unguessable code, debits the points and takes one from stock", async () => {
    const m = await enrolledMember(api, "redeem-1");
    await give(api, mgr, m.card.memberId, 120);
    const rewardId = await createReward(api, mgr, { name: "Cà phê sữa đá", pointsCost: 50, stock: 3 });
    const res = await api.ok(loyaltyEndpoints.redeem, { token: m.session.accessToken, body: { rewardId, idempotencyKey: "redeem-1-a" } });
    expect(res.status).toBe(200);
    expect(res.body.balance).toBe(70);
    expect(res.body.voucher).toMatchObject({ rewardName: "Cà phê sữa đá", status: "issued" });
    expect(res.body.voucher.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(res.body.voucher.qrPayload).toBe(`LLV1.${res.body.voucher.code}`);
    const [reward] = await api.database.db.select().from(rewards).where(eq(rewards.id, rewardId));
    expect(reward!.stock).toBe(2);
    const mine = await api.ok(loyaltyEndpoints.myVouchers, { token: m.session.accessToken });
    expect(mine.body.items.map((v) => v.id)).toEqual([res.body.voucher.id]);
    const catalog = await api.ok(loyaltyEndpoints.catalog, { token: m.session.accessToken });
    expect(catalog.body.available).toBe(70);
    expect(catalog.body.items.find((i) => i.id === rewardId)).toMatchObject({ redeemable: true, stock: 2 });
  });

  it("is idempotent: a retry returns the same voucher; the key for another reward is refused", async () => {
    const m = await enrolledMember(api, "redeem-2");
    await give(api, mgr, m.card.memberId, 200);
    const a = await createReward(api, mgr, { pointsCost: 50 });
    const b = await createReward(api, mgr, { pointsCost: 60 });
    const first = await api.ok(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: a, idempotencyKey: "redeem-2-key" },
    });
    const again = await api.ok(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: a, idempotencyKey: "redeem-2-key" },
    });
    expect(again.body).toMatchObject({ replayed: true, voucher: { id: first.body.voucher.id }, balance: 150 });
    const other = await api.refused(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: b, idempotencyKey: "redeem-2-key" },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_conflict");
    const summary = await api.ok(loyaltyEndpoints.summary, { token: m.session.accessToken });
    expect(summary.body.balance).toBe(150);
  });

  it("refuses with a reason and writes nothing: too few points, wrong tier, inactive, ended", async () => {
    const m = await enrolledMember(api, "redeem-3");
    await give(api, mgr, m.card.memberId, 40);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ pointsCost: 50 }, 409, "insufficient_points"],
      [{ pointsCost: 10, eligibleTiers: ["gold", "diamond"] }, 403, "tier_not_eligible"],
      [{ pointsCost: 10, active: false }, 409, "reward_unavailable"],
      [{ pointsCost: 10, validFrom: "2020-01-01T00:00:00+07:00", validUntil: "2021-01-01T00:00:00+07:00" }, 409, "reward_unavailable"],
      [{ pointsCost: 10, stock: 0 }, 409, "out_of_stock"],
    ];
    for (const [input, status, code] of cases) {
      const rewardId = await createReward(api, mgr, input);
      const res = await api.call("POST", "/members/me/redemptions", {
        token: m.session.accessToken,
        body: { rewardId, idempotencyKey: `k-${randomUUID()}` },
      });
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
    const [{ n }] = (await api.database.db.select({ n: count() }).from(vouchers).where(eq(vouchers.memberId, m.card.memberId))) as [
      { n: number },
    ];
    expect(n).toBe(0);
    expect((await api.call("GET", "/members/me/summary", { token: m.session.accessToken })).body.balance).toBe(40);
  });

  it("spends the oldest points first (FIFO)", async () => {
    const m = await enrolledMember(api, "redeem-fifo");
    await give(api, mgr, m.card.memberId, 30);
    api.clock.advance(86_400_000);
    mgr = await manager(api);
    await give(api, mgr, m.card.memberId, 40);
    const rewardId = await createReward(api, mgr, { pointsCost: 50 });
    const token = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:redeem-fifo" } })).body.session.accessToken;
    const res = await api.ok(loyaltyEndpoints.redeem, { token, body: { rewardId, idempotencyKey: "fifo-key-1" } });
    expect(res.status).toBe(200);
    const [debitRow] = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.voucherId, res.body.voucher.id));
    const takes = await api.database.db.select().from(lotTakes).where(eq(lotTakes.entryId, debitRow!.id));
    expect(takes.map((t) => t.points).sort((a, b) => b - a)).toEqual([30, 20]);
  });

  it("lets exactly 10 of 200 simultaneous redemptions through when the balance covers 10", async () => {
    const m = await enrolledMember(api, "redeem-race");
    await give(api, mgr, m.card.memberId, 500);
    const rewardId = await createReward(api, mgr, { pointsCost: 50 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api.call("POST", "/members/me/redemptions", { token: m.session.accessToken, body: { rewardId, idempotencyKey: `race-key-${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === "insufficient_points")).toHaveLength(190);
    expect((await api.call("GET", "/members/me/summary", { token: m.session.accessToken })).body.balance).toBe(0);
    await expectLedgerInvariants(api.database);
  });

  it("never oversells: 1,000 simultaneous redemptions against a stock of 50", async () => {
    const rewardId = await createReward(api, mgr, { pointsCost: 10, stock: 50 });
    const shoppers = await Promise.all(Array.from({ length: 20 }, (_, i) => enrolledMember(api, `stock-${i}`)));
    for (const s of shoppers) await give(api, mgr, s.card.memberId, 1_000);
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        api.call("POST", "/members/me/redemptions", {
          token: shoppers[i % 20]!.session.accessToken,
          body: { rewardId, idempotencyKey: `stock-key-${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === "out_of_stock")).toHaveLength(950);
    const [reward] = await api.database.db.select().from(rewards).where(eq(rewards.id, rewardId));
    expect(reward!.stock).toBe(0);
    const [{ n }] = (await api.database.db.select({ n: count() }).from(vouchers).where(eq(vouchers.rewardId, rewardId))) as [{ n: number }];
    expect(n).toBe(50);
    await expectLedgerInvariants(api.database);
  });

  it("staff use a voucher once; a second use, an expired, a foreign or an unknown voucher is refused", async () => {
    const staff = await cashier.signIn();
    const m = await enrolledMember(api, "voucher-1", "Lý Tuấn Kiệt");
    await give(api, mgr, m.card.memberId, 200);
    const rewardId = await createReward(api, mgr, { name: "Bánh croissant", pointsCost: 40, voucherValidityDays: 7 });
    const redeem = async (key: string) =>
      (await api.ok(loyaltyEndpoints.redeem, { token: m.session.accessToken, body: { rewardId, idempotencyKey: key } })).body.voucher;
    const v1 = await redeem("voucher-key-1");
    const use = (code: string) => api.call("POST", "/staff/vouchers/use", { token: staff, body: { code, storeId: q1 } });
    const used = await use(v1.qrPayload);
    expect(used.status).toBe(200);
    expect(used.body).toMatchObject({ code: v1.code, rewardName: "Bánh croissant", memberName: "Lý Tuấn Kiệt" });
    const second = await use(v1.code.toLowerCase());
    expect([second.status, second.body.error.code]).toEqual([409, "voucher_used"]);

    const v2 = await redeem("voucher-key-2");
    const race = await Promise.all(Array.from({ length: 10 }, () => use(v2.code)));
    expect(race.filter((r) => r.status === 200)).toHaveLength(1);

    const v3 = await redeem("voucher-key-3");
    api.clock.advance(8 * 86_400_000);
    const staffLater = await cashier.signIn();
    const expired = await api.refused(loyaltyEndpoints.useVoucher, { token: staffLater, body: { code: v3.code, storeId: q1 } });
    expect([expired.status, expired.body.error.code]).toEqual([422, "voucher_expired"]);
    const [other] = await api.database.db.insert(brands).values({ slug: "other-brand", name: "Other" }).returning();
    await api.database.db.insert(vouchers).values({
      brandId: other!.id,
      memberId: (await enrolledMember(api, "voucher-foreign")).card.memberId,
      rewardId,
      code: "ABCD-EFGH-JKMN-PQRS",
      issuedAt: new Date(api.clock.now()),
      expiresAt: new Date(api.clock.now() + 86_400_000),
    });
    const foreign = await api.refused(loyaltyEndpoints.useVoucher, {
      token: staffLater,
      body: { code: "abcd efgh jkmn pqrs", storeId: q1 },
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, "wrong_brand"]);
    const unknown = await api.refused(loyaltyEndpoints.useVoucher, {
      token: staffLater,
      body: { code: "0000-0000-0000-0000", storeId: q1 },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "voucher_not_found"]);
    const mine = await api.ok(loyaltyEndpoints.myVouchers, {
      token: (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:voucher-1" } })).body.session.accessToken,
    });
    expect(mine.body.items.map((v) => v.status).sort()).toEqual(["expired", "used", "used"]);
  });
});
