import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEMBERSHIP_TERMS_VERSION } from "../../src/domain/consent/membership-terms";
import { consents, members, users } from "../../src/server/db/schema";
import { graphIdentity } from "../../src/server/zalo/identity";
import { ZaloFake, PHONE_CODE_TTL_MS } from "../fakes/zalo-fake";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { testApi, type TestApi } from "../support/api";

async function login(api: TestApi, accessToken: string) {
  const res = await api.ok(authEndpoints.zaloLogin, { body: { accessToken } });
  expect(res.status).toBe(200);
  return res.body.session.accessToken;
}

describe("enrolment", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("serves the membership terms in Vietnamese and English with their version", async () => {
    const res = await api.ok(memberEndpoints.terms);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(MEMBERSHIP_TERMS_VERSION);
    expect(res.body.vi.purpose).toMatch(/thẻ thành viên/);
    expect(res.body.en.points.length).toBe(res.body.vi.points.length);
  });

  it("creates the member with an explicit consent record and a card with balance 0", async () => {
    const token = await login(api, "dev:enrol-1|Lê Hoàng Anh");
    const res = await api.ok(memberEndpoints.enrol, {
      token,
      body: { termsVersion: MEMBERSHIP_TERMS_VERSION, accepted: true, locale: "vi" },
    });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    expect(res.body.card).toMatchObject({
      displayName: "Lê Hoàng Anh",
      tier: "member",
      pointsBalance: 0,
      phoneMasked: null,
      qrStepSeconds: 30,
    });
    expect(res.body.card.memberNo).toMatch(/^\d{8}$/);
    expect(res.body.card.qrSecret).toMatch(/^[0-9a-f]{64}$/);
    const [user] = await api.database.db.select().from(users).where(eq(users.zaloId, "dev-enrol-1"));
    const rows = await api.database.db.select().from(consents).where(eq(consents.userId, user!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      purpose: "membership",
      granted: true,
      wordingVersion: `${MEMBERSHIP_TERMS_VERSION}/vi`,
      channel: "mini_app",
    });

    const card = await api.ok(memberEndpoints.card, { token });
    expect(card.status).toBe(200);
    expect(card.body.memberId).toBe(res.body.card.memberId);
    expect(card.body.serverTime).toBe(new Date(api.clock.now()).toISOString());
  });

  it("is idempotent: joining twice returns the same card and records consent once", async () => {
    const token = await login(api, "dev:enrol-2");
    const body = { termsVersion: MEMBERSHIP_TERMS_VERSION, accepted: true } as const;
    const [a, b] = await Promise.all([api.ok(memberEndpoints.enrol, { token, body }), api.ok(memberEndpoints.enrol, { token, body })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.card.memberId).toBe(b.body.card.memberId);
    const [user] = await api.database.db.select().from(users).where(eq(users.zaloId, "dev-enrol-2"));
    const [{ n }] = (await api.database.db.select({ n: count() }).from(consents).where(eq(consents.userId, user!.id))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it.each([
    [{ termsVersion: MEMBERSHIP_TERMS_VERSION, accepted: false }, 400, "invalid_request"],
    [{ termsVersion: MEMBERSHIP_TERMS_VERSION }, 400, "invalid_request"],
    [{ termsVersion: MEMBERSHIP_TERMS_VERSION, accepted: "yes" }, 400, "invalid_request"],
    [{ termsVersion: "1999-01-01", accepted: true }, 409, "terms_outdated"],
  ])("refuses %j without consent and writes nothing", async (body, status, code) => {
    const token = await login(api, "dev:enrol-refused");
    const before = await api.database.db.select({ n: count() }).from(members);
    const res = await api.call("POST", "/members", { token, body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    const after = await api.database.db.select({ n: count() }).from(members);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await api.refused(memberEndpoints.card, { token })).body.error.code).toBe("not_a_member");
  });
});

describe("phone number exchange (fake Graph API)", () => {
  let fake: ZaloFake;
  let api: TestApi;
  let memberToken: string;
  beforeAll(async () => {
    fake = await new ZaloFake("app-1", "app-secret-1").start();
    api = await testApi({ identity: graphIdentity({ graphUrl: fake.url, appSecret: "app-secret-1", timeoutMs: 15_000 }) });
    fake.addUser("zt-mai", { id: "7700001", name: "Vũ Ngọc Mai" });
    memberToken = await login(api, "zt-mai");
    const joined = await api.ok(memberEndpoints.enrol, {
      token: memberToken,
      body: { termsVersion: MEMBERSHIP_TERMS_VERSION, accepted: true },
    });
    expect(joined.status).toBe(201);
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
  });

  const phoneOf = async () =>
    (await api.database.db.select({ phone: users.phone }).from(users).where(eq(users.zaloId, "7700001")))[0]!.phone;

  it("exchanges the token server-side with access_token, code and secret_key headers and stores 84…", async () => {
    const code = fake.issuePhoneCode("zt-mai", "84912000111");
    const res = await api.ok(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-mai" } });
    expect(res.status).toBe(200);
    expect(res.body.phoneMasked).toBe("0912 *** 111");
    const call = fake.requests.find((r) => r.path === "/v2.0/me/info");
    expect(call?.headers).toMatchObject({ access_token: "zt-mai", code, secret_key: "app-secret-1" });
    expect(await phoneOf()).toBe("84912000111");
    expect((await api.ok(memberEndpoints.card, { token: memberToken })).body.phoneMasked).toBe("0912 *** 111");
  });

  it("refuses an expired token (older than 2 minutes) and keeps the old number", async () => {
    const code = fake.issuePhoneCode("zt-mai", "84933000222");
    const realNow = fake.now;
    fake.now = () => realNow() + PHONE_CODE_TTL_MS + 1_000;
    const res = await api.refused(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-mai" } });
    fake.now = realNow;
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("phone_token_invalid");
    expect(await phoneOf()).toBe("84912000111");
  });

  it("refuses a used token (single use)", async () => {
    const code = fake.issuePhoneCode("zt-mai", "84933000333");
    expect((await api.ok(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-mai" } })).status).toBe(
      200,
    );
    const again = await api.refused(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-mai" } });
    expect(again.status).toBe(422);
  });

  it("answers 502 on a Graph error and changes nothing", async () => {
    const code = fake.issuePhoneCode("zt-mai", "84933000444");
    fake.failNext("http500");
    const res = await api.refused(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-mai" } });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("zalo_unavailable");
    expect(await phoneOf()).toBe("84933000333");
  });

  it("refuses someone else's Zalo access token and a non-Vietnamese number", async () => {
    fake.addUser("zt-other", { id: "7700002", name: "Other" });
    const code = fake.issuePhoneCode("zt-other", "84988000555");
    const res = await api.refused(memberEndpoints.phone, { token: memberToken, body: { phoneToken: code, accessToken: "zt-other" } });
    expect(res.status).toBe(403);
    const foreign = fake.issuePhoneCode("zt-mai", "14155550100");
    const res2 = await api.refused(memberEndpoints.phone, { token: memberToken, body: { phoneToken: foreign, accessToken: "zt-mai" } });
    expect(res2.status).toBe(422);
    expect(res2.body.error.code).toBe("phone_invalid");
    expect(await phoneOf()).toBe("84933000333");
  });
});
