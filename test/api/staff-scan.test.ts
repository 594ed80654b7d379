import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import { brands, ledgerEntries, members, qrScans, users } from "../../src/server/db/schema";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { makeStaff, makeStore, type TestStore } from "../support/factories";

describe("staff scans a member's rotating QR", () => {
  let api: TestApi;
  let staff: string;
  beforeAll(async () => {
    api = await testApi();
    staff = await (await makeStaff(api, await makeStore(api))).signIn();
  });
  afterAll(() => api.close());

  const scan = (code: string, token = staff) => api.ok(memberEndpoints.scanMember, { token, body: { code } });
  const refusedScan = (code: string, token = staff) => api.refused(memberEndpoints.scanMember, { token, body: { code } });
  const scans = async () => (await api.database.db.select({ n: count() }).from(qrScans))[0]!.n;

  it("shows the member (name, tier, masked phone) for a live code", async () => {
    const m = await enrolledMember(api, "scan-1", "Đặng Quốc Bảo");
    const res = await scan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      memberId: m.card.memberId,
      displayName: "Đặng Quốc Bảo",
      tier: "member",
      phoneMasked: null,
      memberNo: m.card.memberNo,
    });
  });

  it("refuses the same code a second time (a screenshot cannot be replayed)", async () => {
    const m = await enrolledMember(api, "scan-2");
    const code = memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now());
    expect((await scan(code)).status).toBe(200);
    const replay = await refusedScan(code);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe("qr_already_used");
  });

  it("lets exactly one of many simultaneous scans of one code through", async () => {
    const m = await enrolledMember(api, "scan-race");
    const code = memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now());
    // Raw calls: the race has both outcomes, counted by status.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.call("POST", "/staff/scan-member", { token: staff, body: { code } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it("accepts the next step's code after a scan: the card keeps working", async () => {
    const m = await enrolledMember(api, "scan-3");
    expect((await scan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()))).status).toBe(200);
    api.clock.advance(30_000);
    expect((await scan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()))).status).toBe(200);
  });

  it("refuses an expired code and a code from the future, burning nothing", async () => {
    const m = await enrolledMember(api, "scan-4");
    const before = await scans();
    const old = await refusedScan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now() - 90_000));
    expect(old.status).toBe(422);
    expect(old.body.error.code).toBe("qr_expired");
    const future = await refusedScan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now() + 90_000));
    expect(future.status).toBe(422);
    expect(future.body.error.code).toBe("qr_not_yet_valid");
    expect(await scans()).toBe(before);
  });

  it("refuses tampered, foreign-secret, unknown-member and malformed codes", async () => {
    const m = await enrolledMember(api, "scan-5");
    const code = memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now());
    const tampered = code.slice(0, -1) + (code.endsWith("0") ? "1" : "0");
    expect((await refusedScan(tampered)).body.error.code).toBe("qr_invalid");
    expect((await refusedScan(memberQrCode(m.card.memberId, "c".repeat(64), api.clock.now()))).body.error.code).toBe("qr_invalid");
    expect((await refusedScan(memberQrCode("00000000-0000-4000-8000-000000000000", "c".repeat(64), api.clock.now()))).status).toBe(422);
    const malformed = await refusedScan("https://example.com/not-a-card");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("qr_malformed");
  });

  it("refuses a member of another brand", async () => {
    const m = await enrolledMember(api, "scan-6");
    // Move this member's user to a second brand, as if they had joined another brand's Mini App.
    const [other] = await api.database.db.insert(brands).values({ slug: "other", name: "Other" }).returning();
    await api.database.db.update(members).set({ brandId: other!.id }).where(eq(members.id, m.card.memberId));
    const res = await refusedScan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("wrong_brand");
  });

  it("refuses staff who are not assigned to any store", async () => {
    const m = await enrolledMember(api, "scan-7");
    const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:unassigned-staff" } });
    await api.database.db.update(users).set({ role: "staff" }).where(eq(users.id, login.body.user.id));
    const refreshed = await api.ok(authEndpoints.refresh, { body: { refreshToken: login.body.session.refreshToken } });
    const res = await refusedScan(memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now()), refreshed.body.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  describe("when the QR will not scan: card number or phone, confirmed with the phone's last 3 digits", () => {
    let store: TestStore;
    let cashier: string;
    beforeAll(async () => {
      store = await makeStore(api);
      cashier = await (await makeStaff(api, store)).signIn();
    });
    const lookup = (body: { query: string; phoneLast3: string }, token = cashier) =>
      api.call("POST", "/staff/members/lookup", { token, body });
    async function withPhone(id: string, phone: string, name = "Khách Test") {
      const m = await enrolledMember(api, id, name);
      await api.database.db.update(users).set({ phone }).where(eq(users.id, m.user.id));
      return m;
    }
    const methodOf = async (entryId: string) =>
      (await api.database.db.select({ method: ledgerEntries.method }).from(ledgerEntries).where(eq(ledgerEntries.id, entryId)))[0]!.method;

    it("finds the member by the card number as printed, and the earn is marked card_number", async () => {
      const m = await withPhone("lookup-card", "84912000111", "Lê Thị Card");
      const found = await lookup({ query: `Mã thành viên ${m.card.memberNo}`, phoneLast3: "111" });
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ memberId: m.card.memberId, displayName: "Lê Thị Card", phoneMasked: "0912 *** 111" });
      const earned = await api.call("POST", "/staff/earn", {
        token: cashier,
        body: { storeId: store.id, receiptNo: "LK-1", billVnd: 200_000, member: { scanToken: found.body.scanToken } },
      });
      expect(earned.status).toBe(200);
      expect(await methodOf(earned.body.entryId)).toBe("card_number");
    });

    it("finds the member by their whole phone number, and the earn is marked phone", async () => {
      const m = await withPhone("lookup-phone", "84912000222");
      const found = await lookup({ query: "0912 000 222", phoneLast3: "222" });
      expect([found.status, found.body.memberId]).toEqual([200, m.card.memberId]);
      const earned = await api.call("POST", "/staff/earn", {
        token: cashier,
        body: { storeId: store.id, receiptNo: "LK-2", billVnd: 200_000, member: { scanToken: found.body.scanToken } },
      });
      expect(await methodOf(earned.body.entryId)).toBe("phone");
    });

    it("answers member_not_found alike for wrong digits, part of a phone, no phone, another brand and nonsense", async () => {
      const m = await withPhone("lookup-miss", "84912000333");
      const noPhone = await enrolledMember(api, "lookup-nophone");
      const foreign = await withPhone("lookup-foreign", "84912000444");
      const [other] = await api.database.db.insert(brands).values({ slug: "other-lookup", name: "Other" }).returning();
      await api.database.db.update(members).set({ brandId: other!.id }).where(eq(members.id, foreign.card.memberId));
      for (const body of [
        { query: m.card.memberNo, phoneLast3: "334" },
        { query: "0912000", phoneLast3: "333" },
        { query: "912000333", phoneLast3: "333" },
        { query: noPhone.card.memberNo, phoneLast3: "000" },
        { query: "0912000444", phoneLast3: "444" },
        { query: foreign.card.memberNo, phoneLast3: "444" },
        { query: "not a card", phoneLast3: "333" },
      ]) {
        const res = await lookup(body);
        expect([body.query, res.status, res.body.error?.code]).toEqual([body.query, 404, "member_not_found"]);
      }
      expect((await lookup({ query: m.card.memberNo, phoneLast3: "33" })).status).toBe(400);
    });

    it("is for counter staff only", async () => {
      const m = await withPhone("lookup-role", "84912000555");
      const res = await lookup({ query: m.card.memberNo, phoneLast3: "555" }, m.session.accessToken);
      expect(res.status).toBe(403);
    });
  });
});
