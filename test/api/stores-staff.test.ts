import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { storeConsoleEndpoints, storeEndpoints } from "../../src/contract/endpoints/stores";
import type { StoreInput } from "../../src/contract/stores";
import { auditEvents, members, staffStores, stores, users } from "../../src/server/db/schema";
import { INVITE_TTL_MS } from "../../src/server/features/stores/invites";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeStore, testBrand } from "../support/factories";
import { earn, scanToken } from "../support/loyalty";

/** Issue 16: stores and cashiers administered from the console; the invite a cashier accepts in the Mini App. */
describe("stores and staff", () => {
  let api: TestApi;
  let brandId: string;
  let admin: string;
  beforeAll(async () => {
    api = await testApi();
    brandId = (await testBrand(api)).id;
    admin = await consoleSession(api, "admin");
  });
  afterAll(() => api.close());

  const hours = {
    mon: { open: "08:00", close: "22:00" },
    tue: { open: "08:00", close: "22:00" },
    wed: { open: "08:00", close: "22:00" },
    thu: { open: "08:00", close: "22:00" },
    fri: { open: "08:00", close: "22:00" },
    sat: { open: "09:00", close: "21:00" },
    sun: null,
  };
  const storeInput = (over: Partial<StoreInput> = {}): StoreInput => ({
    name: `Cửa hàng ${Math.random().toString(36).slice(2, 8)}`,
    address: "12 Lê Lợi, Quận 1",
    phone: "028 3822 1234",
    mapUrl: "https://maps.app.goo.gl/abc123",
    openingHours: hours,
    active: true,
    ...over,
  });
  const audits = (action: "store_changed" | "staff_invited" | "staff_joined" | "staff_changed", subjectId: string) =>
    api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));
  /** A Zalo user who opened the Mini App (signed in, not a member). */
  async function zaloUser(id = `cashier-${Math.random().toString(36).slice(2, 10)}`) {
    const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:${id}|Thu ngân ${id}` } });
    return { token: login.body.session.accessToken, userId: login.body.user.id };
  }
  async function invite(storeIds: string[]) {
    const res = await api.ok(storeConsoleEndpoints.createStaffInvite, { token: admin, body: { storeIds, label: "Chị Lan" } });
    return { ...res.body, token: new URL(res.body.url).searchParams.get("t")! };
  }

  it("an admin creates and edits a store, audited; managers read; the Mini App lists active ones", async () => {
    const created = await api.ok(storeConsoleEndpoints.createStore, { token: admin, body: storeInput({ name: "  Quận 7  " }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Quận 7", openingHours: hours, active: true, staffCount: 0 });
    const id = created.body.id;
    expect(await audits("store_changed", id)).toMatchObject([{ detail: { change: "created", name: "Quận 7" } }]);

    const edited = await api.ok(storeConsoleEndpoints.updateStore, {
      token: admin,
      params: { storeId: id },
      body: storeInput({ name: "Quận 7", phone: "", mapUrl: "https://maps.google.com/?q=10.7,106.7" }),
    });
    expect(edited.body).toMatchObject({ phone: null, mapUrl: "https://maps.google.com/?q=10.7,106.7" });
    const [, change] = await audits("store_changed", id);
    expect(change!.detail, JSON.stringify(change)).toEqual({
      change: "edited",
      "phone.from": "028 3822 1234",
      "phone.to": null,
      "mapUrl.from": "https://maps.app.goo.gl/abc123",
      "mapUrl.to": "https://maps.google.com/?q=10.7,106.7",
    });
    // The same values again: nothing recorded.
    await api.ok(storeConsoleEndpoints.updateStore, { token: admin, params: { storeId: id }, body: { ...edited.body } as StoreInput });
    expect(await audits("store_changed", id)).toHaveLength(2);

    const manager = await consoleSession(api, "manager");
    expect((await api.ok(storeConsoleEndpoints.storeAdminList, { token: manager })).body.stores.map((s) => s.id)).toContain(id);
    expect((await api.refused(storeConsoleEndpoints.createStore, { token: manager, body: storeInput() })).status).toBe(403);
    expect((await api.refused(storeConsoleEndpoints.storeAdminList, { token: await consoleSession(api, "marketer") })).status).toBe(403);

    const shopper = await makeMember(api);
    const listed = await api.ok(storeEndpoints.listStores, { token: shopper.session.accessToken });
    expect(listed.body.utcOffsetMinutes).toBe(420);
    expect(listed.body.stores.find((s) => s.id === id)).toMatchObject({ name: "Quận 7", openingHours: hours });
    await api.ok(storeConsoleEndpoints.updateStore, {
      token: admin,
      params: { storeId: id },
      body: { ...edited.body, active: false } as StoreInput,
    });
    const after = await api.ok(storeEndpoints.listStores, { token: shopper.session.accessToken });
    expect(after.body.stores.map((s) => s.id)).not.toContain(id);
  });

  it("bad input: 422 store_invalid with the field, or a 4xx for hostile bodies; nothing saved", async () => {
    const before = (await api.database.db.select().from(stores).where(eq(stores.brandId, brandId))).length;
    const bad = await api.refused(storeConsoleEndpoints.createStore, {
      token: admin,
      body: storeInput({ mapUrl: "javascript:alert(1)", openingHours: { ...hours, mon: { open: "22:00", close: "08:00" } } }),
    });
    expect(bad).toMatchObject({
      status: 422,
      body: {
        error: {
          code: "store_invalid",
          issues: [
            { code: "store_map_url_invalid", field: "mapUrl" },
            { code: "store_hours_order", field: "openingHours.mon.close" },
          ],
        },
      },
    });
    for (const body of [
      {},
      { ...storeInput(), openingHours: { mon: "all day" } },
      { ...storeInput(), name: "\u0000" },
      "[]",
      { ...storeInput(), active: "yes" },
    ]) {
      const res = await api.call("POST", "/console/stores", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const missing = await api.refused(storeConsoleEndpoints.updateStore, {
      token: admin,
      params: { storeId: "00000000-0000-4000-8000-000000000000" },
      body: storeInput(),
    });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "store_not_found" } } });
    expect((await api.database.db.select().from(stores).where(eq(stores.brandId, brandId))).length).toBe(before);
  });

  it("an invited Zalo user accepts, becomes staff of those stores and awards points there; the invite is single use", async () => {
    const store = await makeStore(api);
    const other = await makeStore(api);
    const inv = await invite([store.id]);
    expect(inv.url).toContain("staff-invite?t=");
    expect(await audits("staff_invited", inv.id)).toHaveLength(1);
    expect(
      (
        await api.refused(storeConsoleEndpoints.createStaffInvite, {
          token: await consoleSession(api, "manager"),
          body: { storeIds: [store.id] },
        })
      ).status,
    ).toBe(403);

    const cashier = await zaloUser();
    const preview = await api.ok(storeEndpoints.previewStaffInvite, { token: cashier.token, body: { token: inv.token } });
    expect(preview.body.stores).toEqual([{ id: store.id, name: store.name }]);
    const accepted = await api.ok(storeEndpoints.acceptStaffInvite, { token: cashier.token, body: { token: inv.token } });
    expect(accepted.body.user).toMatchObject({ role: "staff", stores: [{ id: store.id, name: store.name }] });
    expect(await audits("staff_joined", cashier.userId)).toHaveLength(1);

    const again = await api.refused(storeEndpoints.acceptStaffInvite, { token: (await zaloUser()).token, body: { token: inv.token } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "staff_invite_used" } } });

    const staffToken = accepted.body.session.accessToken;
    const shopper = await makeMember(api);
    const credited = await earn(api, staffToken, {
      storeId: store.id,
      receiptNo: "HD-INV-1",
      billVnd: 120_000,
      member: { scanToken: await scanToken(api, staffToken, shopper.card) },
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(200);
    const elsewhere = await earn(api, staffToken, {
      storeId: other.id,
      receiptNo: "HD-INV-2",
      billVnd: 120_000,
      member: { scanToken: await scanToken(api, staffToken, shopper.card) },
    });
    expect(elsewhere.body.error.code).toBe("store_not_allowed");

    const list = await api.ok(storeConsoleEndpoints.consoleStaff, { token: admin });
    expect(list.body.staff.find((s) => s.userId === cashier.userId)).toMatchObject({
      stores: [{ id: store.id }],
      suspended: false,
      earns30d: 1,
      lastActivityAt: expect.any(String),
    });
    const activity = await api.ok(storeConsoleEndpoints.staffActivity, { token: admin, params: { userId: cashier.userId } });
    expect(activity.body.items).toMatchObject([{ kind: "earn", billVnd: 120_000, receiptNo: "HD-INV-1", storeName: store.name }]);
  });

  it("expired, unknown, withdrawn invites and console accounts: typed 4xx, nothing changes", async () => {
    const store = await makeStore(api);
    const expired = await invite([store.id]);
    api.clock.advance(INVITE_TTL_MS);
    // Sessions last 15 minutes: sign in again after the clock moved.
    admin = await consoleSession(api, "admin");
    const user = await zaloUser();
    const late = await api.refused(storeEndpoints.acceptStaffInvite, { token: user.token, body: { token: expired.token } });
    expect(late).toMatchObject({
      status: 422,
      body: { error: { code: "staff_invite_expired", params: { expiresAt: expired.expiresAt } } },
    });
    const unknown = await api.refused(storeEndpoints.previewStaffInvite, { token: user.token, body: { token: "nope" } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "staff_invite_not_found" } } });

    const withdrawn = await invite([store.id]);
    await api.ok(storeConsoleEndpoints.revokeStaffInvite, { token: admin, params: { inviteId: withdrawn.id } });
    expect(
      (await api.refused(storeEndpoints.acceptStaffInvite, { token: user.token, body: { token: withdrawn.token } })).body.error.code,
    ).toBe("staff_invite_not_found");

    const open = await invite([store.id]);
    const conflict = await api.refused(storeEndpoints.acceptStaffInvite, {
      token: await consoleSession(api, "manager"),
      body: { token: open.token },
    });
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: "staff_invite_role_conflict" } } });
    // The refused accept did not use the invite up.
    expect((await api.ok(storeEndpoints.acceptStaffInvite, { token: user.token, body: { token: open.token } })).body.user.role).toBe(
      "staff",
    );
    const [row] = await api.database.db.select().from(users).where(eq(users.id, user.userId));
    expect(row!.role).toBe("staff");

    const invalid = await api.refused(storeConsoleEndpoints.createStaffInvite, {
      token: admin,
      body: { storeIds: [store.id, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(invalid).toMatchObject({
      status: 422,
      body: { error: { code: "staff_invalid", issues: [{ code: "store_unknown", field: "storeIds.1" }] } },
    });
  });

  it("20 people accepting one invite at once: exactly one becomes staff", async () => {
    const store = await makeStore(api);
    const inv = await invite([store.id]);
    const people = await Promise.all(Array.from({ length: 20 }, () => zaloUser()));
    const results = await Promise.all(
      people.map((p) => api.call("POST", "/staff-invites/accept", { token: p.token, body: { token: inv.token } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === "staff_invite_used")).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const bound = await api.database.db.select().from(staffStores).where(eq(staffStores.storeId, store.id));
    expect(bound).toHaveLength(1);
    const roles = await Promise.all(
      people.map(async (p) => (await api.database.db.select().from(users).where(eq(users.id, p.userId)))[0]!.role),
    );
    expect(roles.filter((r) => r === "staff")).toHaveLength(1);
  });

  it("a suspended cashier's counter actions are refused at once; reinstated they work; moved, the old store refuses", async () => {
    const first = await makeStore(api);
    const second = await makeStore(api);
    const cashier = await zaloUser();
    const inv = await invite([first.id]);
    const token = (await api.ok(storeEndpoints.acceptStaffInvite, { token: cashier.token, body: { token: inv.token } })).body.session
      .accessToken;
    const shopper = await makeMember(api);
    const scan = () => api.call("POST", "/staff/scan-member", { token, body: { code: "x" } });

    const suspended = await api.ok(storeConsoleEndpoints.updateStaff, {
      token: admin,
      params: { userId: cashier.userId },
      body: { suspended: true },
    });
    expect(suspended.body.suspended).toBe(true);
    expect((await scan()).body.error.code).toBe("staff_suspended");
    const refused = await earn(api, token, { storeId: first.id, receiptNo: "S-1", billVnd: 50_000, member: { scanToken: "x" } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "staff_suspended" } } });
    expect(
      (
        await api.refused(storeConsoleEndpoints.updateStaff, {
          token: await consoleSession(api, "manager"),
          params: { userId: cashier.userId },
          body: { suspended: false },
        })
      ).status,
    ).toBe(403);

    await api.ok(storeConsoleEndpoints.updateStaff, { token: admin, params: { userId: cashier.userId }, body: { suspended: false } });
    const ok = await earn(api, token, {
      storeId: first.id,
      receiptNo: "S-2",
      billVnd: 50_000,
      member: { scanToken: await scanToken(api, token, shopper.card) },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const moved = await api.ok(storeConsoleEndpoints.updateStaff, {
      token: admin,
      params: { userId: cashier.userId },
      body: { storeIds: [second.id] },
    });
    expect(moved.body.stores).toEqual([{ id: second.id, name: second.name }]);
    const old = await earn(api, token, {
      storeId: first.id,
      receiptNo: "S-3",
      billVnd: 50_000,
      member: { scanToken: await scanToken(api, token, shopper.card) },
    });
    expect(old.body.error.code).toBe("store_not_allowed");
    expect((await audits("staff_changed", cashier.userId)).map((a) => a.detail!.change)).toEqual(["suspended", "reinstated", "moved"]);

    const none = await api.refused(storeConsoleEndpoints.updateStaff, {
      token: admin,
      params: { userId: cashier.userId },
      body: { storeIds: [] },
    });
    expect(none).toMatchObject({ status: 422, body: { error: { code: "staff_invalid", issues: [{ code: "staff_stores_required" }] } } });
    const notStaff = await api.refused(storeConsoleEndpoints.updateStaff, {
      token: admin,
      params: { userId: shopper.user.id },
      body: { suspended: true },
    });
    expect(notStaff).toMatchObject({ status: 404, body: { error: { code: "staff_not_found" } } });
  });

  it("a switched-off store takes no earn and no voucher at its counter, and leaves the cashier's list; switched on, it works again", async () => {
    const store = await makeStore(api);
    const cashier = await zaloUser();
    const inv = await invite([store.id]);
    const token = (await api.ok(storeEndpoints.acceptStaffInvite, { token: cashier.token, body: { token: inv.token } })).body.session
      .accessToken;
    const shopper = await makeMember(api);
    const earnThere = async (receiptNo: string) =>
      earn(api, token, { storeId: store.id, receiptNo, billVnd: 80_000, member: { scanToken: await scanToken(api, token, shopper.card) } });
    const listed = async () => (await api.ok(authEndpoints.me, { token })).body.user.stores.map((s: { id: string }) => s.id);
    expect(await listed()).toEqual([store.id]);

    await api.database.db.update(stores).set({ active: false }).where(eq(stores.id, store.id));
    const refused = await earnThere("OFF-1");
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "store_not_allowed" } } });
    const voucher = await api.call("POST", "/staff/vouchers/use", {
      token,
      body: { code: "ABCD-EFGH", storeId: store.id, idempotencyKey: "use-off-1" },
    });
    expect(voucher).toMatchObject({ status: 403, body: { error: { code: "store_not_allowed" } } });
    expect(await listed()).toEqual([]);
    // Nothing was credited while it was off.
    const [row] = await api.database.db.select({ balance: members.pointsBalance }).from(members).where(eq(members.userId, shopper.user.id));
    expect(Number(row!.balance)).toBe(0);

    await api.database.db.update(stores).set({ active: true }).where(eq(stores.id, store.id));
    expect((await earnThere("OFF-2")).status).toBe(200);
    expect(await listed()).toEqual([store.id]);
  });
});
