import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import pg from "pg";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { healthEndpoints } from "../../src/contract/endpoints/health";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { PURPOSES } from "../../src/domain/consent/purposes";
import type { SendAttempt } from "../../src/domain/messaging/sending-rules";
import { createApp } from "../../src/server/app";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../../src/server/db/client";
import {
  brands,
  consoleZaloStates,
  loginLinks,
  messages,
  oaConnectStates,
  retiredRefreshTokens,
  rewardImages,
  rewards,
  sessions,
  users,
  znsTemplates,
} from "../../src/server/db/schema";
import { parseEnv } from "../../src/server/env";
import { enqueueMessage } from "../../src/server/features/messaging/enqueue";
import type { MessagingDeps, OutgoingZns, Transport } from "../../src/server/features/messaging/types";
import { runOnce, startWorker } from "../../src/server/features/messaging/worker";
import { purgeExpired } from "../../src/server/jobs/housekeeping";
import { runDueJobs } from "../../src/server/jobs/scheduler";
import { expectedMigration, migrationState, type Lifecycle, type Ops } from "../../src/server/ops/lifecycle";
import { createMetrics } from "../../src/server/ops/metrics";
import { startServer } from "../../src/server/server";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { freshDatabase } from "../support/db";
import { withDatabase } from "../support/global-setup";
import { eventually } from "../support/eventually";

/**
 * Operations (issue 17): metrics in Prometheus' format behind their token, liveness and
 * readiness, the worker-only process, and a graceful shutdown that finishes what is in flight
 * and gives back the messages it claimed but never sent.
 */
const TOKEN = "metrics-token-0123456789";

/** Every line of Prometheus' text exposition format 0.0.4: a comment, or a sample `name{labels} value`. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)$/;
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;

/** The value of one sample, by its exact name and labels as printed, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("operations: metrics, health, roles, shutdown", () => {
  let api: TestApi;
  let ops: Ops;
  let lifecycle: Lifecycle;
  let app: ReturnType<typeof createApp>;
  let workerUp = false;
  beforeAll(async () => {
    api = await testApi();
    lifecycle = { role: "all", workerExpected: true, workerRunning: () => workerUp, shuttingDown: false };
    ops = {
      metrics: createMetrics({ database: api.database, now: api.clock.now, workerRunning: () => workerUp }),
      metricsToken: TOKEN,
      lifecycle,
    };
    app = createApp({ ...api.deps, ops });
  });
  afterAll(() => api.close());

  const get = async (path: string, headers: Record<string, string> = {}, on = app) => {
    const res = await on.request(path, { headers });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const scrape = async () => {
    const res = await get("/api/metrics", { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    return res.text;
  };

  it("serves metrics only with the token, and not at all when none is set", async () => {
    expect((await get("/api/metrics")).status).toBe(401);
    const wrong = await get("/api/metrics", { authorization: "Bearer metrics-token-0123456788" });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).error.code).toBe("unauthenticated");
    const right = await get("/api/metrics", { authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);
    expect(right.type).toMatch(/^text\/plain; version=0\.0\.4/);
    // An app without a token (no METRICS_TOKEN) has no metrics to give, whatever is sent.
    const off = createApp(api.deps);
    const none = await get("/api/metrics", { authorization: `Bearer ${TOKEN}` }, off);
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text).error.code).toBe("not_found");
  });

  it("counts requests by route pattern and status, with latency histograms, in valid exposition format", async () => {
    await get("/api/health");
    await get("/api/health");
    await get("/api/console/segments/00000000-0000-4000-8000-000000000000"); // 401: no token
    await get("/api/no-such-route");
    const text = await scrape();
    for (const line of text.split("\n").filter(Boolean)) {
      expect(SAMPLE.test(line) || COMMENT.test(line), line).toBe(true);
    }
    expect(sample(text, 'loyalloop_http_requests_total{method="GET",route="/api/health",status="200"}')).toBe(2);
    expect(sample(text, 'loyalloop_http_request_duration_seconds_count{method="GET",route="/api/health"}')).toBe(2);
    expect(sample(text, 'loyalloop_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/health"}')).toBe(2);
    // The pattern, not the path: one series however many rewards there are.
    expect(text).toMatch(/loyalloop_http_requests_total\{method="GET",route="\/api\/console\/segments\/:segmentId",status="401"\} 1/);
    expect(sample(text, 'loyalloop_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain("no-such-route");
  });

  it("reports the queue by status, what the worker did by code, today's quota, job runs and whether the worker runs", async () => {
    const db = api.database.db;
    const [{ id: brandId }] = (await db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    const care = (await db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated")))[0]!;
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0)); // 10:00 in Vietnam: outside quiet hours
    const withPhone = await enrolledMember(api, "ops-metrics-1", "Trần Minh Khoa");
    await db.update(users).set({ phone: "84912345678" }).where(eq(users.id, withPhone.user.id));
    await api.ok(preferenceEndpoints.setConsent, {
      token: withPhone.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    const noPhone = await enrolledMember(api, "ops-metrics-2", "Phạm Thu Hà");
    await api.ok(preferenceEndpoints.setConsent, {
      token: noPhone.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    for (const [m, key] of [
      [withPhone, "ops-a"],
      [noPhone, "ops-b"],
    ] as const) {
      await db.transaction((tx) =>
        enqueueMessage(tx, {
          brandId,
          memberId: m.card.memberId,
          template: care,
          source: "test",
          dedupeKey: key,
          at: api.clock.now(),
          extras: { points_earned: 5 },
        }),
      );
    }
    let text = await scrape();
    expect(sample(text, 'loyalloop_message_queue{status="queued"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, "loyalloop_worker_running")).toBe(0);

    const d: MessagingDeps = { ...api.deps.messaging, onOutcome: ops.metrics.observeMessage };
    while ((await runOnce(d)) > 0);
    await runDueJobs(db, api.clock.now(), pino({ level: "silent" }), { onJob: ops.metrics.observeJob });
    workerUp = true;
    text = await scrape();
    expect(sample(text, 'loyalloop_message_queue{status="queued"}')).toBe(0);
    expect(sample(text, 'loyalloop_message_outcomes_total{channel="zns",status="sent",code=""}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loyalloop_message_outcomes_total{channel="zns",status="failed",code="no_phone"}')).toBe(1);
    expect(sample(text, 'loyalloop_message_quota_used{brand="demo",kind="all"}')).toBeGreaterThanOrEqual(1);
    for (const job of ["expire-points", "evaluate-tiers", "fire-triggers", "housekeeping"]) {
      expect(sample(text, `loyalloop_job_runs_total{job="${job}",outcome="ok"}`), job).toBe(1);
      expect(sample(text, `loyalloop_job_last_run_timestamp_seconds{job="${job}"}`), job).toBe(api.clock.now() / 1000);
    }
    expect(sample(text, "loyalloop_worker_running")).toBe(1);
    if (api.database.driver === "postgres") expect(sample(text, 'loyalloop_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
  });

  it("housekeeping deletes sessions ended a month ago and one-time links and OAuth states past their expiry, nothing live", async () => {
    const db = api.database.db;
    const now = api.clock.now();
    const [user] = await db.select({ id: users.id, brandId: users.brandId }).from(users).limit(1);
    const day = 24 * 3_600_000;
    const session = (name: string, expiresAt: number, revokedAt: number | null = null) => ({
      refreshHash: `hk-${name}-${randomBytes(6).toString("hex")}`,
      userId: user!.id,
      expiresAt: new Date(expiresAt),
      revokedAt: revokedAt === null ? null : new Date(revokedAt),
    });
    const rows = await db
      .insert(sessions)
      .values([
        session("expired-long-ago", now - 31 * day),
        session("revoked-long-ago", now + 10 * day, now - 31 * day),
        session("expired-recently", now - 2 * day),
        session("revoked-recently", now + 10 * day, now - day),
        session("live", now + 10 * day),
      ])
      .returning({ id: sessions.id, refreshHash: sessions.refreshHash });
    await db
      .insert(retiredRefreshTokens)
      .values({ hash: `hk-retired-${randomBytes(6).toString("hex")}`, sessionId: rows[0]!.id, retiredAt: new Date(now - 40 * day) });
    await db.insert(loginLinks).values([
      { userId: user!.id, tokenHash: `hk-old-${randomBytes(6).toString("hex")}`, expiresAt: new Date(now - 2 * day) },
      { userId: user!.id, tokenHash: `hk-new-${randomBytes(6).toString("hex")}`, expiresAt: new Date(now + 600_000) },
    ]);
    const state = (name: string, expiresAt: number) => ({
      stateHash: `hk-${name}-${randomBytes(6).toString("hex")}`,
      brandId: user!.brandId!,
      userId: user!.id,
      sessionId: rows[4]!.id,
      codeVerifier: "v".repeat(43),
      createdAt: new Date(expiresAt - 600_000),
      expiresAt: new Date(expiresAt),
    });
    await db.insert(oaConnectStates).values([state("oa-old", now - 2 * day), state("oa-live", now + 600_000)]);
    await db.insert(consoleZaloStates).values([
      { ...state("zl-old", now - 2 * day), purpose: "sign_in" as const, bindingHash: "b" },
      { ...state("zl-live", now + 600_000), purpose: "sign_in" as const, bindingHash: "b" },
    ]);

    // Reward images: one uploaded two days ago and never saved on a reward, one as old but on a
    // reward, one uploaded an hour ago (an editor still open).
    const [reward] = await db.select({ id: rewards.id, brandId: rewards.brandId }).from(rewards).limit(1);
    const image = (at: number) => ({
      brandId: reward!.brandId,
      contentType: "image/webp",
      bytes: Buffer.from("RIFF"),
      width: 1,
      height: 1,
      createdAt: new Date(at),
    });
    const images = await db
      .insert(rewardImages)
      .values([image(now - 2 * day), image(now - 2 * day), image(now - 3_600_000)])
      .returning({ id: rewardImages.id });
    await db.update(rewards).set({ imageId: images[1]!.id }).where(eq(rewards.id, reward!.id));

    // Counts include any other test's rows that qualify; the rows above are checked one by one.
    const first = await purgeExpired(db, now);
    expect(first.sessions).toBeGreaterThanOrEqual(2);
    const left = new Set((await db.select({ h: sessions.refreshHash }).from(sessions)).map((r) => r.h));
    expect(rows.map((r) => left.has(r.refreshHash))).toEqual([false, false, true, true, true]);
    expect(await db.select().from(retiredRefreshTokens).where(eq(retiredRefreshTokens.sessionId, rows[0]!.id))).toEqual([]);
    const prefixes = (hashes: { h: string }[]) => hashes.map((r) => r.h.replace(/-[0-9a-f]{12}$/, "")).filter((h) => h.startsWith("hk-"));
    expect(prefixes(await db.select({ h: loginLinks.tokenHash }).from(loginLinks))).toEqual(["hk-new"]);
    expect(prefixes(await db.select({ h: oaConnectStates.stateHash }).from(oaConnectStates))).toEqual(["hk-oa-live"]);
    expect(prefixes(await db.select({ h: consoleZaloStates.stateHash }).from(consoleZaloStates))).toEqual(["hk-zl-live"]);
    const kept = new Set((await db.select({ id: rewardImages.id }).from(rewardImages)).map((r) => r.id));
    expect(images.map((i) => kept.has(i.id))).toEqual([false, true, true]);
    // A second run finds nothing more.
    expect(await purgeExpired(db, now)).toEqual({ sessions: 0, loginLinks: 0, oaConnectStates: 0, consoleZaloStates: 0, rewardImages: 0 });
    await db.update(rewards).set({ imageId: null }).where(eq(rewards.id, reward!.id));
  });

  it("is live whatever the database does, and ready only when every check passes", async () => {
    workerUp = true;
    expect(await api.ok(healthEndpoints.live)).toMatchObject({ status: 200, body: { status: "ok" } });
    const ready = await get("/api/health/ready");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: "ready", role: "all", worker: true });

    const failing = async (on = app) => {
      const res = await get("/api/health/ready", {}, on);
      expect(res.status).toBe(503);
      const body = JSON.parse(res.text);
      expect(body.error.code).toBe("not_ready");
      return body.error.issues as { field: string; code: string }[];
    };

    // The database does not answer: not ready, but still live (a restart would not help).
    const down = createApp({ ...api.deps, ops, database: { ...api.database, ping: () => Promise.reject(new Error("gone")) } });
    expect(await failing(down)).toEqual([{ field: "database", code: "down" }]);
    expect((await get("/api/health/live", {}, down)).status).toBe(200);

    // The schema is behind this build (the deploy's migrate has not run).
    const last = sql`(select max(created_at) from drizzle.__drizzle_migrations)`;
    await api.database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at - 1 where created_at = ${last}`);
    try {
      expect(await failing()).toEqual([{ field: "migrations", code: "behind" }]);
    } finally {
      await api.database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at + 1 where created_at = ${last}`);
    }
    expect((await get("/api/health/ready")).status).toBe(200);

    workerUp = false;
    expect(await failing()).toEqual([{ field: "worker", code: "stopped" }]);
    workerUp = true;
    lifecycle.shuttingDown = true;
    expect(await failing()).toEqual([{ field: "shutdown", code: "shutting_down" }]);
    lifecycle.shuttingDown = false;
  });

  it("a worker process serves its probes and metrics and nothing else", async () => {
    const worker = createApp({ ...api.deps, ops: { ...ops, lifecycle: { ...lifecycle, role: "worker" } } }, { surface: "ops" });
    expect(JSON.parse((await get("/api/health/live", {}, worker)).text)).toMatchObject({ role: "worker" });
    expect((await get("/api/metrics", { authorization: `Bearer ${TOKEN}` }, worker)).status).toBe(200);
    const card = await get("/api/members/me/card", {}, worker);
    expect(card.status).toBe(404);
    expect(JSON.parse(card.text).error.code).toBe("not_found");
    expect((await get("/api/rewards", {}, worker)).status).toBe(404);
  });

  it("a stopping worker gives back the messages it claimed and never started, and finishes the call it started", async () => {
    const db = api.database.db;
    const [{ id: brandId }] = (await db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    const care = (await db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated")))[0]!;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await enrolledMember(api, `ops-stop-${i}`, "Đỗ Văn Nam");
      await db.update(users).set({ phone: "84912345678" }).where(eq(users.id, m.user.id));
      await api.ok(preferenceEndpoints.setConsent, {
        token: m.session.accessToken,
        body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
      });
      const queued = await db.transaction((tx) =>
        enqueueMessage(tx, {
          brandId,
          memberId: m.card.memberId,
          template: care,
          source: "test",
          dedupeKey: `ops-stop-${i}`,
          at: api.clock.now(),
          extras: { points_earned: 1 },
        }),
      );
      if (!("messageId" in queued)) throw new Error("not queued");
      ids.push(queued.messageId);
    }
    // One send slot: the first call hangs until released; the other two wait for the slot.
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const calls: OutgoingZns[] = [];
    const transport: Transport = {
      name: "zalo",
      async send(m: OutgoingZns, callStarting: () => Promise<boolean>): Promise<SendAttempt> {
        if (!(await callStarting())) return { kind: "not_sent", reason: "lease_lost" };
        calls.push(m);
        if (calls.length === 1) await hanging;
        return { kind: "response", status: 200, body: { error: 0, data: { msg_id: `ops-${calls.length}` } } };
      },
      refreshToken: async () => true,
    };
    const d: MessagingDeps = { ...api.deps.messaging, config: { ...api.deps.messaging.config, transport, sendConcurrency: 1 } };
    const mine = <T extends { id: string }>(rows: T[]) => rows.filter((r) => ids.includes(r.id));
    const worker = startWorker(d, 50);
    await eventually(() => expect(calls).toHaveLength(1));
    expect(worker.running()).toBe(true);

    const stopped = worker.stop();
    expect(worker.running()).toBe(false);
    // The two never started are back on the queue at once, their attempt given back, while the first call still hangs.
    await eventually(async () => {
      const rows = mine(await db.select().from(messages));
      expect(rows.filter((r) => r.status === "queued").map((r) => [r.attempts, r.leaseBy])).toEqual([
        [0, null],
        [0, null],
      ]);
    });
    release();
    await stopped;
    const after = mine(await db.select().from(messages));
    expect(after.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(after.filter((r) => r.status === "queued")).toHaveLength(2);
    expect(calls).toHaveLength(1);

    // Another worker sends the two given back; nothing is sent twice.
    while ((await runOnce(d)) > 0);
    expect(mine(await db.select().from(messages)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(new Set(calls.map((c) => c.trackingId)).size).toBe(3);
  });
});

describe("graceful shutdown of a real server", () => {
  it("stops accepting, fails readiness, and still answers the request in flight", async () => {
    const env = parseEnv({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true", SHUTDOWN_TIMEOUT_MS: "60000" });
    const database = await freshDatabase();
    const running = await startServer(env, pino({ level: "silent" }), { database, scheduler: false });
    expect(running.deps.ops?.lifecycle.role).toBe("all");

    // A request whose body is still coming: in flight when the shutdown begins.
    const body = JSON.stringify({ accessToken: "dev:shutdown-test" });
    const received = new Promise<void>((ok) => running.server.once("request", () => ok()));
    const socket = connect(running.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    const ended = new Promise<void>((ok) => socket.once("close", () => ok()));
    socket.write(
      `POST /api/auth/zalo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 5)}`,
    );
    // The server has the request (its headers are parsed) before the shutdown starts.
    await received;

    const closing = running.close();
    expect(running.deps.ops?.lifecycle.shuttingDown).toBe(true);
    // No new connection is accepted.
    await expect(fetch(`${running.url}/api/health/live`)).rejects.toThrow();

    socket.write(body.slice(5));
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("accessToken");
    await closing;
  });
});

describe("migrations when several processes start at once", () => {
  it("each migration is applied once, and every process starts", async () => {
    const applied = async (database: Database) =>
      (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    const pgTemplate = inject("pgTemplate");
    if (!pgTemplate) {
      // PGlite: one process per data folder; starting again on a migrated one changes nothing.
      const database = await freshDatabase();
      await Promise.all([migrateDatabase(database), migrateDatabase(database)]);
      expect(await applied(database)).toBe(expectedMigration().count);
      await database.close();
      return;
    }
    // PostgreSQL: an empty database and three processes (pools) migrating it together.
    const adminUrl = inject("pgAdminUrl");
    const name = `ll_t_${inject("pgRunId")}_mig_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const processes = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: "postgres", url: withDatabase(adminUrl, name), poolSize: 2 })),
    );
    try {
      await Promise.all(processes.map((p) => migrateDatabase(p)));
      expect(await applied(processes[0]!)).toBe(expectedMigration().count);
      expect(await migrationState(processes[0]!)).toBe("current");
    } finally {
      await Promise.all(processes.map((p) => p.close()));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
