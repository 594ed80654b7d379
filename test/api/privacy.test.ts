import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import {
  consents,
  currentConsents,
  idempotencyKeys,
  members,
  messages,
  preferenceAnswers,
  privacyRequests,
  sandboxInbox,
  sessions,
  users,
  vouchers,
} from "../../src/server/db/schema";
import { dispatchVoucherMessages, dispatchWelcomeMessages } from "../../src/server/features/messaging/enqueue";
import { runOnce } from "../../src/server/features/messaging/worker";
import { mayContactMember } from "../../src/server/features/preferences/consents";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { makeReward, makeStaff, makeStore, type TestStaff, type TestStore } from "../support/factories";
import { earn, expectLedgerInvariants, scanToken } from "../support/loyalty";

describe("privacy rights: download my data, delete my account", () => {
  let api: TestApi;
  let staff: string;
  let cashier: TestStaff;
  let store: TestStore;
  let q1: string;
  let rewardId: string;
  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api, { name: "Cửa hàng Nguyễn Huệ" });
    q1 = store.id;
    cashier = await makeStaff(api, store);
    staff = await cashier.signIn();
    rewardId = (await makeReward(api, { name: "Bánh croissant bơ", pointsCost: 40 })).id;
    // Welcome and voucher messages are made from the consent and points ledgers past cursors,
    // which start when the worker first looks: here, before these members consent and redeem
    // (the points-updated cursor still starts later, so no points message is expected).
    await dispatchWelcomeMessages(api.database.db, api.clock.now());
    await dispatchVoucherMessages(api.database.db, api.clock.now());
  });
  afterAll(() => api.close());

  /** A member with points, a voucher, an answer, a consent and a Zalo answer. */
  async function activeMember(id: string, name: string) {
    staff = await cashier.signIn();
    const m = await enrolledMember(api, id, name);
    const token = m.session.accessToken;
    await api.database.db.update(users).set({ phone: "84911222333" }).where(eq(users.id, m.user.id));
    await api.ok(preferenceEndpoints.setConsent, {
      token,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    await earn(api, staff, {
      storeId: q1,
      receiptNo: `HD-${id}`,
      billVnd: 1_000_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    await api.ok(loyaltyEndpoints.redeem, { token, body: { rewardId, idempotencyKey: `redeem-${id}` } });
    await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: "milk" },
      body: { formVersion: 1, value: { kind: "single", optionId: "oat" } },
    });
    await api.ok(preferenceEndpoints.setConsent, {
      token,
      body: { purpose: "app_notifications", granted: true, wordingVersion: PURPOSES.app_notifications.version },
    });
    await api.ok(preferenceEndpoints.zaloAnswer, {
      token,
      body: { purpose: "app_notifications", permission: "requestSendNotification", outcome: "allowed" },
    });
    while ((await runOnce(api.deps.messaging)) > 0); // welcome and voucher messages, to the sandbox
    return m;
  }

  it("exports everything held about the member, and nothing about anyone else", async () => {
    const m = await activeMember("export-me", "Trương Mỹ Duyên");
    const other = await activeMember("export-other", "Người Khác");
    const res = await api.ok(preferenceEndpoints.exportData, { token: m.session.accessToken });
    expect(res.status).toBe(200);
    const data = res.body;
    expect(data.format).toBe("loyalloop.member-export/1");
    expect(data.brand.name).toBe("Cà Phê Mây");
    expect(data.profile).toMatchObject({ zaloUserId: "dev-export-me", displayName: "Trương Mỹ Duyên" });
    expect(data.membership).toMatchObject({ memberNo: m.card.memberNo, tier: "member" });
    expect(data.preferences).toEqual([expect.objectContaining({ questionId: "milk", answer: "Sữa yến mạch", formVersion: 1 })]);
    expect(data.consents.map((c) => [c.purpose, c.granted])).toEqual([
      ["membership", true],
      ["zns_care", true],
      ["app_notifications", true],
    ]);
    // Welcome and voucher messages are dispatched in the same worker pass, at the same instant:
    // neither comes "first", so they are compared by template.
    const byTemplate = [...data.messages].sort((a, b) => String(a.template).localeCompare(String(b.template)));
    expect(byTemplate.map((x) => [x.template, x.status])).toEqual([
      ["Chào mừng thành viên", expect.stringMatching(/^(sent|delivered)$/)],
      ["Voucher vừa đổi", expect.stringMatching(/^(sent|delivered)$/)],
    ]);
    expect(byTemplate[0]!.text).toContain("Trương Mỹ Duyên");
    expect(data.zaloPermissionAnswers).toEqual([expect.objectContaining({ permission: "requestSendNotification", outcome: "allowed" })]);
    expect(data.ledger.map((e) => [e.kind, e.points])).toEqual([
      ["earn", 100],
      ["redeem", expect.any(Number)],
    ]);
    expect(data.ledger[0]).toMatchObject({ store: store.name, receiptNo: "HD-export-me", billVnd: 1_000_000 });
    expect(data.pointLots).toHaveLength(1);
    expect(data.vouchers).toEqual([expect.objectContaining({ status: "issued", code: expect.any(String) })]);
    expect(data).toHaveProperty("surveyAnswers");
    expect(data).toHaveProperty("messages");
    const text = JSON.stringify(data);
    expect(text).not.toContain("Người Khác");
    expect(text).not.toContain(other.card.memberId);
    expect(text).not.toContain("HD-export-other");
    expect(text).not.toContain(m.card.qrSecret);
    const logged = await api.database.db.select().from(privacyRequests).where(eq(privacyRequests.userId, m.user.id));
    expect(logged.map((r) => r.kind)).toEqual(["export"]);
  });

  it("erases personal data at once, keeps the ledger anonymised and balanced, and stops all messaging", async () => {
    const m = await activeMember("erase-me", "Lưu Bảo Trâm");
    const token = m.session.accessToken;
    const before = (await api.ok(loyaltyEndpoints.summary, { token })).body.balance;
    expect(before).toBeGreaterThan(0);
    const unconfirmed = await api.call("POST", "/members/me/erase", { token, body: { confirm: false } });
    expect(unconfirmed.status).toBe(400);

    const res = await api.ok(preferenceEndpoints.erase, { token, body: { confirm: true } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erasedAt: expect.any(String), pointsForfeited: before });

    const [user] = await api.database.db.select().from(users).where(eq(users.id, m.user.id));
    expect(user).toMatchObject({ zaloId: null, avatarUrl: null, phone: null });
    expect(user!.displayName).not.toContain("Lưu Bảo Trâm");
    const [member] = await api.database.db.select().from(members).where(eq(members.id, m.card.memberId));
    expect(member).toMatchObject({ pointsBalance: 0, erasedAt: expect.any(Date) });
    expect(member!.qrSecret).not.toBe(m.card.qrSecret);
    expect(await api.database.db.select().from(preferenceAnswers).where(eq(preferenceAnswers.memberId, m.card.memberId))).toEqual([]);
    expect((await api.database.db.select().from(vouchers).where(eq(vouchers.memberId, m.card.memberId))).map((v) => v.status)).toEqual([
      "void",
    ]);
    expect((await api.database.db.select().from(sessions).where(eq(sessions.userId, m.user.id))).every((s) => s.revokedAt !== null)).toBe(
      true,
    );
    const sent = await api.database.db.select().from(messages).where(eq(messages.memberId, m.card.memberId));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((x) => JSON.stringify(x.templateData) === "{}")).toBe(true);
    expect(
      await api.database.db
        .select()
        .from(sandboxInbox)
        .where(
          inArray(
            sandboxInbox.trackingId,
            sent.map((x) => x.trackingId),
          ),
        ),
    ).toEqual([]);
    const keys = await api.database.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, `${q1}:HD-erase-me`));
    expect(JSON.stringify(keys)).not.toContain("Lưu Bảo Trâm");
    await expectLedgerInvariants(api.database);

    for (const purpose of ["membership", "zns_care", "zns_promo", "app_notifications"] as const) {
      expect(await mayContactMember(api.database.db, m.card.memberId, purpose, api.clock.now())).toEqual({ ok: false, reason: "erased" });
    }
    // The current decisions segments and campaigns read (current_consents, decision 0048) are
    // erasure's withdrawals: every purpose the member had granted, now not granted.
    const current = await api.database.db.select().from(currentConsents).where(eq(currentConsents.userId, m.user.id));
    const ledger = await api.database.db.select().from(consents).where(eq(consents.userId, m.user.id)).orderBy(asc(consents.id));
    const latest = new Map(ledger.map((c) => [c.purpose, c]));
    expect(current.map((c) => [c.purpose, c.granted, c.consentId]).sort()).toEqual(
      [...latest.values()].map((c) => [c.purpose, false, c.id]).sort(),
    );
    expect([...latest.values()].map((c) => c.channel)).toEqual(["erasure", "erasure", "erasure"]);
    // The old access token ended with its session (issue 10 item 16), and the old QR is dead.
    expect((await api.refused(memberEndpoints.card, { token })).body.error.code).toBe("unauthenticated");
    expect((await api.refused(preferenceEndpoints.erase, { token, body: { confirm: true } })).body.error.code).toBe("unauthenticated");
    const scan = await api.refused(memberEndpoints.scanMember, {
      token: await cashier.signIn(),
      body: { code: memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()) },
    });
    expect(scan.status).toBe(422);
    const logged = await api.database.db.select().from(privacyRequests).where(eq(privacyRequests.userId, m.user.id));
    expect(logged.map((r) => r.kind)).toEqual(["erase"]);

    // Signing in again with the same Zalo account starts a new, empty membership.
    const again = await enrolledMember(api, "erase-me", "Lưu Bảo Trâm");
    expect(again.card.memberId).not.toBe(m.card.memberId);
    expect(again.card.pointsBalance).toBe(0);
  });

  it("console shows the erasure and the anonymised ledger stays counted in the liability", async () => {
    const m = await activeMember("erase-console", "Hà Quang Vinh");
    await api.ok(preferenceEndpoints.erase, { token: m.session.accessToken, body: { confirm: true } });
    const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    const consents = await api.ok(preferenceEndpoints.memberConsents, { token: manager, params: { id: m.card.memberId } });
    expect(consents.body.erasedAt).not.toBeNull();
    expect(consents.body.privacyRequests.map((r) => r.kind)).toEqual(["erase"]);
    expect(consents.body.purposes.every((p) => !p.granted)).toBe(true);
    expect(consents.body.history[0]).toMatchObject({ channel: "erasure", granted: false });
    const detail = await api.ok(loyaltyEndpoints.memberDetail, { token: manager, params: { memberId: m.card.memberId } });
    expect(JSON.stringify(detail.body)).not.toContain("Hà Quang Vinh");
  });
});
