/**
 * `npm run bench:segments` — a first figure for segment counts at scale (issue 15). Not yet
 * the full benchmark (1,000,000 members, hand-written SQL ratios, campaign
 * materialisation): members, visits, lots, preferences, consents, vouchers and NPS answers are
 * generated into PostgreSQL (generate_series), then the count and the first sample page of five
 * representative rules are timed through the functions the endpoints call: p50 and p95.
 *
 *   BENCH_SEGMENT_MEMBERS (100,000)   BENCH_RUNS (10)
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test): a database of its own is created on
 *   that server and dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import type { Rule } from "../src/domain/segments/rule";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../src/server/db/client";
import { countMatching, sampleMatching } from "../src/server/features/segments/queries";

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MEMBERS = Number(process.env.BENCH_SEGMENT_MEMBERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const NOW = Date.parse("2026-12-06T03:00:00Z");
/** Keep the generated database (its name is printed) to look at plans; it is yours to drop. */
const KEEP = process.env.BENCH_KEEP === "1";

async function generate(database: Database): Promise<{ brandId: string; storeId: string }> {
  const db = database.db;
  const started = performance.now();
  const [brand] = await queryRows<{ id: string }>(db, sql`insert into brands (slug, name) values ('bench-segments', 'Bench') returning id`);
  const brandId = brand!.id;
  await db.execute(sql`insert into stores (brand_id, name) select ${brandId}, 'Cửa hàng ' || g from generate_series(1, 20) g`);
  await db.execute(sql`insert into users (brand_id, role, zalo_id, display_name)
    select ${brandId}, 'member', 'bench-' || g, 'M' || g from generate_series(1, ${MEMBERS}) g`);
  await db.execute(sql`insert into members (user_id, brand_id, qr_secret, tier, points_balance)
    select u.id, ${brandId}, md5(u.id::text), (array['member','member','member','silver','silver','gold','diamond'])[1 + (hashtext(u.id::text) & 1023) % 7],
      (hashtext(u.id::text || 'p') & 2047)
    from users u where u.brand_id = ${brandId}`);
  // About three earns per member over the last year, spread over the 20 stores.
  await db.execute(sql`
    with m as (select id, row_number() over (order by id) as k from members where brand_id = ${brandId}),
      st as (select id, row_number() over (order by id) as k from stores where brand_id = ${brandId}),
      g as (select i::bigint as i from generate_series(1, ${MEMBERS * 3}) i)
    insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, store_id, bill_vnd)
    select ${brandId}, m.id, 'earn', 10, 10, ${new Date(NOW).toISOString()}::timestamptz - ((g.i * 7919) % 365) * interval '1 day',
      'system', st.id, 100000
    from g join m on m.k = 1 + (g.i * 48271) % ${MEMBERS} join st on st.k = 1 + g.i % 20`);
  await db.execute(sql`insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
    select e.id, e.member_id, 10, 10, e.occurred_at, e.occurred_at + interval '1 year' from ledger_entries e where e.brand_id = ${brandId}`);
  await db.execute(sql`insert into consents (user_id, purpose, granted, wording_version, channel)
    select m.user_id, p.purpose, true, 'v', 'mini_app' from members m
    cross join (values ('personalisation'), ('zns_promo')) p(purpose)
    where m.brand_id = ${brandId} and hashtext(m.id::text || p.purpose) % 10 < 7`);
  await db.execute(sql`insert into preference_answers (member_id, question_id, form_version, value)
    select m.id, 'birthday', 1, jsonb_build_object('kind', 'birthday', 'day', 1 + (hashtext(m.id::text || 'd') & 255) % 28, 'month', 1 + (hashtext(m.id::text || 'm') & 255) % 12)
    from members m where m.brand_id = ${brandId} and (hashtext(m.id::text || 'b') & 7) < 5`);
  await db.execute(sql`insert into preference_answers (member_id, question_id, form_version, value)
    select m.id, 'favourite_categories', 1, jsonb_build_object('kind', 'multi', 'optionIds',
      case (hashtext(m.id::text || 'f') & 3) when 0 then '["drinks"]'::jsonb when 1 then '["food"]'::jsonb when 2 then '["drinks","food"]'::jsonb else '["merchandise"]'::jsonb end)
    from members m where m.brand_id = ${brandId} and (hashtext(m.id::text || 'c') & 7) < 5`);
  const [reward] = await queryRows<{ id: string }>(
    db,
    sql`insert into rewards (brand_id, name, points_cost) values (${brandId}, 'Cà phê', 10) returning id`,
  );
  await db.execute(sql`insert into vouchers (brand_id, member_id, reward_id, code, issued_at, expires_at)
    select ${brandId}, m.id, ${reward!.id}, md5(m.id::text || 'v'), ${new Date(NOW - 86_400_000).toISOString()}::timestamptz, ${new Date(NOW + 30 * 86_400_000).toISOString()}::timestamptz
    from members m where m.brand_id = ${brandId} and (hashtext(m.id::text || 'v') & 7) = 0`);
  const [survey] = await queryRows<{ id: string }>(
    db,
    sql`insert into surveys (brand_id, status, version, kind, touchpoint, channel) values (${brandId}, 'active', 1, 'nps', 'post_purchase', 'in_app') returning id`,
  );
  await db.execute(sql`insert into survey_answers (brand_id, survey_id, survey_version, member_id, kind, score, band, touchpoint, source, client_answer_id, answered_at, first_answered_at)
    select ${brandId}, ${survey!.id}, 1, m.id, 'nps', s.score, case when s.score <= 6 then 'detractor' when s.score <= 8 then 'passive' else 'promoter' end,
      'post_purchase', 'in_app', md5(m.id::text), ${new Date(NOW - 5 * 86_400_000).toISOString()}::timestamptz, ${new Date(NOW - 5 * 86_400_000).toISOString()}::timestamptz
    from members m cross join lateral (select (hashtext(m.id::text || 's') & 1023) % 11 as score) s
    where m.brand_id = ${brandId} and (hashtext(m.id::text || 'n') & 3) = 0`);
  await db.execute(sql`analyze`);
  const [store] = await queryRows<{ id: string }>(db, sql`select id from stores where brand_id = ${brandId} order by id limit 1`);
  console.log(
    `generated ${MEMBERS.toLocaleString("en")} members, ${(MEMBERS * 3).toLocaleString("en")} earns in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { brandId, storeId: store!.id };
}

const c = (field: string, op: string, value?: unknown, extra: Record<string, unknown> = {}) => ({
  type: "condition",
  field,
  op,
  value,
  ...extra,
});

function rules(storeId: string): [string, Rule][] {
  const r = (x: unknown) => x as Rule;
  return [
    [
      "gold or diamond with ≥ 500 points",
      r({ type: "group", combine: "and", items: [c("tier", "in", ["gold", "diamond"]), c("points_balance", "gte", 500)] }),
    ],
    [
      "lapsed: last visit 60+ days ago, promo consent",
      r({ type: "group", combine: "and", items: [c("days_since_last_visit", "gte", 60), c("consent", "is", true, { key: "zns_promo" })] }),
    ],
    [
      "regulars: ≥ 2 visits in 90 days at store 1",
      r({ type: "group", combine: "and", items: [c("visits", "gte", 2, { days: 90 }), c("stores_visited", "has_any", [storeId])] }),
    ],
    [
      "birthday in 30 days OR (likes drinks AND detractor)",
      r({
        type: "group",
        combine: "or",
        items: [
          c("birthday_within", "lte", 30),
          {
            type: "group",
            combine: "and",
            items: [c("favourite_categories", "has_any", ["drinks"]), c("last_nps_band", "in", ["detractor"])],
          },
        ],
      }),
    ],
    [
      "points expiring in 30 days and an unused voucher",
      r({ type: "group", combine: "and", items: [c("points_expiring", "gte", 1, { days: 30 }), c("vouchers_unused", "gte", 1)] }),
    ],
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms: ms.sort((a, b) => a - b), last };
}

async function main() {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = `ll_bench_segments_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      await migrateDatabase(database);
      const { brandId, storeId } = await generate(database);
      if (KEEP) console.log(`brand ${brandId}, store ${storeId}`);
      console.log(`PostgreSQL, ${MEMBERS.toLocaleString("en")} members, ${RUNS} runs each`);
      for (const [what, rule] of rules(storeId)) {
        const count = await timed(() => countMatching(database.db, brandId, rule, NOW));
        const sample = await timed(() => sampleMatching(database.db, brandId, rule, NOW, { limit: 20 }));
        console.log(
          `  ${what}: ${count.last.count.toLocaleString("en")} of ${count.last.total.toLocaleString("en")}` +
            ` | count p50 ${percentile(count.ms, 50).toFixed(0)} ms p95 ${percentile(count.ms, 95).toFixed(0)} ms` +
            ` | sample p50 ${percentile(sample.ms, 50).toFixed(0)} ms p95 ${percentile(sample.ms, 95).toFixed(0)} ms`,
        );
      }
    } finally {
      await database.close();
    }
  } finally {
    if (KEEP) console.log(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
