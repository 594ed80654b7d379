import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import { brands, members, qrScans, users } from "../../src/server/db/schema";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { makeStaff, makeStore } from "../support/factories";

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
});
