/**
 * Crash safety of the message queue: the server (API + worker, as `npm start` runs it) is
 * killed with SIGKILL again and again in the middle of sending a batch to the fake Zalo, then
 * restarted on the same database. At the end every message must have been accepted by the
 * fake exactly once: none lost, none twice. Runs on PGlite (one process owns the data
 * directory, so each restart reopens it) and on PostgreSQL (npm run test:pg).
 *
 * Nothing here depends on how fast the machine is: each kill waits until the fake has accepted
 * new messages from this process (so it lands mid-batch however slow the start-up was), the fake
 * redelivers unanswered delivery events until the restarted server answers them (as Zalo
 * does), and the end waits until every message is accepted and its event answered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { migrateDatabase, openDatabase, type Database } from "../../src/server/db/client";
import { seedDemo } from "../../src/server/db/seed";
import { brands, consents, members, messageQuota, messages, users, znsTemplates } from "../../src/server/db/schema";
import { enqueueMessage } from "../../src/server/features/messaging/enqueue";
import { oaTokenStore } from "../../src/server/features/messaging/oa-token-store";
import { REPO_ROOT } from "../../src/server/server";
import { ZaloFake } from "../fakes/zalo-fake";
import { withDatabase } from "../support/global-setup";

/** A port nobody listens on now (the OS picks it), so parallel runs never collide. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

const MESSAGES = 150;
const KILLS = 8;
const KEY = randomBytes(32);
const OA_SECRET = "crash-test-oa-secret";

describe("message queue under SIGKILL: every message accepted exactly once", () => {
  let fake: ZaloFake;
  let dataDir: string | null = null;
  let dbUrl: string | null = null;
  let port = 0;

  async function open(): Promise<Database> {
    return dbUrl ? openDatabase({ kind: "postgres", url: dbUrl }) : openDatabase({ kind: "pglite", dataDir: join(dataDir!, "pglite") });
  }

  beforeAll(async () => {
    fake = await new ZaloFake("crash-app", "crash-app-secret").start();
    port = await freePort(); // kept across restarts: the fake's webhook URL points at it
    fake.webhook = { url: `http://127.0.0.1:${port}/api/webhooks/zalo`, oaSecret: OA_SECRET, delayMs: 0, retryMs: 100 };
    const template = inject("pgTemplate");
    if (template) {
      const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
      await admin.connect();
      // Named as the run's databases are, so the global teardown drops it with them.
      const name = `ll_t_${inject("pgRunId")}_crash_${randomBytes(4).toString("hex")}`;
      await admin.query(`create database ${name}`);
      await admin.end();
      dbUrl = withDatabase(inject("pgAdminUrl"), name);
    } else {
      dataDir = mkdtempSync(join(tmpdir(), "ll-crash-"));
    }
    // The database as the first server start would find it, plus OA tokens and a batch of
    // queued messages for members who agreed to care messages.
    const database = await open();
    await migrateDatabase(database);
    await seedDemo(database.db);
    const [{ id: brandId }] = (await database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    const [tpl] = await database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated"));
    fake.znsTemplates.set(tpl!.znsTemplateId, ["ten_khach_hang", "diem", "tong_diem", "ma_khach_hang"]);
    await oaTokenStore(database.db, KEY, Date.now, async () => ({ ok: false, kind: "unavailable", message: "not used" })).save(brandId, {
      ...fake.issueOaTokens(),
      expiresInSeconds: 90_000,
    });
    const people = await database.db.select({ id: members.id, userId: members.userId }).from(members).where(eq(members.brandId, brandId));
    await database.db
      .update(users)
      .set({ phone: "84912345678" })
      .where(
        inArray(
          users.id,
          people.map((p) => p.userId),
        ),
      );
    await database.db.insert(consents).values(
      people.map((p) => ({
        userId: p.userId,
        purpose: "zns_care" as const,
        granted: true,
        wordingVersion: PURPOSES.zns_care.version,
        channel: "test",
      })),
    );
    for (let i = 0; i < MESSAGES; i++) {
      const m = people[i % people.length]!;
      const out = await database.db.transaction((tx) =>
        enqueueMessage(tx, {
          brandId,
          memberId: m.id,
          template: tpl!,
          source: "test",
          dedupeKey: `crash-${i}`,
          at: Date.now(),
          extras: { points_earned: i + 1 },
        }),
      );
      expect(out.queued).toBe(true);
    }
    await database.close();
  }, 300_000);

  afterAll(async () => {
    await fake.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): Promise<ChildProcess> {
    return new Promise((ready, fail) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "src/server/main.ts")], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          NODE_ENV: "test",
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "silent",
          // The test drives many earns with one cashier: limits far above it.
          RATE_LIMIT_MULTIPLIER: "1000",
          ...(dbUrl ? { DATABASE_URL: dbUrl } : { DATA_DIR: dataDir! }),
          SESSION_SECRET: "crash-test-session-secret-0123456789",
          ZALO_APP_ID: fake.appId,
          ZALO_APP_SECRET: fake.appSecret,
          ZALO_OA_SECRET: OA_SECRET,
          ZALO_GRAPH_URL: fake.url,
          ZALO_OAUTH_URL: fake.url,
          ZALO_ZNS_URL: fake.url,
          ZNS_TRANSPORT: "zalo",
          TOKEN_ENCRYPTION_KEY: KEY.toString("hex"),
          ZALO_TIMEOUT_MS: "500",
          ZNS_RATE_PER_SECOND: "40",
          // The guarantee's one assumption (docs/messaging.md): a delivery event arrives within
          // this window after a restarted worker marks a message in doubt. The fake retries every
          // 100 ms, so the event lands as soon as the server listens; 15 s leaves a busy 2-core
          // machine ample room to handle it, and only the few never-accepted sends wait it out.
          ZNS_RECONCILE_SECONDS: "15",
          MESSAGE_BATCH_SIZE: "5",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("LoyalLoop is running")) ready(child);
      });
      child.once("exit", (code, signal) => fail(new Error(`server exited early (${code ?? signal})`)));
    });
  }

  const stopped = (child: ChildProcess) =>
    new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once("exit", () => done())));

  it(
    "loses nothing and sends nothing twice across repeated SIGKILLs mid-batch",
    async () => {
      let killedMidBatch = 0;
      for (let k = 0; k < KILLS && fake.znsAcceptedTotal < MESSAGES; k++) {
        const child = await start();
        // Kill once this process has had a few messages accepted (a different number each
        // time, so the kill falls at different points of a batch of 5) and others remain.
        const target = Math.min(fake.znsAcceptedTotal + 1 + (k % 4), MESSAGES);
        await fake.until(() => fake.znsAcceptedTotal >= target, `accepted message #${target}`);
        child.removeAllListeners("exit");
        child.kill("SIGKILL");
        await stopped(child);
        if (fake.znsAccepted.size < MESSAGES) killedMidBatch++;
      }
      const last = await start();
      // Done when every message was accepted and its delivery event answered: a delivered
      // message is never sent again, so there is nothing left to wait for after that.
      await fake.until(
        () => fake.znsAccepted.size >= MESSAGES && fake.deliveriesAcked.size >= MESSAGES,
        "all messages accepted and delivered",
        400_000,
      );
      last.removeAllListeners("exit");
      last.kill("SIGTERM");
      await stopped(last);

      const database = await open();
      const rows = await database.db
        .select({ status: messages.status, trackingId: messages.trackingId })
        .from(messages)
        .where(eq(messages.source, "test"));
      // The quota counts what Zalo accepted, no more: the kills left no reservation behind.
      const [counted] = await database.db.select({ sent: sql<number>`coalesce(sum(${messageQuota.sent}), 0)::int` }).from(messageQuota);
      await database.close();
      const lost = rows.filter((r) => !fake.znsAccepted.has(r.trackingId)).length;
      const duplicates = fake.znsDuplicates();
      console.log(
        `crash test: ${KILLS} kills (${killedMidBatch} mid-batch), ${MESSAGES} messages, duplicates: ${duplicates}, lost: ${lost}`,
      );
      expect(killedMidBatch).toBe(KILLS);
      expect(rows).toHaveLength(MESSAGES);
      expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
      expect(counted?.sent).toBe(fake.znsAcceptedTotal);
      const statuses = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
      expect(statuses).toEqual({ delivered: MESSAGES });
    },
    600_000, // a guard against a hang: nine server starts on a busy machine take minutes
  );
});
