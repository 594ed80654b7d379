/**
 * `npm run bench:surveys` — the survey dashboards' read time at scale (issue 13).
 *
 *   BENCH_SURVEY_ANSWERS: answers to generate (default 100,000 on PGlite, 1,000,000 on PostgreSQL)
 *   BENCH_SURVEY_MEMBERS (100,000, capped at the answers), 20 stores, 52 Vietnam weeks
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; "skip" to skip)   BENCH_ONLY=postgres|pglite
 *   The PostgreSQL run creates a database of its own on that server and drops it at the end,
 *   so the generated brand never lands in the tests' database.
 *   BENCH_RUNS (20): timed calls per dashboard read
 *
 * Answers are generated in the database (generate_series) as the survey core stores them
 * (current rows, one NPS survey and one CSAT survey, reasons and comments on a share), then
 * the dashboard's statements (the same functions the endpoints call) are timed: p50 and p95.
 * Target: p95 ≤ 500 ms on PostgreSQL at 1,000,000 answers.
 *
 * Not yet here: the answer endpoint's rate against the raw insert rate of its statements (the
 * ratio bench:ledger prints).
 */
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../src/server/db/client";
import { surveyComments, surveyDashboard } from "../src/server/features/surveys/dashboard-queries";

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
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
      g as (select i, (i % 4 = 0) as csat from generate_series(1, ${answers}) i)
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
  await db.execute(sql`analyze survey_answers`);
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
}

const only = process.env.BENCH_ONLY;
if (only !== "postgres") {
  const database = await openDatabase({ kind: "pglite-instance", pglite: new PGlite() });
  await migrateDatabase(database);
  await bench("PGlite", database, Number(process.env.BENCH_SURVEY_ANSWERS ?? 100_000));
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
    const database = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      await migrateDatabase(database);
      await bench("PostgreSQL", database, Number(process.env.BENCH_SURVEY_ANSWERS ?? 1_000_000));
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
