import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimJob, runDueJobs } from "../../src/server/jobs/scheduler";
import { expireDuePoints } from "../../src/server/features/loyalty/jobs";
import pino from "pino";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { consoleEndpoints } from "../../src/contract/endpoints/console";
import { gameConsoleEndpoints } from "../../src/contract/endpoints/game";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { importedEarn, makeStaff, makeStore, type TestStaff } from "../support/factories";
import { earn, expectLedgerInvariants, scanToken } from "../support/loyalty";

const login = async (api: TestApi, role: "manager" | "marketer") =>
  (await api.ok(authEndpoints.consoleDevLogin, { body: { role } })).body.session.accessToken;

describe("console: adjustments, reversals, member detail, rewards, liability", () => {
  let api: TestApi;
  let mgr: string;
  let marketer: string;
  let q1: string;
  let cashier: TestStaff;
  beforeAll(async () => {
    api = await testApi();
    const store = await makeStore(api);
    q1 = store.id;
    cashier = await makeStaff(api, store);
  });
  beforeEach(async () => {
    mgr = await login(api, "manager");
    marketer = await login(api, "marketer");
  });
  afterAll(() => api.close());

  const adjust = (token: string, memberId: string, points: number, key = `adj-${randomUUID()}`, reason = "Bồi thường đơn lỗi") =>
    api.call("POST", `/console/members/${memberId}/adjustments`, { token, body: { points, reason, idempotencyKey: key } });

  it("lets managers adjust with a reason, idempotently; marketers cannot; balances never go negative", async () => {
    const m = await enrolledMember(api, "adj-1");
    const plus = await adjust(mgr, m.card.memberId, 100, "adj-key-1");
    expect(plus.body).toMatchObject({ points: 100, balance: 100, replayed: false });
    expect((await adjust(mgr, m.card.memberId, 100, "adj-key-1")).body).toMatchObject({ replayed: true, balance: 100 });
    expect((await adjust(mgr, m.card.memberId, 50, "adj-key-1")).body.error.code).toBe("idempotency_conflict");
    expect((await adjust(mgr, m.card.memberId, -150)).body.error.code).toBe("insufficient_points");
    expect((await adjust(mgr, m.card.memberId, -30)).body.balance).toBe(70);
    expect((await adjust(marketer, m.card.memberId, 10)).status).toBe(403);
    expect((await adjust(mgr, m.card.memberId, 0)).status).toBe(400);
    expect((await adjust(mgr, m.card.memberId, 10, undefined, "")).status).toBe(400);
    expect((await adjust(mgr, randomUUID(), 10)).body.error.code).toBe("member_not_found");
    const detail = await api.ok(loyaltyEndpoints.memberDetail, { token: marketer, params: { memberId: m.card.memberId } });
    expect(detail.status).toBe(200);
    expect(detail.body.summary.balance).toBe(70);
    // The reason given is the internal note (decision 0017): the console reads it as `note`.
    expect(detail.body.ledger.map((e) => [e.kind, e.points, e.note])).toEqual([
      ["adjust", -30, "Bồi thường đơn lỗi"],
      ["adjust", 100, "Bồi thường đơn lỗi"],
    ]);
    expect(detail.body.lots).toEqual([expect.objectContaining({ original: 100, remaining: 70 })]);
  });

  it("reverses a mistaken earn once, as a new entry, and takes its bill out of the tier spend", async () => {
    const staff = await cashier.signIn();
    const m = await enrolledMember(api, "rev-1");
    const credited = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-REV",
      billVnd: 2_500_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    expect(credited.body.tier).toBe("silver");
    const reversed = await api.ok(loyaltyEndpoints.reverse, {
      token: mgr,
      params: { entryId: credited.body.entryId },
      body: { reason: "Nhập nhầm hoá đơn" },
    });
    expect(reversed.body).toMatchObject({ points: -250, balance: 0 });
    const again = await api.refused(loyaltyEndpoints.reverse, {
      token: mgr,
      params: { entryId: credited.body.entryId },
      body: { reason: "Nhập nhầm hoá đơn" },
    });
    expect([again.status, again.body.error.code]).toEqual([409, "already_reversed"]);
    const notEarn = await api.refused(loyaltyEndpoints.reverse, {
      token: mgr,
      params: { entryId: reversed.body.entryId },
      body: { reason: "Thử đảo ngược" },
    });
    expect(notEarn.body.error.code).toBe("not_reversible");
    expect(
      (
        await api.refused(loyaltyEndpoints.reverse, {
          token: marketer,
          params: { entryId: credited.body.entryId },
          body: { reason: "x".repeat(5) },
        })
      ).status,
    ).toBe(403);
    const detail = await api.ok(loyaltyEndpoints.memberDetail, {
      token: mgr,
      params: { memberId: m.card.memberId },
      query: { locale: "en" },
    });
    expect(detail.body.summary.spendVnd).toBe(0);
    expect(detail.body.summary.tier.name).toBe("Silver"); // downgrades wait for the monthly evaluation
    expect(detail.body.ledger[0]).toMatchObject({ kind: "reversal", receiptNo: "HD-REV", points: -250 });
    const page1 = await api.ok(loyaltyEndpoints.memberLedger, {
      token: marketer,
      params: { memberId: m.card.memberId },
      query: { limit: 1 },
    });
    expect(page1.body.items).toHaveLength(1);
    const page2 = await api.ok(loyaltyEndpoints.memberLedger, {
      token: marketer,
      params: { memberId: m.card.memberId },
      query: { limit: 1, after: page1.body.nextCursor! },
    });
    expect(page2.body.items[0]!.id).toBe(credited.body.entryId);
    expect(page2.body.nextCursor).toBeNull();
    expect(detail.body.ledger.find((e) => e.id === credited.body.entryId)!.reversed).toBe(true);
    await expectLedgerInvariants(api.database);
  });

  it("refuses a reversal that would make the balance negative", async () => {
    const staff = await cashier.signIn();
    const m = await enrolledMember(api, "rev-2");
    const credited = await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-REV-2",
      billVnd: 500_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    await adjust(mgr, m.card.memberId, -40);
    const res = await api.refused(loyaltyEndpoints.reverse, {
      token: mgr,
      params: { entryId: credited.body.entryId },
      body: { reason: "Nhập nhầm hoá đơn" },
    });
    expect(res.body.error.code).toBe("insufficient_points");
  });

  it("manages rewards: managers create and edit, marketers only read, bad input is refused", async () => {
    const created = await api.ok(loyaltyEndpoints.createReward, {
      token: mgr,
      body: { name: "Trà đào", pointsCost: 45, stock: 10, eligibleTiers: ["silver"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Trà đào", stock: 10, voucherValidityDays: 30, active: true, eligibleTiers: ["silver"] });
    const patched = await api.ok(loyaltyEndpoints.updateReward, {
      token: mgr,
      params: { rewardId: created.body.id },
      body: { stock: 25, active: false },
    });
    expect(patched.body).toMatchObject({ stock: 25, active: false, pointsCost: 45 });
    expect((await api.refused(loyaltyEndpoints.createReward, { token: marketer, body: { name: "Trà đào", pointsCost: 45 } })).status).toBe(
      403,
    );
    const list = await api.ok(loyaltyEndpoints.listRewards, { token: marketer });
    expect(list.body.items.some((r) => r.id === created.body.id)).toBe(true);
    for (const bad of [
      { name: "X", pointsCost: 10 },
      { name: "Ok name", pointsCost: 0 },
      { name: "Ok name", pointsCost: 10, stock: -1 },
      { name: "Ok name", pointsCost: 10, validFrom: "2026-12-01T00:00:00+07:00", validUntil: "2026-11-01T00:00:00+07:00" },
    ]) {
      expect((await api.call("POST", "/console/rewards", { token: mgr, body: bad })).status).toBe(400);
    }
    expect(
      (await api.refused(loyaltyEndpoints.updateReward, { token: mgr, params: { rewardId: randomUUID() }, body: { stock: 1 } })).body.error
        .code,
    ).toBe("reward_not_found");
  });

  it("reports the points liability per store and by expiry month, adding up to all balances", async () => {
    // Two stores with points outstanding, named like two branches of a chain.
    const [hcm, hanoi] = [
      await makeStore(api, { name: "Cửa hàng Quận 1 (thử)" }),
      await makeStore(api, { name: "Cửa hàng Cầu Giấy (thử)" }),
    ];
    const both = await makeStaff(api, [hcm, hanoi]);
    const staff = await both.signIn();
    const m = await enrolledMember(api, "liability-1");
    await earn(api, staff, {
      storeId: hcm.id,
      receiptNo: "HD-LIA-1",
      billVnd: 300_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    await earn(api, staff, {
      storeId: hanoi.id,
      receiptNo: "HD-LIA-2",
      billVnd: 200_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    marketer = await login(api, "marketer");
    const res = await api.ok(loyaltyEndpoints.liability, { token: marketer });
    expect(res.status).toBe(200);
    const total = res.body.byStore.reduce((s, r) => s + r.points, 0);
    expect(res.body.outstandingPoints).toBe(total);
    expect(res.body.expiryProfile.length).toBeGreaterThanOrEqual(13);
    expect(res.body.expiryProfile.reduce((s, r) => s + r.points, 0)).toBe(total);
    expect(res.body.byStore.map((r) => r.storeName)).toEqual(
      expect.arrayContaining([expect.stringContaining(hcm.name), expect.stringContaining(hanoi.name)]),
    );
    const members = await api.ok(consoleEndpoints.listMembers, { token: marketer, query: { pageSize: 100 } });
    const balances = members.body.items.reduce((s, m) => s + m.pointsBalance, 0);
    expect(total).toBe(balances);

    // The points' value in VND comes with them: the brand's rate as a manager set it, or null.
    await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: 250 } });
    expect((await api.ok(loyaltyEndpoints.liability, { token: marketer })).body.pointValueVnd).toBe(250);
    await api.ok(gameConsoleEndpoints.updateGameSettings, { token: mgr, body: { pointValueVnd: null } });
    expect((await api.ok(loyaltyEndpoints.liability, { token: marketer })).body.pointValueVnd).toBeNull();
  });

  it("pages the liability's stores with a limit and a cursor; the total and the expiry profile cover them all", async () => {
    const m = await enrolledMember(api, "liability-pages");
    const mine = [await makeStore(api), await makeStore(api), await makeStore(api)];
    for (const [i, store] of mine.entries()) {
      await importedEarn(api, { memberId: m.card.memberId, storeId: store.id, receiptNo: `HD-LIAB-${i}`, billVnd: (i + 1) * 100_000 });
    }
    const whole = (await api.call("GET", "/console/liability", { token: marketer })).body;
    expect(whole.byStoreNextCursor).toBeNull();
    const rows: { storeId: string | null; points: number }[] = [];
    let after: string | null = null;
    do {
      const page: { status: number; body: any } = await api.call(
        "GET",
        `/console/liability?storeLimit=1${after ? `&storesAfter=${after}` : ""}`,
        { token: marketer },
      );
      expect(page.status).toBe(200);
      expect(page.body.byStore.length).toBeLessThanOrEqual(1);
      expect(page.body.outstandingPoints).toBe(whole.outstandingPoints);
      rows.push(...page.body.byStore);
      after = page.body.byStoreNextCursor;
    } while (after);
    expect(rows).toEqual(whole.byStore);
    expect(new Set(rows.map((r) => r.storeId)).size).toBe(rows.length);
    for (const [i, store] of mine.entries()) expect(rows.find((r) => r.storeId === store.id)?.points).toBe((i + 1) * 10);
    expect(rows.reduce((sum, r) => sum + r.points, 0)).toBe(whole.outstandingPoints);
    expect(whole.expiryProfile.reduce((sum: number, r: { points: number }) => sum + r.points, 0)).toBe(whole.outstandingPoints);
    expect((await api.call("GET", "/console/liability?storesAfter=abc", { token: marketer })).status).toBe(400);
  });

  it("pages a long member ledger: the detail holds the latest 50 and a cursor, the ledger endpoint the rest", async () => {
    const m = await enrolledMember(api, "long-ledger");
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) {
      ids.push(
        await importedEarn(api, {
          memberId: m.card.memberId,
          storeId: q1,
          receiptNo: `HD-LONG-${i}`,
          billVnd: 20_000,
          at: api.clock.now() - (60 - i) * 60_000,
        }),
      );
    }
    const detail = (await api.call("GET", `/console/members/${m.card.memberId}`, { token: marketer })).body;
    expect(detail.ledger).toHaveLength(50);
    expect(detail.ledger.map((e: { id: string }) => e.id)).toEqual(ids.slice(5).reverse());
    expect(detail.ledgerNextCursor).toBe(ids[5]);
    const seen = [...detail.ledger.map((e: { id: string }) => e.id)];
    let after: string | null = detail.ledgerNextCursor;
    while (after) {
      const page = await api.call("GET", `/console/members/${m.card.memberId}/ledger?limit=2&after=${after}`, { token: marketer });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      after = page.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const short = (
      await api.call("GET", `/console/members/${(await enrolledMember(api, "short-ledger")).card.memberId}`, { token: marketer })
    ).body;
    expect(short.ledgerNextCursor).toBeNull();
  });
});

describe("jobs: expiry and scheduled tier evaluation", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("expires lots after 12 months as ledger entries, once, leaving invariants intact", async () => {
    const mgr = await login(api, "manager");
    const m = await enrolledMember(api, "expiry-1");
    await api.ok(loyaltyEndpoints.adjust, {
      token: mgr,
      params: { memberId: m.card.memberId },
      body: { points: 80, reason: "Quà sinh nhật", idempotencyKey: "expiry-key-1" },
    });
    api.clock.advance(366 * 86_400_000);
    const first = await expireDuePoints(api.database.db, api.clock.now());
    expect(first.points).toBeGreaterThanOrEqual(80); // the seeded purchases expire too
    expect((await expireDuePoints(api.database.db, api.clock.now())).points).toBe(0);
    const token = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:expiry-1" } })).body.session.accessToken;
    const history = await api.ok(loyaltyEndpoints.ledger, { token });
    expect(history.body.items.map((e) => [e.kind, e.points, e.balanceAfter])).toEqual([
      ["expire", -80, 0],
      ["adjust", 80, 80],
    ]);
    await expectLedgerInvariants(api.database);
  });

  it("downgrades only on the monthly schedule, after a 30-day grace period", async () => {
    const store = await makeStore(api);
    const staff = await (await makeStaff(api, store)).signIn();
    const q1 = store.id;
    const m = await enrolledMember(api, "grace-1");
    await earn(api, staff, {
      storeId: q1,
      receiptNo: "HD-GRACE",
      billVnd: 2_200_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    const log = pino({ level: "silent" });
    const tierOf = async () => {
      const token = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:grace-1" } })).body.session.accessToken;
      return (await api.ok(loyaltyEndpoints.summary, { token })).body.tier.code;
    };
    expect(await tierOf()).toBe("silver");
    api.clock.advance(370 * 86_400_000); // the purchase left the 12-month window
    await runDueJobs(api.database.db, api.clock.now(), log);
    expect(await tierOf()).toBe("silver"); // grace period started
    api.clock.advance(31 * 86_400_000);
    await runDueJobs(api.database.db, api.clock.now(), log);
    expect(await tierOf()).toBe("member");
  });

  it("runs each job once per period across processes", async () => {
    const now = api.clock.now() + 10 * 86_400_000;
    expect(await claimJob(api.database.db, "test-job", now, now - 1000)).toBe(true);
    expect(await claimJob(api.database.db, "test-job", now, now - 1000)).toBe(false);
    expect(await claimJob(api.database.db, "test-job", now + 5000, now + 1)).toBe(true);
  });
});
