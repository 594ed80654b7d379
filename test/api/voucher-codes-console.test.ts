import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { auditEvents, brands, vouchers } from "../../src/server/db/schema";
import { enrolledMember, testApi, type TestApi } from "../support/api";

/**
 * Issue 10 item 13: marketers never see live voucher codes (masked, as phones are); managers
 * reveal one code at a time, and every reveal is audited (who, when, which voucher).
 */
describe("voucher codes in the console", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  const signIn = async (role: "manager" | "marketer") => (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body;

  /** A member with one live voucher; returns the member id and the voucher as the member sees it. */
  async function memberWithVoucher(id: string) {
    const mgr = (await signIn("manager")).session.accessToken;
    const m = await enrolledMember(api, id);
    await api.ok(loyaltyEndpoints.adjust, {
      token: mgr,
      params: { memberId: m.card.memberId },
      body: { points: 100, reason: "Khởi tạo cho kiểm thử", idempotencyKey: `seed-${randomUUID()}` },
    });
    const reward = await api.call("POST", "/console/rewards", { token: mgr, body: { name: "Cà phê sữa đá", pointsCost: 50 } });
    const redeemed = await api.ok(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: reward.body.id as string, idempotencyKey: `redeem-${randomUUID()}` },
    });
    return { memberId: m.card.memberId, voucher: redeemed.body.voucher };
  }

  it("shows every console role the member's vouchers with the code masked, never the code or its QR payload", async () => {
    const { memberId, voucher } = await memberWithVoucher("codes-masked");
    for (const role of ["marketer", "manager"] as const) {
      const token = (await signIn(role)).session.accessToken;
      const detail = await api.ok(loyaltyEndpoints.memberDetail, { token, params: { memberId } });
      expect(detail.body.vouchers).toEqual([
        expect.objectContaining({ id: voucher.id, codeMasked: `****-****-****-${voucher.code.slice(-4)}`, status: "issued" }),
      ]);
      expect(JSON.stringify(detail.body)).not.toContain(voucher.code.slice(0, 9));
    }
  });

  it("refuses marketers a reveal (403 forbidden) and records nothing", async () => {
    const { voucher } = await memberWithVoucher("codes-marketer");
    const marketer = (await signIn("marketer")).session.accessToken;
    const refused = await api.refused(loyaltyEndpoints.revealVoucherCode, { token: marketer, params: { voucherId: voucher.id } });
    expect([refused.status, refused.body.error.code]).toEqual([403, "forbidden"]);
    expect(await api.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, voucher.id))).toEqual([]);
  });

  it("reveals one code to a manager and audits who, when and which voucher, every time", async () => {
    const { voucher } = await memberWithVoucher("codes-manager");
    const manager = await signIn("manager");
    const first = await api.ok(loyaltyEndpoints.revealVoucherCode, {
      token: manager.session.accessToken,
      params: { voucherId: voucher.id },
    });
    expect(first.body).toEqual({ voucherId: voucher.id, code: voucher.code, revealedAt: new Date(api.clock.now()).toISOString() });
    api.clock.advance(60_000);
    await api.ok(loyaltyEndpoints.revealVoucherCode, { token: manager.session.accessToken, params: { voucherId: voucher.id } });

    const rows = await api.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, voucher.id)).orderBy(auditEvents.at);
    expect(rows.map((r) => [r.actorId, r.action, r.at.getTime()])).toEqual([
      [manager.user.id, "voucher_code_revealed", api.clock.now() - 60_000],
      [manager.user.id, "voucher_code_revealed", api.clock.now()],
    ]);
  });

  it("says not found for another brand's voucher or no voucher, and records nothing", async () => {
    const manager = (await signIn("manager")).session.accessToken;
    const { voucher } = await memberWithVoucher("codes-foreign");
    const [other] = await api.database.db.insert(brands).values({ slug: "codes-other-brand", name: "Other" }).returning();
    await api.database.db.update(vouchers).set({ brandId: other!.id }).where(eq(vouchers.id, voucher.id));
    for (const voucherId of [voucher.id, randomUUID()]) {
      const refused = await api.refused(loyaltyEndpoints.revealVoucherCode, { token: manager, params: { voucherId } });
      expect([refused.status, refused.body.error.code]).toEqual([404, "voucher_not_found"]);
    }
    expect(await api.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, voucher.id))).toEqual([]);
  });
});
