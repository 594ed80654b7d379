import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { users, vouchers } from "../../src/server/db/schema";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, makeStaff, makeStore, type TestStaff, type TestStore } from "../support/factories";

/**
 * Issue 10 item 11: a look before use at the counter. The cashier sees the voucher's reward,
 * value and owner before confirming; a refused voucher says when, where and by whom it was used.
 */
describe("a voucher at the counter: preview, then use", () => {
  let api: TestApi;
  let q1: TestStore;
  let q3: TestStore;
  let lan: TestStaff;
  let other: TestStaff;

  beforeAll(async () => {
    api = await testApi();
    q1 = await makeStore(api, { name: "Quận 1" });
    q3 = await makeStore(api, { name: "Quận 3" });
    lan = await makeStaff(api, q1, { name: "Lan" });
    other = await makeStaff(api, q3, { name: "Minh" });
  });
  afterAll(() => api.close());

  /** A fresh member with a phone, holding one voucher for a 120-point reward. */
  async function memberWithVoucher(id: string) {
    const mgr = await consoleSession(api, "manager");
    const m = await enrolledMember(api, id, "Lý Tuấn Kiệt");
    await api.database.db.update(users).set({ phone: "84912345678" }).where(eq(users.id, m.user.id));
    await api.ok(loyaltyEndpoints.adjust, {
      token: mgr,
      params: { memberId: m.card.memberId },
      body: { points: 500, reason: "Khởi tạo cho kiểm thử", idempotencyKey: `seed-${randomUUID()}` },
    });
    const reward = await api.call("POST", "/console/rewards", {
      token: mgr,
      body: { name: "Bánh croissant", description: "Một bánh bơ", pointsCost: 120, voucherValidityDays: 7 },
    });
    const redeemed = await api.ok(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: reward.body.id as string, idempotencyKey: `redeem-${randomUUID()}` },
    });
    return redeemed.body.voucher;
  }

  it("shows the reward, its value and its owner (masked phone) without using the voucher", async () => {
    const v = await memberWithVoucher("vc-preview");
    const token = await lan.signIn();
    const preview = await api.ok(loyaltyEndpoints.previewVoucher, { token, body: { code: v.qrPayload, storeId: q1.id } });
    expect(preview.body).toMatchObject({
      voucherId: v.id,
      code: v.code,
      rewardName: "Bánh croissant",
      rewardDescription: "Một bánh bơ",
      pointsCost: 120,
      expiresAt: v.expiresAt,
      owner: { displayName: "Lý Tuấn Kiệt", phoneMasked: "0912 *** 678" },
    });
    expect(preview.body.owner.memberNo).toMatch(/^\d{8}$/);
    // Looking twice changes nothing: the voucher is still unused and can be used once.
    await api.ok(loyaltyEndpoints.previewVoucher, { token, body: { code: v.code, storeId: q1.id } });
    const [row] = await api.database.db.select().from(vouchers).where(eq(vouchers.id, v.id));
    expect(row!.status).toBe("issued");
    await api.ok(loyaltyEndpoints.useVoucher, { token, body: { code: v.code, storeId: q1.id, idempotencyKey: `use-${randomUUID()}` } });
  });

  it("refuses a used voucher with when, at which store and by whom, at preview and at use", async () => {
    const v = await memberWithVoucher("vc-used");
    const usedAt = api.clock.now();
    await api.ok(loyaltyEndpoints.useVoucher, {
      token: await lan.signIn(),
      body: { code: v.code, storeId: q1.id, idempotencyKey: `use-${randomUUID()}` },
    });
    api.clock.advance(3_600_000);
    const token = await other.signIn();
    for (const endpoint of [loyaltyEndpoints.previewVoucher, loyaltyEndpoints.useVoucher]) {
      const refused = await api.refused(endpoint, { token, body: { code: v.code, storeId: q3.id } });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: "voucher_used",
        params: { usedAt: new Date(usedAt).toISOString(), storeName: "Quận 1", usedBy: "Lan" },
      });
    }
  });

  it("refuses an expired voucher with its expiry, and an unknown code as not found", async () => {
    const v = await memberWithVoucher("vc-expired");
    api.clock.advance(8 * 86_400_000);
    const refused = await api.refused(loyaltyEndpoints.previewVoucher, {
      token: await lan.signIn(),
      body: { code: v.code, storeId: q1.id },
    });
    expect([refused.status, refused.body.error.code, refused.body.error.params]).toEqual([
      422,
      "voucher_expired",
      { expiresAt: v.expiresAt },
    ]);
    const unknown = await api.refused(loyaltyEndpoints.previewVoucher, {
      token: await lan.signIn(),
      body: { code: "0000-0000-0000-0000", storeId: q1.id },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "voucher_not_found"]);
  });

  it("is for counter roles at their own stores only", async () => {
    const v = await memberWithVoucher("vc-roles");
    const marketer = await consoleSession(api, "marketer");
    const asMarketer = await api.refused(loyaltyEndpoints.previewVoucher, { token: marketer, body: { code: v.code, storeId: q1.id } });
    expect([asMarketer.status, asMarketer.body.error.code]).toEqual([403, "forbidden"]);
    const notMyStore = await api.refused(loyaltyEndpoints.previewVoucher, {
      token: await other.signIn(),
      body: { code: v.code, storeId: q1.id },
    });
    expect([notMyStore.status, notMyStore.body.error.code]).toEqual([403, "store_not_allowed"]);
  });

  it("uses idempotently: a retry with the same key answers the first use; another key is told it was used", async () => {
    const v = await memberWithVoucher("vc-idem");
    const token = await lan.signIn();
    const key = `use-${randomUUID()}`;
    const first = await api.ok(loyaltyEndpoints.useVoucher, { token, body: { code: v.code, storeId: q1.id, idempotencyKey: key } });
    expect(first.body).toMatchObject({ voucherId: v.id, rewardName: "Bánh croissant", memberName: "Lý Tuấn Kiệt", replayed: false });
    api.clock.advance(60_000);
    const retry = await api.ok(loyaltyEndpoints.useVoucher, { token, body: { code: v.qrPayload, storeId: q1.id, idempotencyKey: key } });
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    const again = await api.refused(loyaltyEndpoints.useVoucher, {
      token,
      body: { code: v.code, storeId: q1.id, idempotencyKey: `use-${randomUUID()}` },
    });
    expect([again.status, again.body.error.code, again.body.error.params?.usedBy]).toEqual([409, "voucher_used", "Lan"]);
  });
});
