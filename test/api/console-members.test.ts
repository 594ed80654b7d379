import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { queryRows } from "../../src/server/db/client";
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

  const names = async (q: string) =>
    (await list(`?q=${encodeURIComponent(q)}`)).body.items.map((m: { displayName: string }) => m.displayName).sort();

  it("searches by name without diacritics or case (đ as d), by card number in part, and by a whole phone", async () => {
    expect(await names("nguyen thi lan")).toEqual(["Nguyễn Thị Lan"]);
    expect(await names("NGUYỄN")).toEqual(["Nguyễn Thị Lan"]);
    expect(await names("thu")).toEqual(["Kiều Anh Thư", "Phạm Thu Hà"]);
    expect(await names("dinh ngoc tram")).toEqual(["Đinh Ngọc Trâm"]);
    expect(await names("  ĐẶNG   quoc ")).toEqual(["Đặng Quốc Bảo"]);
    // Every word but the last is a whole word; the last may be half typed.
    expect(await names("hai da")).toEqual(["Trịnh Hải Đăng"]);
    expect(await names("ai dang")).toEqual([]);
    expect(await names("0987654321")).toEqual(["Phạm Thu Hà"]);
    const someone = (await list("?pageSize=1")).body.items[0];
    const byCard = await list(`?q=${someone.memberNo}`);
    expect(byCard.body.items.map((m: { memberId: string }) => m.memberId)).toEqual([someone.memberId]);
    const byPart = await list(`?q=${someone.memberNo.slice(-3)}&pageSize=100`);
    expect(byPart.body.items.map((m: { memberId: string }) => m.memberId)).toContain(someone.memberId);
    expect(byPart.body.items.every((m: { memberNo: string }) => m.memberNo.includes(someone.memberNo.slice(-3)))).toBe(true);
    expect((await list("?q=%25")).body.total).toBe(0);
  });

  it("finds a name typed with combining marks or invisible characters, and a member who joins later", async () => {
    await enrolledMember(api, "console-nfd", "Lê Văn Đức".normalize("NFD"));
    await enrolledMember(api, "console-zw", "Trương\u200b Mỹ\u00a0Dung");
    // Sign-in stores names in NFC (domain/text/text.ts cleanName); rows from before fold alike (ll_fold below).
    expect(await names("le van duc")).toEqual(["Lê Văn Đức".normalize("NFC")]);
    expect(await names("Lê Văn Đức")).toHaveLength(1);
    expect(await names("truong my dung")).toHaveLength(1);
  });

  it("matches a phone only whole, in any usual form: a masked number cannot be recovered digit by digit", async () => {
    for (const whole of ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"]) {
      expect(await names(whole)).toEqual(["Nguyễn Thị Lan"]);
    }
    // The list shows 0912 *** 678: guessing the hidden digits one at a time finds nobody.
    for (const guess of ["0912", "09123", "091234", "0912345", "09123456", "091234567", "345678", "2345678", "912345678"]) {
      expect((await list(`?q=${encodeURIComponent(guess)}`)).body.total, guess).toBe(0);
    }
  });

  it("folds in the database, the same on PGlite and PostgreSQL (ll_fold)", async () => {
    const fold = async (text: string) => (await queryRows<{ f: string }>(api.database.db, sql`select ll_fold(${text}) as f`))[0]!.f;
    expect(await fold("Nguyễn Minh Ánh")).toBe("nguyen minh anh");
    expect(await fold("ĐẶNG Đức đồng")).toBe("dang duc dong");
    expect(await fold("Ưu Ơ Ă Â Ê Ô Ư ý Ỵ")).toBe("uu o a a e o u y y");
    expect(await fold("Nguyễn Minh Ánh".normalize("NFD"))).toBe("nguyen minh anh");
    expect(await fold("  Mỹ\u200b \u202eLinh\t ")).toBe("my linh");
  });

  it("migration 0008 folds the names of users who existed before it (backfill)", async () => {
    const db = api.database.db;
    const file = readFileSync(new URL("../../src/server/db/migrations/0008_member_search.sql", import.meta.url), "utf8");
    // Back to the schema before 0008, with a member already there, then 0008 again.
    await db.execute(sql`drop index users_brand_phone_idx`);
    await db.execute(sql`alter table users drop column search_words, drop column search_name`);
    await db.execute(sql`drop function ll_fold(text)`);
    await db.execute(sql`update users set display_name = 'Đoàn Thị Bích' where id = (select user_id from members limit 1)`);
    for (const statement of file.split("--> statement-breakpoint")) await db.execute(sql.raw(statement));
    expect(await names("doan thi bich")).toEqual(["Đoàn Thị Bích"]);
  });

  it("shows new members as they join", async () => {
    await enrolledMember(api, "console-new", "Thành Viên Mới");
    const res = await list("?q=Thành Viên Mới");
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ displayName: "Thành Viên Mới", pointsBalance: 0, tier: "member" });
  });

  it("leaves out members who deleted their account, from the page and from the total", async () => {
    const leaving = await enrolledMember(api, "console-leaving", "Người Rời Đi");
    const before = (await list("?pageSize=100")).body;
    expect(before.items.map((m: { memberId: string }) => m.memberId)).toContain(leaving.card.memberId);
    await api.ok(preferenceEndpoints.erase, { token: leaving.session.accessToken, body: { confirm: true } });
    const after = (await list("?pageSize=100")).body;
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((m: { memberId: string }) => m.memberId)).not.toContain(leaving.card.memberId);
  });
});
