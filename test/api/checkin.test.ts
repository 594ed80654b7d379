import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinEndpoints } from "../../src/contract/endpoints/checkin";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { auditEvents, checkins, ledgerEntries } from "../../src/server/db/schema";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember } from "../support/factories";
import { expectLedgerInvariants } from "../support/loyalty";

const DAY = 86_400_000;
const POINTS = [5, 5, 10, 10, 15, 15, 30];

describe("daily check-in over HTTP", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
    // 2026-11-23 16:00 in Vietnam.
    api.clock.set(Date.parse("2026-11-23T09:00:00.000Z"));
    const manager = await consoleSession(api, "manager");
    // The demo seed runs check-ins with these points.
    expect((await api.ok(checkinEndpoints.checkinConfig, { token: manager })).body).toMatchObject({ enabled: true, pointsPerDay: POINTS });
    await api.ok(checkinEndpoints.saveCheckinConfig, { token: manager, body: { enabled: true, pointsPerDay: POINTS } });
  });
  afterAll(() => api.close());

  let keys = 0;
  const key = () => `checkin-key-${++keys}`;
  const balanceOf = async (token: string) => (await api.ok(memberEndpoints.card, { token })).body.pointsBalance;

  it("happy path: the calendar, a check-in with day 1's points, then today done", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const before = await api.ok(checkinEndpoints.checkinState, { token });
    expect(before.body).toMatchObject({
      enabled: true,
      today: "2026-11-23",
      checkedToday: false,
      streak: 0,
      todayCycleDay: 1,
      todayPoints: 5,
    });
    expect(before.body.cycle.map((s) => s.points)).toEqual(POINTS);
    expect(before.body.nextOpensAt).toBe("2026-11-23T17:00:00.000Z");

    const res = await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ date: "2026-11-23", streak: 1, cycleDay: 1, points: 5, balance: 5, replayed: false });
    const after = await api.ok(checkinEndpoints.checkinState, { token });
    expect(after.body).toMatchObject({ checkedToday: true, streak: 1 });
    expect(after.body.cycle[0]!.status).toBe("today_done");
    const [entry] = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, m.card.memberId));
    expect(entry).toMatchObject({ kind: "bonus", actorKind: "game", reason: "daily_checkin", points: 5 });
    const exported = await api.ok(preferenceEndpoints.exportData, { token });
    expect(exported.body.checkins).toEqual([{ date: "2026-11-23", streak: 1, cycleDay: 1, points: 5, at: "2026-11-23T09:00:00.000Z" }]);
  });

  it("a second check-in the same day is 409 checkin_already_today and changes nothing; the same key replays", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const k = key();
    await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: k } });
    const again = await api.refused(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "checkin_already_today", params: { date: "2026-11-23" } });
    const replay = await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: k } });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true, points: 5, streak: 1 });
    expect(await balanceOf(token)).toBe(5);
    const rows = await api.database.db.select({ n: count() }).from(checkins).where(eq(checkins.memberId, m.card.memberId));
    expect(rows[0]!.n).toBe(1);
  });

  it("the next Vietnam day continues the streak (at 00:00 UTC+7); a missed day resets it", async () => {
    const start = api.clock.now();
    const m = await makeMember(api);
    let token = m.session.accessToken;
    // 23:59:59.999 in Vietnam on 23 Nov, then 00:00:00.000 on 24 Nov (17:00 UTC).
    api.clock.set(Date.parse("2026-11-23T16:59:59.999Z"));
    token = await m.signIn();
    expect((await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } })).body).toMatchObject({
      date: "2026-11-23",
      streak: 1,
    });
    api.clock.set(Date.parse("2026-11-23T17:00:00.000Z"));
    token = await m.signIn();
    expect((await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } })).body).toMatchObject({
      date: "2026-11-24",
      streak: 2,
      points: 5,
    });
    api.clock.advance(DAY);
    token = await m.signIn();
    expect((await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } })).body).toMatchObject({
      streak: 3,
      points: 10,
    });
    // 26 Nov missed: 27 Nov is day 1 again.
    api.clock.advance(2 * DAY);
    token = await m.signIn();
    const state = await api.ok(checkinEndpoints.checkinState, { token });
    expect(state.body).toMatchObject({ streak: 0, streakBroken: true, todayCycleDay: 1 });
    expect(state.body.week.slice(-4).map((d) => d.status)).toEqual(["checked", "checked", "missed", "today_open"]);
    expect((await api.ok(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } })).body).toMatchObject({
      streak: 1,
      points: 5,
    });
    expect(await balanceOf(token)).toBe(5 + 5 + 10 + 5);
    api.clock.set(start);
  });

  it("50 parallel check-ins by one member (different keys, as from several devices) → exactly one", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.call("POST", "/members/me/checkin", { token, body: { idempotencyKey: key() } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === "checkin_already_today")).toBe(true);
    const credits = await api.database.db
      .select({ n: count() })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.memberId, m.card.memberId), eq(ledgerEntries.reason, "daily_checkin")));
    expect(credits[0]!.n).toBe(1);
    expect(await balanceOf(token)).toBe(5);
    await expectLedgerInvariants(api.database);
  });

  it("50 parallel retries with one key → one 201, the rest replay it", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.call("POST", "/members/me/checkin", { token, body: { idempotencyKey: k } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.checkinId)).size).toBe(1);
    expect(await balanceOf(token)).toBe(5);
  });

  it("hostile inputs are 4xx, never 5xx, and change nothing", async () => {
    const m = await makeMember(api);
    const token = m.session.accessToken;
    for (const body of [
      {},
      { idempotencyKey: 42 },
      { idempotencyKey: "short" },
      { idempotencyKey: "x".repeat(10_000) },
      { idempotencyKey: "bad\u0000key-123" },
      { idempotencyKey: "\ud800\ud800\ud800\ud800\ud800" },
      { idempotencyKey: ["a", "b"] },
      null,
      "text",
    ]) {
      const res = await api.call("POST", "/members/me/checkin", { token, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    const raw = await api.call("POST", "/members/me/checkin", { token, rawBody: "{not json" });
    expect(raw.status).toBe(400);
    expect((await api.call("POST", "/members/me/checkin", { body: { idempotencyKey: key() } })).status).toBe(401);
    expect(await balanceOf(token)).toBe(0);
  });

  it("a user who is not a member is refused (not_a_member)", async () => {
    const login = await api.call("POST", "/auth/zalo", { body: { accessToken: "dev:not-a-member-checkin" } });
    const res = await api.call("POST", "/members/me/checkin", { token: login.body.session.accessToken, body: { idempotencyKey: key() } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("not_a_member");
  });

  it("console: managers save (validated, audited), marketers read; results count check-ins per day and streaks", async () => {
    const manager = await consoleSession(api, "manager");
    const marketer = await consoleSession(api, "marketer");
    const bad = await api.refused(checkinEndpoints.saveCheckinConfig, {
      token: manager,
      body: { enabled: true, pointsPerDay: [1, -2, 3, 4, 5, 6, 100_000] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("checkin_config_invalid");
    expect(bad.body.error.issues).toEqual([
      { code: "checkin_points_invalid", field: "pointsPerDay.1" },
      { code: "checkin_points_too_high", field: "pointsPerDay.6", params: { max: 10_000 } },
    ]);
    expect(
      (await api.refused(checkinEndpoints.saveCheckinConfig, { token: marketer, body: { enabled: false, pointsPerDay: POINTS } })).status,
    ).toBe(403);
    const read = await api.ok(checkinEndpoints.checkinConfig, { token: marketer });
    expect(read.body).toMatchObject({ enabled: true, pointsPerDay: POINTS });
    expect(read.body.updatedBy).not.toBeNull();
    const audits = await api.database.db.select().from(auditEvents).where(eq(auditEvents.action, "checkin_config_changed"));
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits[0]!.detail).toMatchObject({ enabledAfter: true, pointsPerDayAfter: POINTS.join(",") });

    const results = await api.ok(checkinEndpoints.checkinResults, { token: marketer, query: { from: "2026-11-20", to: "2026-11-27" } });
    expect(results.body.perDay).toHaveLength(8);
    const day23 = results.body.perDay.find((d) => d.date === "2026-11-23")!;
    expect(day23.checkins).toBeGreaterThanOrEqual(4);
    expect(results.body.streaks.map((s) => s.bucket)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8+"]);
    expect(results.body.streaks.find((s) => s.bucket === "3")!.members).toBeGreaterThanOrEqual(1);
    expect((await api.call("GET", "/console/checkin/results?from=2026-11-27&to=2026-11-20", { token: marketer })).status).toBe(400);
  });

  it("switched off: the calendar says so and a check-in is checkin_disabled", async () => {
    const manager = await consoleSession(api, "manager");
    await api.ok(checkinEndpoints.saveCheckinConfig, { token: manager, body: { enabled: false, pointsPerDay: POINTS } });
    const m = await makeMember(api);
    const token = m.session.accessToken;
    expect((await api.ok(checkinEndpoints.checkinState, { token })).body.enabled).toBe(false);
    const res = await api.refused(checkinEndpoints.checkin, { token, body: { idempotencyKey: key() } });
    expect(res.body.error.code).toBe("checkin_disabled");
    await api.ok(checkinEndpoints.saveCheckinConfig, { token: manager, body: { enabled: true, pointsPerDay: POINTS } });
  });
});
