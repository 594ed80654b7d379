/**
 * `npm run bench:segments` (issue 15, "Performance"): segments and campaign materialisation at
 * scale, on PostgreSQL (1,000,000 members, in a database of its own, dropped at the end) and on
 * PGlite (100,000 members, in memory). Members, users with phones, visits (earns at 20 stores,
 * some reversed), point lots, consents (membership, ZNS care and promotions, personalisation),
 * preferences (birthday, favourite categories, preferred store), vouchers and NPS answers are
 * generated in the database with generate_series — set-based, no row-by-row inserts. Then, per
 * database, in one run:
 *
 *  - five representative segments counted by the compiled rule (countRuleMatches: the statement
 *    countMatching, what the console calls, runs beside the brand's total) and by the same
 *    question written by hand in SQL: both counts (they must agree), the median times and
 *    `ratio` = compiled / hand (target ≤ 1.5);
 *  - the preview the builder shows as a rule changes (the count and the first sample page of 20,
 *    asked at once as the console does): p50 / p95 over BENCH_RUNS (target p95 ≤ 1 s at
 *    1,000,000 on PostgreSQL), and the sample's own p95;
 *  - a 100,000-member campaign (A/B + 10 % control, a promotion template with four parameters)
 *    materialised into the queue, recipients recorded and messages rendered and validated,
 *    through the function the scheduler calls (targets: ≤ 10 s on PostgreSQL, ≤ 30 s on PGlite);
 *  - a second campaign materialised twice at once from nothing: `duplicates: N` counts members
 *    with more than one message or recipient row (must be 0).
 *
 * The load average is printed with the figures: the machine is shared.
 *
 *   BENCH_PG_MEMBERS (1,000,000)  BENCH_PGLITE_MEMBERS (100,000)  BENCH_RUNS (5)
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test, or "skip")  BENCH_ONLY=postgres|pglite
 *   BENCH_KEEP=1 keeps the PostgreSQL database (its name is printed) to look at plans.
 *   BENCH_DB=<name> measures a database kept by an earlier run (no generation; it is not dropped).
 *   BENCH_SEGMENTS=3,5 measures only those segments (1-based) and skips the campaign;
 *   BENCH_SEGMENTS=none only materialises. A kept database's campaign is the tier whose members
 *   number nearest 100,000 (gold at 1,000,000, member at 200,000), or BENCH_CAMPAIGN_TIER=<tier>.
 *   The materialisation prints its steps' times.
 */
import { loadavg } from "node:os";
import { sql, type SQL } from "drizzle-orm";
import { CONSENT_BITS, type ConsentPurpose } from "../src/domain/consent/purposes";
import { lastDaysPeriod } from "../src/domain/insights/retention";
import { DAY_MS, VIETNAM_UTC_OFFSET_MS, vietnamDayNumber } from "../src/domain/loyalty/vietnam-time";
import { birthdayKeys, birthdayWindow } from "../src/domain/segments/calendar";
import type { Rule } from "../src/domain/segments/rule";
import { migrateDatabase, openDatabase, queryRows, type Database, type Db } from "../src/server/db/client";
import { znsCampaignArms, znsCampaigns, znsTemplates, segments, segmentVersions } from "../src/server/db/schema";
import { DEMO_TEMPLATES } from "../src/server/db/seed";
import { materialise } from "../src/server/features/campaigns/audience";
import { loadCampaign } from "../src/server/features/campaigns/store";
import type { MessagingConfig } from "../src/server/features/messaging/types";
import { countMatching, countRuleMatches, sampleMatching } from "../src/server/features/segments/queries";
import { withScratchDatabase } from "./bench-http";

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PG_MEMBERS = Number(process.env.BENCH_PG_MEMBERS ?? 1_000_000);
const PGLITE_MEMBERS = Number(process.env.BENCH_PGLITE_MEMBERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY;
const KEEP = process.env.BENCH_KEEP === "1";
const REUSE = process.env.BENCH_DB;
const CAMPAIGN_TIER = process.env.BENCH_CAMPAIGN_TIER;
// Which representative segments to measure (1-based): generation takes minutes at 200,000
// members, so a change to one segment's SQL is measured on a kept database, that segment only.
const NO_SEGMENTS = process.env.BENCH_SEGMENTS === "none";
const ONLY_SEGMENTS = NO_SEGMENTS ? undefined : process.env.BENCH_SEGMENTS?.split(",").map(Number);
/** 10:00 in Vietnam on a Sunday: outside quiet hours, so a promotion plans from today. */
const NOW = Date.parse("2026-12-06T03:00:00Z");

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString("en");

/** Realistic Vietnamese display names: surname × given name, so renders repeat as they do in a real brand. */
const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const GIVEN = ["Anh", "Bảo", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh"]
  .concat(["Long", "Mai", "Minh", "My", "Nam", "Ngọc", "Nhung", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tú", "Vy"])
  .concat(["Thị Thanh Thuỷ Tiên Bảo Ngọc"]); // one too long for customer_name: shortened with a note

/**
 * One brand's members and their history, generated in the database. Shares (of members): tiers
 * 50 % member, 30 % silver, 10 % gold, 10 % diamond; ~3 earns each over the last year at 20
 * stores (1 in 50 reversed); a lot per earn; membership consent for all, ZNS care 80 %, promotions
 * 70 %, personalisation 70 %; a phone for 90 %; birthday 60 %, favourite categories 60 %,
 * preferred store 40 %; an unused voucher 12.5 %; an NPS answer 25 %.
 */
async function generate(db: Db, members: number): Promise<{ brandId: string; storeId: string }> {
  const started = performance.now();
  const step = async (what: string, query: SQL) => {
    const t = performance.now();
    await db.execute(query);
    if (members >= 500_000) console.log(`    ${what}: ${seconds(performance.now() - t)}`);
  };
  const [brand] = await queryRows<{ id: string }>(db, sql`insert into brands (slug, name) values ('bench-segments', 'Bench') returning id`);
  const brandId = brand!.id;
  const names = SURNAMES.flatMap((s) => GIVEN.map((g) => `${s} ${g}`));
  await step("stores", sql`insert into stores (brand_id, name) select ${brandId}, 'Cửa hàng ' || g from generate_series(1, 20) g`);
  await step(
    "users",
    sql`insert into users (brand_id, role, zalo_id, display_name, phone)
      select ${brandId}, 'member', 'bench-' || g, (${JSON.stringify(names)}::jsonb)->>((g % ${names.length})::int),
        case when g % 10 <> 0 then '849' || lpad(g::text, 8, '0') end
      from generate_series(1, ${members}) g`,
  );
  await step(
    "members",
    sql`insert into members (user_id, brand_id, qr_secret, tier, points_balance, joined_at)
      select u.id, ${brandId}, md5(u.id::text),
        (array['member','member','member','member','member','silver','silver','silver','gold','diamond'])[1 + (hashtext(u.id::text) & 1023) % 10],
        (hashtext(u.id::text || 'p') & 2047), ${at(NOW)} - ((hashtext(u.id::text || 'j') & 1023) % 700) * interval '1 day'
      from users u where u.brand_id = ${brandId}`,
  );
  // The visits summary's trigger recomputes a member per ledger row: right for a live ledger,
  // needless for three million generated rows. Off while they go in, then filled once, as the
  // migration that created it did (0045_member_visits).
  await step("earns: trigger off", sql`alter table ledger_entries disable trigger member_visits_refresh`);
  await step(
    "earns",
    sql`with m as (select id, row_number() over (order by id) as k from members where brand_id = ${brandId}),
        st as (select id, row_number() over (order by id) as k from stores where brand_id = ${brandId}),
        g as (select i::bigint as i from generate_series(1, ${members * 3}) i)
      insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, store_id, bill_vnd, receipt_key)
      select ${brandId}, m.id, 'earn', 10, 10, ${at(NOW)} - ((g.i * 7919) % 365) * interval '1 day' - ((g.i * 31) % 600) * interval '1 minute',
        'system', st.id, 50000 + (g.i % 20) * 10000, 'r' || g.i
      from g join m on m.k = 1 + (g.i * 48271) % ${members} join st on st.k = 1 + (g.i * 13) % 20`,
  );
  await step(
    "reversals",
    sql`insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, ref_entry_id, bill_vnd)
      select e.brand_id, e.member_id, 'reversal', -10, 0, e.occurred_at + interval '1 hour', 'system', e.id, e.bill_vnd
      from ledger_entries e where e.brand_id = ${brandId} and e.kind = 'earn' and (hashtext(e.id::text) & 63) = 0`,
  );
  // Statistics before the next statements read what was just written: without them the planner
  // takes the fresh ledger for a few rows and anti-joins 600,000 earns to the reversals in a
  // nested loop (the visits summary ran for over 7 minutes at 200,000 members).
  await step("analyze ledger", sql`analyze users, members, ledger_entries`);
  await step("earns: trigger on", sql`alter table ledger_entries enable trigger member_visits_refresh`);
  // The summary as migrations 0045 and 0055_visit_days define it, in one statement (an update of
  // every row afterwards would leave a dead version of each: a table twice its size to scan):
  // first and last visit, stores, and the visit days — one Vietnam day per distinct (store, day),
  // ascending, within 730 days of the earlier of the latest visit and today.
  await step(
    "visits summary",
    sql`with v as materialized (select e.member_id, e.store_id, e.occurred_at, ${vnDayOf(sql`e.occurred_at`)} as day
          from ${visitEarns(brandId)}),
        s as (select v.member_id, min(v.occurred_at) as first_at, max(v.occurred_at) as last_at,
            array_agg(distinct v.store_id order by v.store_id) as stores, least(max(v.day), ${vnDayOf(sql`now()`)}) - 729 as since
          from v group by v.member_id),
        d as (select x.member_id, array_agg(x.day order by x.day) as days
          from (select distinct v.member_id, v.store_id, v.day from v join s on s.member_id = v.member_id where v.day >= s.since) x
          group by x.member_id)
      insert into member_visits (member_id, brand_id, first_at, last_at, stores, visit_days)
      select s.member_id, ${brandId}, s.first_at, s.last_at, s.stores, d.days from s join d on d.member_id = s.member_id`,
  );
  await step(
    "lots",
    sql`insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
      select e.id, e.member_id, 10, 10, e.occurred_at, e.occurred_at + interval '1 year'
      from ledger_entries e where e.brand_id = ${brandId} and e.kind = 'earn'`,
  );
  // The current-consent table's trigger upserts a row per decision: right for live decisions,
  // needless for 700,000 generated ones. Off while they go in, then filled once, as the migration
  // that created it did (0048_current_consents).
  await step("consents: trigger off", sql`alter table consents disable trigger current_consents_refresh`);
  await step(
    "consents",
    sql`insert into consents (user_id, purpose, granted, wording_version, channel, created_at)
      select m.user_id, p.purpose, true, 'v1', 'mini_app', m.joined_at from members m
      cross join (values ('membership', 10), ('zns_care', 8), ('zns_promo', 7), ('personalisation', 7)) p(purpose, tenths)
      where m.brand_id = ${brandId} and (hashtext(m.id::text || p.purpose) & 1023) % 10 < p.tenths`,
  );
  await step(
    "withdrawals",
    sql`insert into consents (user_id, purpose, granted, wording_version, channel, created_at)
      select c.user_id, c.purpose, false, 'v1', 'mini_app', least(c.created_at + interval '30 days', ${at(NOW - DAY_MS)}) from consents c
      join users u on u.id = c.user_id
      where u.brand_id = ${brandId} and c.purpose = 'zns_promo' and (hashtext(c.user_id::text || 'w') & 31) = 0`,
  );
  await step("consents: trigger on", sql`alter table consents enable trigger current_consents_refresh`);
  // The members' consent bits (migration 0058) likewise: one update per decision while 3,000,000
  // go in, instead filled once as the migration does, then the members table rewritten without
  // the old row versions the update left (a generated brand's table, not a year-old one).
  await step("current consents: trigger off", sql`alter table current_consents disable trigger members_consent_bits_refresh`);
  await step(
    "current consents",
    sql`insert into current_consents (user_id, purpose, brand_id, granted, at, consent_id)
      select distinct on (c.user_id, c.purpose) c.user_id, c.purpose, ${brandId}, c.granted, c.created_at, c.id
      from consents c join users u on u.id = c.user_id where u.brand_id = ${brandId}
      order by c.user_id, c.purpose, c.id desc`,
  );
  await step("current consents: trigger on", sql`alter table current_consents enable trigger members_consent_bits_refresh`);
  await step(
    "consent bits",
    sql`update members m set consent_bits = g.bits, consent_changed_at = g.at
      from (select cc.user_id, coalesce(bit_or(consent_bit(cc.purpose)) filter (where cc.granted), 0) as bits, max(cc.at) as at
        from current_consents cc where cc.brand_id = ${brandId} group by cc.user_id) g
      where g.user_id = m.user_id`,
  );
  await step("members rewritten", sql`vacuum full members`);
  const storeIds = sql`(select array_agg(id order by id) from stores where brand_id = ${brandId})`;
  // The options table's trigger (migration 0057) inserts per answer: off while 1,600,000
  // generated answers go in, then filled once as the migration does.
  await step("preferences: trigger off", sql`alter table preference_answers disable trigger preference_options_refresh`);
  await step(
    "preferences",
    sql`insert into preference_answers (member_id, question_id, form_version, value)
      select m.id, q.id, 1, case q.id
          when 'birthday' then jsonb_build_object('kind', 'birthday', 'day', 1 + (hashtext(m.id::text || 'd') & 255) % 28, 'month', 1 + (hashtext(m.id::text || 'm') & 255) % 12)
          when 'favourite_categories' then jsonb_build_object('kind', 'multi', 'optionIds',
            (array['["drinks"]', '["food"]', '["drinks","food"]', '["food","merchandise"]', '["merchandise"]'])[1 + (hashtext(m.id::text || 'f') & 255) % 5]::jsonb)
          else jsonb_build_object('kind', 'store', 'storeId', (${storeIds})[1 + (hashtext(m.id::text || 's') & 255) % 20]) end
      from members m cross join (values ('birthday', 6), ('favourite_categories', 6), ('preferred_store', 4)) q(id, tenths)
      where m.brand_id = ${brandId} and (hashtext(m.id::text || q.id) & 1023) % 10 < q.tenths`,
  );
  await step("preferences: trigger on", sql`alter table preference_answers enable trigger preference_options_refresh`);
  await step(
    "preference options",
    sql`insert into preference_options (question_id, option_id, member_id)
      select distinct pa.question_id, o.id, pa.member_id
      from members m join preference_answers pa on pa.member_id = m.id
        cross join lateral jsonb_array_elements_text(case
          when jsonb_typeof(pa.value->'optionIds') = 'array' then pa.value->'optionIds'
          when jsonb_typeof(pa.value->'optionId') = 'string' then jsonb_build_array(pa.value->'optionId')
          else '[]'::jsonb end) as o(id)
      where m.brand_id = ${brandId}`,
  );
  const [reward] = await queryRows<{ id: string }>(
    db,
    sql`insert into rewards (brand_id, name, points_cost) values (${brandId}, 'Cà phê', 10) returning id`,
  );
  await step(
    "vouchers",
    sql`insert into vouchers (brand_id, member_id, reward_id, code, issued_at, expires_at)
      select ${brandId}, m.id, ${reward!.id}, md5(m.id::text || 'v'), ${at(NOW - DAY_MS)}, ${at(NOW + 30 * DAY_MS)}
      from members m where m.brand_id = ${brandId} and (hashtext(m.id::text || 'v') & 7) = 0`,
  );
  const [survey] = await queryRows<{ id: string }>(
    db,
    sql`insert into surveys (brand_id, status, version, kind, touchpoint, channel) values (${brandId}, 'active', 1, 'nps', 'post_purchase', 'in_app') returning id`,
  );
  // The rollup trigger upserts each answer's day bucket: fine one answer at a time, but a quarter
  // of a million answers on one day in ONE statement update the same eleven bucket rows 250,000
  // times in one transaction, and every update walks the row's growing chain of versions (it ran
  // for over 20 minutes). Generated data goes in without it and the buckets are filled once, as
  // the migration that created them did (0028_survey_rollup).
  await step(
    "nps answers: triggers off",
    sql`alter table survey_answers disable trigger survey_answers_rollup, disable trigger member_survey_bands_refresh`,
  );
  await step(
    "nps answers",
    sql`insert into survey_answers (brand_id, survey_id, survey_version, member_id, kind, score, band, touchpoint, source, client_answer_id, answered_at, first_answered_at)
      select ${brandId}, ${survey!.id}, 1, m.id, 'nps', s.score, case when s.score <= 6 then 'detractor' when s.score <= 8 then 'passive' else 'promoter' end,
        'post_purchase', 'in_app', md5(m.id::text), ${at(NOW - 5 * DAY_MS)}, ${at(NOW - 5 * DAY_MS)}
      from members m cross join lateral (select (hashtext(m.id::text || 's') & 1023) % 11 as score) s
      where m.brand_id = ${brandId} and (hashtext(m.id::text || 'n') & 3) = 0`,
  );
  await step(
    "nps answers: triggers on",
    sql`alter table survey_answers enable trigger survey_answers_rollup, enable trigger member_survey_bands_refresh`,
  );
  await step(
    "nps rollup",
    sql`insert into survey_answer_days (brand_id, kind, day, survey_id, store_id, touchpoint, source, score, answers)
      select brand_id, kind, floor((extract(epoch from answered_at) + 25200) / 86400)::integer, survey_id, store_id, touchpoint, source, score, count(*)::integer
      from survey_answers where superseded_at is null group by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  // Each member's latest band, as migration 0056 fills member_survey_bands (its trigger's definition).
  await step(
    "survey bands",
    sql`insert into member_survey_bands (member_id, kind, brand_id, band, answered_at, answer_id)
      select distinct on (a.member_id, a.kind) a.member_id, a.kind, a.brand_id, a.band, a.answered_at, a.id
      from survey_answers a where a.brand_id = ${brandId} and a.superseded_at is null
      order by a.member_id, a.kind, a.answered_at desc, a.id desc`,
  );
  // As autovacuum leaves a live database: statistics, and the visibility map that lets index-only
  // scans (ledger_earn_time_idx, lots_expiry_idx, vouchers_open_idx: decision 0048) skip the heap.
  await step("vacuum analyze", sql`vacuum (analyze)`);
  const [store] = await queryRows<{ id: string }>(db, sql`select id from stores where brand_id = ${brandId} order by id limit 1`);
  console.log(
    `  generated ${fmt(members)} members, ~${fmt(members * 3)} earns in ${seconds(performance.now() - started)} (load ${load()})`,
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

/** Earns that count as visits (decision 0025): at a store, not reversed — as the hand-written queries say it. */
/** The Vietnam day number of an instant (vietnamDayNumber), as the segment compiler and migration 0055 compute it. */
const vnDayOf = (x: SQL) => sql`(((${x} + interval '7 hours') at time zone 'UTC')::date - date '1970-01-01')`;
const visitEarns = (brandId: string) => sql`ledger_entries e where e.brand_id = ${brandId} and e.kind = 'earn' and e.store_id is not null
  and not exists (select 1 from ledger_entries x where x.kind = 'reversal' and x.ref_entry_id = e.id)`;
/**
 * The latest decision of a purpose per user: as a person who knows the schema writes it, from
 * current_consents (one row per user and purpose, kept by the consent ledger's trigger).
 */
/** Granted now, as a person who knows the schema writes it: the purpose's bit on the member row (decision 0051). */
const grantedNow = (purpose: ConsentPurpose) => sql`m.consent_bits & ${CONSENT_BITS[purpose]} <> 0`;
const members = (brandId: string) => sql`members m where m.brand_id = ${brandId} and m.erased_at is null`;

type Segment = { what: string; rule: Rule; hand: SQL };

/** Five rules a marketer would build, each with the query a person would write for it. */
function representative(brandId: string, storeId: string): Segment[] {
  const r = (x: unknown) => x as Rule;
  const today = vietnamDayNumber(NOW);
  const dayStart = (day: number) => day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
  const period = lastDaysPeriod(NOW, 90);
  const window = birthdayWindow(NOW, 30);
  return [
    {
      what: "gold or diamond with ≥ 500 points",
      rule: r({ type: "group", combine: "and", items: [c("tier", "in", ["gold", "diamond"]), c("points_balance", "gte", 500)] }),
      hand: sql`select count(*)::int as n from ${members(brandId)} and m.tier in ('gold', 'diamond') and m.points_balance >= 500`,
    },
    {
      what: "lapsed: last visit 60+ days ago, promo consent",
      rule: r({
        type: "group",
        combine: "and",
        items: [c("days_since_last_visit", "gte", 60), c("consent", "is", true, { key: "zns_promo" })],
      }),
      // Last visit on Vietnam day ≤ today − 60 ⇔ before the start of day today − 59.
      // By hand as a person who knows the schema writes it: the last visit is in member_visits.
      hand: sql`select count(*)::int as n from ${members(brandId)}
          and exists (select 1 from member_visits v where v.member_id = m.id and v.last_at < ${at(dayStart(today - 59))})
          and ${grantedNow("zns_promo")}`,
    },
    {
      what: "regulars: ≥ 2 visits in 90 days, visited store 1",
      rule: r({ type: "group", combine: "and", items: [c("visits", "gte", 2, { days: 90 }), c("stores_visited", "has_any", [storeId])] }),
      // By hand as a person who knows the schema writes it: the visit days and the stores are in
      // member_visits; "≥ 2 visits in the window" is the second-latest visit day in it.
      hand: sql`select count(*)::int as n from ${members(brandId)}
          and exists (select 1 from member_visits v where v.member_id = m.id and v.brand_id = ${brandId}
            and ${storeId}::uuid = any(v.stores) and v.visit_days[cardinality(v.visit_days) - 1] >= ${period.firstDay}::int)`,
    },
    {
      what: "birthday in 30 days OR (likes drinks AND detractor)",
      rule: r({
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
      // By hand as a person who knows the schema writes it: the birthday's month × 100 + day is
      // birthday_key, a choice answer's options are rows of preference_options and each member's
      // latest NPS band is in member_survey_bands (decision 0050), the consents granted now are bits
      // of the member row (decision 0051).
      hand: sql`select count(*)::int as n from ${members(brandId)}
          and ${grantedNow("personalisation")}
          and (exists (select 1 from preference_answers pa where pa.member_id = m.id
                and pa.birthday_key = any(${`{${birthdayKeys(window).join(",")}}`}::int[]))
            or (exists (select 1 from preference_options o where o.member_id = m.id and o.question_id = 'favourite_categories'
                  and o.option_id = 'drinks')
              and exists (select 1 from member_survey_bands b where b.member_id = m.id and b.brand_id = ${brandId} and b.kind = 'nps'
                and b.band = 'detractor')))`,
    },
    {
      what: "points expiring in 30 days and an unused voucher",
      rule: r({ type: "group", combine: "and", items: [c("points_expiring", "gte", 1, { days: 30 }), c("vouchers_unused", "gte", 1)] }),
      hand: sql`select count(*)::int as n from ${members(brandId)}
        and exists (select 1 from point_lots l where l.member_id = m.id and l.remaining > 0
          and l.expires_at > ${at(NOW)} and l.expires_at <= ${at(NOW + 30 * DAY_MS)})
        and exists (select 1 from vouchers v where v.member_id = m.id and v.status = 'issued' and v.expires_at > ${at(NOW)})`,
    },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms: ms.sort((a, b) => a - b), last };
}

async function segmentFigures(db: Db, brandId: string, storeId: string, runs: number) {
  console.log(`  segments (${runs} runs each; load ${load()}):`);
  const all = representative(brandId, storeId);
  for (const s of ONLY_SEGMENTS ? ONLY_SEGMENTS.map((i) => all[i - 1]!) : all) {
    // The compiled rule's count against the hand-written one (neither counts the total), then
    // the preview as the console gets it: countMatching (the count beside the total) and a page.
    const compiled = await timed(runs, () => countRuleMatches(db, brandId, s.rule, NOW));
    const hand = await timed(runs, async () => (await queryRows<{ n: number }>(db, s.hand))[0]!.n);
    const sample = await timed(runs, () => sampleMatching(db, brandId, s.rule, NOW, { limit: 20 }));
    // What the builder waits for: it asks the count and the first page at once (segments-page.tsx).
    const preview = await timed(runs, () =>
      Promise.all([countMatching(db, brandId, s.rule, NOW), sampleMatching(db, brandId, s.rule, NOW, { limit: 20 })]),
    );
    const [cm, hm] = [percentile(compiled.ms, 50), percentile(hand.ms, 50)];
    const [counted] = preview.last;
    const agree =
      compiled.last === Number(hand.last) && counted.count === compiled.last ? "" : `  COUNTS DIFFER (hand ${fmt(Number(hand.last))})`;
    console.log(
      `    ${s.what}: ${fmt(compiled.last)} of ${fmt(counted.total)}${agree}` +
        ` | compiled ${cm.toFixed(0)} ms, hand ${hm.toFixed(0)} ms, ratio ${(cm / hm).toFixed(2)}` +
        ` | sample of 20 p95 ${percentile(sample.ms, 95).toFixed(0)} ms` +
        ` | preview (count and 20 at once) p50 ${percentile(preview.ms, 50).toFixed(0)} ms p95 ${percentile(preview.ms, 95).toFixed(0)} ms`,
    );
  }
}

/** The demo's promotion template (name, favourite category, preferred store, tier) for the bench brand. */
async function benchCampaign(db: Db, brandId: string, rule: Rule, name: string): Promise<string> {
  const t = DEMO_TEMPLATES.find((x) => x.tag === "promotion")!;
  let [template] = await db
    .select()
    .from(znsTemplates)
    .where(sql`${znsTemplates.brandId} = ${brandId} and ${znsTemplates.tag} = 'promotion'`);
  template ??= (
    await db
      .insert(znsTemplates)
      .values({ ...t, brandId })
      .returning()
  )[0]!;
  const [segment] = await db.insert(segments).values({ brandId, name, version: 1 }).returning();
  await db.insert(segmentVersions).values({ segmentId: segment!.id, version: 1, name, rule });
  const [campaign] = await db
    .insert(znsCampaigns)
    .values({ brandId, name, status: "scheduled", segmentId: segment!.id, segmentVersion: 1, controlPercent: 10 })
    .returning();
  await db.insert(znsCampaignArms).values([
    { campaignId: campaign!.id, key: "A", templateId: template.id, params: [], sharePercent: 45 },
    { campaignId: campaign!.id, key: "B", templateId: template.id, params: [], sharePercent: 45 },
  ]);
  return campaign!.id;
}

const CONFIG = {
  dailyQuota: 50_000,
  promoSharePercent: 50,
  clickLinkBase: "https://loyalloop.example",
} as MessagingConfig;

async function materialiseFigures(db: Db, brandId: string, rule: Rule, target: number) {
  const id = await benchCampaign(db, brandId, rule, "Bench campaign");
  const loaded = (await loadCampaign(db, brandId, id))!;
  const timings: Record<string, number> = {};
  const t = performance.now();
  const out = await materialise(db, CONFIG, loaded, NOW, timings);
  const ms = performance.now() - t;
  const [m] = await queryRows<{ queued: number; failed: number; notes: number; days: number; renders: number }>(
    db,
    sql`select count(*) filter (where status = 'queued')::int as queued, count(*) filter (where status = 'failed')::int as failed,
        count(*) filter (where render_notes is not null)::int as notes, count(distinct not_before)::int as days,
        count(distinct template_data)::int as renders
      from messages where source = ${`campaign:${id}`}`,
  );
  console.log(
    `  materialise: ${fmt(out.recorded)} recipients recorded (control included), ${fmt(out.queued)} messages queued` +
      ` (${fmt(m!.failed)} failed validation, ${fmt(m!.notes)} with a note, ${fmt(m!.renders)} distinct renders, ${m!.days} plan days)` +
      ` in ${seconds(ms)} (target ≤ ${target} s; load ${load()})`,
  );
  console.log(
    `    steps: ${Object.entries(timings)
      .map(([k, v]) => `${k} ${seconds(v)}`)
      .join(", ")}`,
  );
  const twice = await benchCampaign(db, brandId, rule, "Bench campaign twice");
  const again = (await loadCampaign(db, brandId, twice))!;
  const t2 = performance.now();
  await Promise.all([materialise(db, CONFIG, again, NOW), materialise(db, CONFIG, again, NOW)]);
  const [d] = await queryRows<{ messages: number; recipients: number; total: number }>(
    db,
    sql`select (select count(*) - count(distinct member_id) from messages where source = ${`campaign:${twice}`})::int as messages,
      (select count(*) - count(distinct member_id) from zns_campaign_recipients where campaign_id = ${twice})::int as recipients,
      (select count(*) from messages where source = ${`campaign:${twice}`})::int as total`,
  );
  console.log(
    `  twice at once: ${fmt(d!.total)} messages in ${seconds(performance.now() - t2)}; duplicates: ${d!.messages + d!.recipients}` +
      ` (messages ${d!.messages}, recipients ${d!.recipients})`,
  );
}

async function onDatabase(label: string, database: Database, memberCount: number, campaignRule: (storeId: string) => Rule, target: number) {
  console.log(`${label}: ${fmt(memberCount)} members`);
  await migrateDatabase(database);
  const { brandId, storeId } = REUSE ? await generated(database.db) : await generate(database.db, memberCount);
  if (KEEP) console.log(`  brand ${brandId}, store ${storeId}`);
  if (!NO_SEGMENTS) await segmentFigures(database.db, brandId, storeId, RUNS);
  if (ONLY_SEGMENTS) return;
  const rule = campaignRule(storeId);
  console.log(`  campaign segment: ${JSON.stringify(rule)}`);
  await materialiseFigures(database.db, brandId, rule, target);
}

/** The generated tier (of their fixed shares) whose members number nearest `target`. */
async function tierNear(db: Db, target: number): Promise<string> {
  const [row] = await queryRows<{ tier: string }>(
    db,
    sql`select m.tier from members m join brands b on b.id = m.brand_id where b.slug = 'bench-segments'
      group by m.tier order by abs(count(*) - ${target}) / ${Math.max(1, Math.round(target / 20))}, m.tier desc limit 1`,
  );
  return row!.tier;
}

/** The brand and store 1 of a database an earlier run generated and kept (BENCH_DB). */
async function generated(db: Db): Promise<{ brandId: string; storeId: string }> {
  const [row] = await queryRows<{ brand: string; store: string }>(
    db,
    sql`select b.id as brand, (select s.id from stores s where s.brand_id = b.id order by s.id limit 1) as store
      from brands b where b.slug = 'bench-segments'`,
  );
  return { brandId: row!.brand, storeId: row!.store };
}

async function postgres() {
  if (REUSE) {
    const url = new URL(PG_URL);
    url.pathname = `/${REUSE}`;
    const database = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      // A campaign of ~100,000 whatever the kept database's size: the tier whose share is nearest
      // within 5 % (gold, 10 %, at 1,000,000; member, 50 %, at 200,000), or BENCH_CAMPAIGN_TIER.
      const tier = CAMPAIGN_TIER ?? (await tierNear(database.db, 100_000));
      await onDatabase(
        "PostgreSQL (kept)",
        database,
        PG_MEMBERS,
        () => ({ type: "group", combine: "and", items: [c("tier", "in", [tier])] }) as Rule,
        10,
      );
    } finally {
      await database.close();
    }
    return;
  }
  await withScratchDatabase(
    PG_URL,
    "ll_bench_segments",
    async (url) => {
      const database = await openDatabase({ kind: "postgres", url });
      try {
        // The campaign: the gold tier, 10 % of the members (100,000 of 1,000,000).
        await onDatabase(
          "PostgreSQL",
          database,
          PG_MEMBERS,
          () => ({ type: "group", combine: "and", items: [c("tier", "in", ["gold"])] }) as Rule,
          10,
        );
      } finally {
        await database.close();
      }
    },
    { keep: KEEP },
  );
}

async function pglite() {
  const database = await openDatabase({ kind: "pglite" });
  try {
    // The campaign: every member (100,000).
    await onDatabase("PGlite", database, PGLITE_MEMBERS, () => ({ type: "group", combine: "and", items: [] }) as Rule, 30);
  } finally {
    await database.close();
  }
}

console.log(`bench:segments — load average ${load()} (1, 5, 15 min) on ${(await import("node:os")).cpus().length} cores`);
if (ONLY !== "postgres") await pglite();
if (ONLY !== "pglite" && PG_URL !== "skip") await postgres();
