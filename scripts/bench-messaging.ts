/**
 * `npm run bench:messaging`: enqueue BENCH_MESSAGES (100,000) ZNS messages for a segment of
 * members and drain them through the real worker and ZNS client against the fake Zalo, with
 * quota and rate limit lifted, on PGlite and on PostgreSQL. Prints enqueue time, send
 * throughput and per-message overhead against a baseline measured in the same run (the bare
 * ZNS HTTP calls to the same fake, same concurrency), and ends each run with the fake's count:
 * `duplicates: N, lost: M`.
 *
 *   BENCH_MESSAGES (100000)  BENCH_MEMBERS (20000)  BENCH_WORKERS (PostgreSQL: 4; PGlite: 1)
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; "skip")  BENCH_ONLY=postgres|pglite
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase, type Database } from "../src/server/db/client";
import { seedDemo } from "../src/server/db/seed";
import { brands, members, messages, znsTemplates } from "../src/server/db/schema";
import { enqueueForMembers } from "../src/server/features/messaging/enqueue";
import { oaTokenStore } from "../src/server/features/messaging/oa-token-store";
import { zaloTransport } from "../src/server/features/messaging/transports";
import type { MessagingDeps } from "../src/server/features/messaging/types";
import { drain } from "../src/server/features/messaging/worker";
import { sendZnsTemplate } from "../src/server/zalo/zns-client";
import { ZaloFake } from "../test/fakes/zalo-fake";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function run(label: string, database: Database, workers: number) {
  const fake = await new ZaloFake("bench-app", "bench-secret").start();
  const db = database.db;
  await migrateDatabase(database);
  await seedDemo(db);
  const [{ id: brandId }] = (await db.select({ id: brands.id }).from(brands)) as [{ id: string }];
  const [template] = await db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "welcome"));
  fake.znsTemplates.set(template!.znsTemplateId, ["ten_khach_hang", "ma_khach_hang"]);

  // The segment: MEMBERS members with a phone and care consent, made in bulk SQL.
  const t0 = performance.now();
  await db.execute(sql`
    with u as (
      insert into users (brand_id, role, zalo_id, display_name, phone)
      select ${brandId}, 'member', 'bench-' || g, 'Khách ' || g, '849' || lpad(g::text, 8, '0') from generate_series(1, ${MEMBERS}) g
      returning id
    ), m as (
      insert into members (user_id, brand_id, qr_secret) select id, ${brandId}, md5(id::text) || md5(id::text) from u returning user_id
    )
    insert into consents (user_id, purpose, granted, wording_version, channel)
    select user_id, p, true, 'bench', 'bench' from m cross join (values ('membership'), ('zns_care')) as v(p)`);
  const segment = (
    await db
      .select({ id: members.id })
      .from(members)
      .where(sql`${members.userId} in (select id from users where zalo_id like 'bench-%')`)
  ).map((r) => r.id);
  console.log(`${label}: ${segment.length} members created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const memberIds = Array.from({ length: MESSAGES }, (_, i) => segment[i % segment.length]!);
  const e0 = performance.now();
  const enq = await enqueueForMembers(db, {
    brandId,
    template: template!,
    memberIds,
    source: "bench",
    dedupeKey: (_m, i) => `bench:${i}`,
    at: Date.now(),
  });
  const enqueueSeconds = (performance.now() - e0) / 1000;
  console.log(
    `${label} enqueue   ${enq.queued} messages in ${enqueueSeconds.toFixed(1)} s (${((enqueueSeconds * 1e6) / MESSAGES).toFixed(0)} µs/message; ${enq.noConsent} without consent, ${enq.invalid} invalid)`,
  );

  const key = randomBytes(32);
  const store = oaTokenStore(db, key, Date.now, async () => ({ ok: false, kind: "unavailable", message: "not used" }));
  await store.save(brandId, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
  const d: MessagingDeps = {
    db,
    now: Date.now,
    config: {
      transport: zaloTransport({ znsUrl: fake.url, timeoutMs: 5_000 }, store),
      dailyQuota: 1_000_000_000,
      promoSharePercent: 100,
      ratePerSecond: 0,
      batchSize: 200,
      leaseMs: 120_000,
      callLeaseMs: 10_000,
      reconcileMs: 900_000,
      maxAttempts: 8,
      random: Math.random,
    },
  };
  const s0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      await drain(d);
    }),
  );
  const sendSeconds = (performance.now() - s0) / 1000;
  const rate = MESSAGES / sendSeconds;

  // Baseline in the same run: the bare ZNS calls to the same fake, same concurrency, no database.
  const token = (await store.accessToken(brandId))!;
  const sample = Math.min(MESSAGES, 20_000);
  let next = 0;
  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < sample) {
        const i = next++;
        await sendZnsTemplate(
          fake.url,
          token,
          {
            phone: "84900000000",
            templateId: template!.znsTemplateId,
            data: { ten_khach_hang: "x", ma_khach_hang: "1" },
            trackingId: `baseline${i}`,
          },
          5_000,
        );
      }
    }),
  );
  const baseRate = sample / ((performance.now() - b0) / 1000);

  const [{ notSent }] = (await db
    .select({ notSent: sql<number>`count(*) filter (where ${messages.status} not in ('sent', 'delivered'))::int` })
    .from(messages)
    .where(eq(messages.source, "bench"))) as [{ notSent: number }];
  const trackings = await db.select({ t: messages.trackingId }).from(messages).where(eq(messages.source, "bench"));
  const lost = trackings.filter((r) => !fake.znsAccepted.has(r.t)).length;
  console.log(
    `${label} send      ${rate.toFixed(0)} messages/s with ${workers} worker(s) (${sendSeconds.toFixed(1)} s); bare ZNS calls ${baseRate.toFixed(0)}/s, ratio ${(rate / baseRate).toFixed(2)}`,
  );
  console.log(
    `${label} overhead  ${((1000 * workers) / rate - (1000 * workers) / baseRate).toFixed(2)} ms of pipeline per message per worker (${notSent} not sent)`,
  );
  console.log(`duplicates: ${fake.znsDuplicates()}, lost: ${lost}  (${label}, counted by the fake)`);
  await fake.stop();
  return fake.znsDuplicates() === 0 && lost === 0;
}

let ok = true;
console.log(`bench:messaging — ${MESSAGES} messages to ${MEMBERS} members`);
if (process.env.BENCH_ONLY !== "postgres") {
  const dir = mkdtempSync(join(tmpdir(), "ll-bench-msg-"));
  const database = await openDatabase({ kind: "pglite", dataDir: join(dir, "pglite") });
  ok = (await run("pglite", database, Number(process.env.BENCH_WORKERS ?? 1))) && ok;
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
if (PG_URL !== "skip" && process.env.BENCH_ONLY !== "pglite") {
  const name = `ll_bench_msg_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const workers = Number(process.env.BENCH_WORKERS ?? 4);
  const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: workers * 2 + 2 });
  ok = (await run("postgres", database, workers)) && ok;
  await database.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
process.exit(ok ? 0 : 1);
