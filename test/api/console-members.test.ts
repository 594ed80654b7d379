import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrolledMember, testApi, type TestApi } from "../support/api";

describe("console: members list", () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await testApi();
    token = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  const list = (query = "") => api.call("GET", `/console/members${query}`, { token });

  it("pages through the seeded members, newest first", async () => {
    const first = await list("?pageSize=10");
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(24);
    expect(first.body.items).toHaveLength(10);
    const third = await list("?pageSize=10&page=3");
    expect(third.body.items).toHaveLength(4);
    const all = [...first.body.items, ...(await list("?pageSize=10&page=2")).body.items, ...third.body.items];
    expect(new Set(all.map((m: { memberId: string }) => m.memberId)).size).toBe(24);
    const joined = all.map((m: { joinedAt: string }) => Date.parse(m.joinedAt));
    expect([...joined].sort((a, b) => b - a)).toEqual(joined);
    expect(all.find((m: { displayName: string }) => m.displayName === "Nguyễn Thị Lan").phoneMasked).toBe("0912 *** 678");
  });

  it("searches by name (accent-sensitive, case-insensitive), phone typed as 0…, and card number", async () => {
    expect((await list("?q=nguyễn")).body.items.map((m: { displayName: string }) => m.displayName)).toEqual(["Nguyễn Thị Lan"]);
    expect((await list("?q=THU")).body.items.map((m: { displayName: string }) => m.displayName)).toEqual(["Phạm Thu Hà"]);
    const byPhone = await list("?q=0987654321");
    expect(byPhone.body.items.map((m: { displayName: string }) => m.displayName)).toEqual(["Phạm Thu Hà"]);
    const someone = (await list("?pageSize=1")).body.items[0];
    const byCard = await list(`?q=${someone.memberNo}`);
    expect(byCard.body.items.map((m: { memberId: string }) => m.memberId)).toContain(someone.memberId);
    expect((await list("?q=%25")).body.total).toBe(0);
  });

  it("shows new members as they join", async () => {
    await enrolledMember(api, "console-new", "Thành Viên Mới");
    const res = await list("?q=Thành Viên Mới");
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ displayName: "Thành Viên Mới", pointsBalance: 0, tier: "member" });
  });
});
