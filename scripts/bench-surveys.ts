/**
 * `npm run bench:surveys` — the survey dashboards' read time at scale (issue 13).
 *
 *   BENCH_SURVEY_ANSWERS: answers to generate (default 100,000 on PGlite, 1,000,000 on PostgreSQL)
 *   BENCH_SURVEY_MEMBERS (100,000, capped at the answers), 20 stores, 52 Vietnam weeks
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; "skip" to skip)   BENCH_ONLY=postgres|pglite
 *   The PostgreSQL run creates a database of its own on that server and drops it at the end,
 *   so the generated brand never lands in the tests' database.
 *   BENCH_RUNS (20): timed calls per dashboard read   BENCH_EXPLAIN=1: print the plans of the comments' and the rollup's reads
 *
 * Answers are generated in the database (generate_series) as the survey core stores them
 * (current rows, one NPS survey and one CSAT survey, reasons and comments on a share), then
 * the dashboard's statements (the same functions the endpoints call) are timed: p50 and p95.
 * Target: p95 ≤ 500 ms on PostgreSQL at 1,000,000 answers.
 *
 * First, the answer endpoint over HTTP (POST /members/me/surveys/{id}/answers, the demo brand's
 * NPS survey with its 10-point reward, each answer bound to a new transaction by a signed token,
 * scores 7–10 so no case opens) with BENCH_CLIENTS concurrent clients for BENCH_SECONDS, the
 * server in a child process as bench:ledger runs it (RATE_LIMIT_MULTIPLIER, not a code switch).
 * Then the same writes the endpoint's transaction makes (member row lock, ledger entry, balance,
 * point lot, answer row) as plain SQL with the same concurrency: `ratio:` is API / raw. Then the
 * invariants: one current answer per (survey, member, transaction), reward ledger entries =
 * rewarded answers, balances = ledger sums.
 *   BENCH_SECONDS (10)  BENCH_CLIENTS (10)  BENCH_MEMBERS (50, members answering)
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../src/server/db/client";
import { surveyComments, surveyDashboard } from "../src/server/features/surveys/dashboard-queries";
import { surveyMac } from "../src/server/features/surveys/definitions";
import { signSurveyToken } from "../src/domain/surveys/token";
import {
  inTransactionOn,
  joinedMember,
  loadFor,
  openPgClients,
  openPglite,
  report,
  runFor,
  SECRET,
  startServer,
  stopServer,
  type Sql,
} from "./bench-http";

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const NOW = Date.parse("2026-12-06T03:00:00Z");

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function generate(database: Database, answers: number) {
  const db = database.db;
  const members = Math.min(answers, Number(process.env.BENCH_SURVEY_MEMBERS ?? 100_000));
  const started = performance.now();
  const [brand] = await queryRows<{ id: string }>(
    db,
    sql`insert into brands (slug, name) values (${`bench-surveys-${Date.now()}`}, 'Bench') returning id`,
  );
  const brandId = brand!.id;
  await db.execute(sql`insert into stores (brand_id, name) select ${brandId}, 'Cửa hàng ' || g from generate_series(1, 20) g`);
  await db.execute(sql`insert into users (brand_id, role, zalo_id, display_name)
    select ${brandId}, 'member', 'bench-' || ${brandId} || '-' || g, 'M' || g from generate_series(1, ${members}) g`);
  await db.execute(sql`insert into members (user_id, brand_id, qr_secret)
    select u.id, ${brandId}, md5(u.id::text) from users u where u.brand_id = ${brandId}`);
  const surveyIds: string[] = [];
  for (const kind of ["nps", "csat"] as const) {
    const [s] = await queryRows<{ id: string }>(
      db,
      sql`insert into surveys (brand_id, status, version, kind, touchpoint, channel) values (${brandId}, 'active', 1, ${kind}, 'post_purchase', 'in_app') returning id`,
    );
    await db.execute(
      sql`insert into survey_versions (survey_id, version, definition) values (${s!.id}, 1, ${JSON.stringify({ kind, followUps: {} })}::jsonb)`,
    );
    surveyIds.push(s!.id);
  }
  // Every 4th answer is CSAT; scores spread over the scale; 52 weeks back from now.
  await db.execute(sql`
    with m as (select id, row_number() over (order by id) as k from members where brand_id = ${brandId}),
      st as (select id, row_number() over (order by id) as k from stores where brand_id = ${brandId}),
      g as (select i::bigint as i, (i % 4 = 0) as csat from generate_series(1, ${answers}) i)
      -- bigint: i × 7919 passes int4 past i ≈ 271,000 (the 1,000,000-answer run)
    insert into survey_answers (brand_id, survey_id, survey_version, member_id, kind, score, band, touchpoint, store_id, source,
      transaction_ref, client_answer_id, answered_at, first_answered_at, reasons, comment)
    select ${brandId}, case when g.csat then ${surveyIds[1]!}::uuid else ${surveyIds[0]!}::uuid end, 1, m.id,
      case when g.csat then 'csat' else 'nps' end,
      s.score,
      case when g.csat then (case when s.score <= 2 then 'low' when s.score = 3 then 'neutral' else 'high' end)
           else (case when s.score <= 6 then 'detractor' when s.score <= 8 then 'passive' else 'promoter' end) end,
      case when g.i % 5 = 0 then 'in_store' else 'post_purchase' end,
      st.id, 'in_app', 'tx-' || g.i, 'c-' || g.i,
      ${new Date(NOW).toISOString()}::timestamptz - ((g.i * 7919) % (364 * 86400)) * interval '1 second',
      ${new Date(NOW).toISOString()}::timestamptz - ((g.i * 7919) % (364 * 86400)) * interval '1 second',
      case when g.i % 3 = 0 then array['slow'] when g.i % 7 = 0 then array['friendly'] else '{}'::text[] end,
      case when g.i % 10 = 0 then 'Góp ý số ' || g.i || (case when g.i % 20 = 0 then ' phục vụ chậm' else ' ổn' end) else null end
    from g
      cross join lateral (select case when g.csat then 1 + (g.i * 31) % 5 else (g.i * 37) % 11 end as score) s
      join m on m.k = 1 + (g.i % ${members})
      join st on st.k = 1 + (g.i % 20)`);
  await db.execute(sql`analyze survey_answers, survey_answer_days, survey_reason_days`);
  console.log(
    `generated ${answers.toLocaleString("en")} answers over ${members.toLocaleString("en")} members in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { brandId, npsId: surveyIds[0]! };
}

async function time(label: string, run: () => Promise<unknown>) {
  await run(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(7)} ms`,
  );
}

async function bench(name: string, database: Database, answers: number) {
  console.log(`\n${name}`);
  const { brandId, npsId } = await generate(database, answers);
  const db = database.db;
  const kindScope = { brandId, kind: "nps" as const, surveyId: null };
  await time("dashboard, every NPS survey, 12 wk", () => surveyDashboard(db, kindScope, NOW, 12));
  await time("dashboard, every NPS survey, 52 wk", () => surveyDashboard(db, kindScope, NOW, 52));
  await time("dashboard, one survey, 12 wk", () => surveyDashboard(db, { ...kindScope, surveyId: npsId }, NOW, 12));
  await time("comments, page 1", () => surveyComments(db, kindScope, { page: 1 }));
  await time("comments, band + words", () => surveyComments(db, kindScope, { page: 1, band: "detractor", q: "chậm" }));
  const [rollup] = await queryRows<{ days: number; reasons: number }>(
    db,
    sql`select (select count(*) from survey_answer_days where brand_id = ${brandId})::int as days,
      (select count(*) from survey_reason_days where brand_id = ${brandId})::int as reasons`,
  );
  console.log(`rollup rows: ${rollup!.days.toLocaleString("en")} score buckets, ${rollup!.reasons.toLocaleString("en")} reason buckets`);
  if (process.env.BENCH_EXPLAIN) {
    // The plans of the comments' filtered count and of the dashboard's rollup scan (decision 0035).
    const plan = async (label: string, query: ReturnType<typeof sql>) => {
      const rows = await queryRows<{ "QUERY PLAN": string }>(db, sql`explain (analyze, costs off) ${query}`);
      console.log(`${label}:\n  ${rows.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
    };
    await plan(
      "plan, comments band + words",
      sql`select count(*) from survey_answers a where a.brand_id = ${brandId} and a.superseded_at is null and a.kind = 'nps'
        and a.comment is not null and a.band = 'detractor' and a.comment ilike '%chậm%'`,
    );
    await plan(
      "plan, comments page 1",
      sql`select a.id from survey_answers a where a.brand_id = ${brandId} and a.superseded_at is null and a.kind = 'nps'
        and a.comment is not null order by a.answered_at desc, a.id limit 20`,
    );
    await plan(
      "plan, rollup 52 weeks",
      sql`select sum(r.answers) from survey_answer_days r where r.brand_id = ${brandId} and r.kind = 'nps' and r.day >= 20000 and r.answers > 0`,
    );
  }
}

type Target = { memberId: string; token: string; brandId: string; userId: string };
type Scene = { surveyId: string; storeId: string; members: Target[] };

/** The demo brand's NPS survey, a store and the answering members' ids, read from the database the server wrote. */
async function sceneOf(db: Sql, joined: { memberId: string; token: string }[]): Promise<Scene> {
  const { rows: found } = await db.query(
    `select s.id as survey_id, (select id from stores st where st.brand_id = s.brand_id order by id limit 1) as store_id
       from surveys s where s.kind = 'nps' and s.status = 'active' and s.brand_id = (select brand_id from members where id = $1)`,
    [joined[0]!.memberId],
  );
  const { rows } = await db.query(`select id, brand_id, user_id from members where id = any($1::uuid[])`, [joined.map((m) => m.memberId)]);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  return {
    surveyId: found[0].survey_id,
    storeId: found[0].store_id,
    members: joined.map((m) => ({ ...m, brandId: byId.get(m.memberId)!.brand_id, userId: byId.get(m.memberId)!.user_id })),
  };
}

async function answerApi(label: string, scene: Scene) {
  const mac = surveyMac(SECRET);
  let n = 0;
  const stats = await loadFor(CLIENTS, SECONDS, `/api/members/me/surveys/${scene.surveyId}/answers`, () => {
    const i = n++;
    const m = scene.members[i % scene.members.length]!;
    // A token the post-purchase ask would carry: this member, this store, a new transaction.
    const token = signSurveyToken(
      {
        id: randomUUID(),
        brandId: m.brandId,
        memberId: m.memberId,
        surveyId: scene.surveyId,
        touchpoint: "post_purchase",
        storeId: scene.storeId,
        transactionRef: `bench-tx-${i}`,
        expiresAt: Date.now() + 3_600_000,
      },
      mac,
    );
    return { headers: { authorization: `Bearer ${m.token}` }, body: { score: 7 + (i % 4), clientAnswerId: randomUUID(), token } };
  });
  return report(`${label} answer api`, stats);
}

/** The writes of a new rewarded answer (recordAnswerIn + credit), plain SQL, one transaction per answer on the worker's own connection. */
async function answerRaw(label: string, scene: Scene, conns: Sql[]) {
  let n = 0;
  const stats = await runFor(conns.length, SECONDS, async (worker) => {
    const db = conns[worker]!;
    const i = n++;
    const m = scene.members[i % scene.members.length]!;
    const answerId = randomUUID();
    return inTransactionOn(db, async () => {
      const [member] = (
        await db.query("select m.points_balance from members m join users u on u.id = m.user_id where m.id = $1 for update of m", [
          m.memberId,
        ])
      ).rows;
      const after = Number(member.points_balance) + 10;
      const [entry] = (
        await db.query(
          `insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, store_id, actor_id, actor_kind, reason, idempotency_key)
           values ($1, $2, 'bonus', 10, $3, now(), $4, $5, 'survey', 'survey_answered', $6) returning id`,
          [m.brandId, m.memberId, after, scene.storeId, m.userId, `survey-reward:${scene.surveyId}:${m.memberId}:raw-tx-${i}`],
        )
      ).rows;
      await db.query("update members set points_balance = $2 where id = $1", [m.memberId, after]);
      await db.query(
        "insert into point_lots (id, member_id, original, remaining, earned_at, expires_at) values ($1, $2, 10, 10, now(), now() + interval '1 year')",
        [entry.id, m.memberId],
      );
      await db.query(
        `insert into survey_answers (id, brand_id, survey_id, survey_version, member_id, kind, score, band, touchpoint, store_id, source,
           transaction_ref, client_answer_id, answered_at, first_answered_at, reward_points, ledger_entry_id)
         values ($1, $2, $3, 1, $4, 'nps', $5, $6, 'post_purchase', $7, 'in_app', $8, $9, now(), now(), 10, $10)`,
        [
          answerId,
          m.brandId,
          scene.surveyId,
          m.memberId,
          7 + (i % 4),
          i % 4 < 2 ? "passive" : "promoter",
          scene.storeId,
          `raw-tx-${i}`,
          answerId,
          entry.id,
        ],
      );
      return true;
    });
  });
  return report(`${label} raw sql`, stats);
}

async function answerInvariants(db: Sql) {
  const one = async (text: string) => Number((await db.query(text)).rows[0].n);
  const doubled =
    await one(`select count(*)::int as n from (select 1 from survey_answers where superseded_at is null and transaction_ref is not null
    group by survey_id, member_id, transaction_ref having count(*) > 1) d`);
  const rewarded = await one(`select count(*)::int as n from survey_answers where reward_points > 0`);
  const entries = await one(`select count(*)::int as n from ledger_entries where actor_kind = 'survey' and reason = 'survey_answered'`);
  const linked = await one(
    `select count(*)::int as n from survey_answers a join ledger_entries e on e.id = a.ledger_entry_id where a.reward_points > 0`,
  );
  const balances = await one(`select count(*)::int as n from members m
    where m.points_balance <> coalesce((select sum(points) from ledger_entries e where e.member_id = m.id), 0)`);
  const ok = doubled === 0 && rewarded === entries && linked === rewarded && balances === 0;
  console.log(
    `invariants: ${ok ? "ok" : "VIOLATED"}  (${doubled} doubled current answers, ${rewarded} rewarded answers, ${entries} reward entries, ${linked} linked, ${balances} balances off the ledger)`,
  );
  return ok;
}

/**
 * Members join through the API, the scene is read from the database, then the timed run (the
 * server restarts in between: a PGlite data directory is one process's).
 */
async function answerBench(label: string, env: Record<string, string>, open: () => Promise<{ conns: Sql[]; close: () => Promise<void> }>) {
  let server = await startServer(env);
  const joined = [];
  for (let i = 0; i < MEMBERS; i++) joined.push(await joinedMember(`bench-survey-${i}`));
  await stopServer(server);
  let db = await open();
  const scene = await sceneOf(db.conns[0]!, joined);
  await db.close();
  server = await startServer(env);
  const apiRate = await answerApi(label, scene);
  await stopServer(server);
  db = await open();
  const rawRate = await answerRaw(label, scene, db.conns);
  console.log(`ratio: ${(apiRate / rawRate).toFixed(2)}  (${label}, API / raw)`);
  const ok = await answerInvariants(db.conns[0]!);
  await db.close();
  return ok;
}

const only = process.env.BENCH_ONLY;
let ok = true;
console.log(`bench:surveys — answers: ${SECONDS} s per run, ${CLIENTS} concurrent clients, ${MEMBERS} members`);
if (only !== "postgres") {
  const dir = mkdtempSync(join(tmpdir(), "ll-bench-surveys-"));
  console.log("\nPGlite");
  // PGlite is one backend: the raw loop gets the single connection the server had.
  ok = (await answerBench("pglite", { DATA_DIR: dir }, () => openPglite(dir))) && ok;
  rmSync(dir, { recursive: true, force: true });
  const database = await openDatabase({ kind: "pglite-instance", pglite: new PGlite() });
  await migrateDatabase(database);
  await bench("PGlite dashboards", database, Number(process.env.BENCH_SURVEY_ANSWERS ?? 100_000));
  await database.close();
}
if (only !== "pglite" && PG_URL !== "skip") {
  const name = `ll_bench_surveys_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    console.log("\nPostgreSQL");
    ok =
      (await answerBench("postgres", { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: String(CLIENTS) }, () =>
        openPgClients(url.toString(), CLIENTS),
      )) && ok;
    const database = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      await migrateDatabase(database);
      await bench("PostgreSQL dashboards", database, Number(process.env.BENCH_SURVEY_ANSWERS ?? 1_000_000));
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
process.exit(ok ? 0 : 1);
