/**
 * Segments, differential (issue 15, "Proof / Domain"): random rules (fast-check, over every field
 * of the registry and every operator it allows) evaluated in memory on generated members
 * (src/domain/segments/evaluate.ts) match the compiled SQL's result on the same data, member by
 * member — on PGlite, and on PostgreSQL under `npm run test:pg`. The members are generated as
 * facts first and written to the database from them, so the two sides share nothing but the
 * facts. Instants are spread over minutes, so Vietnam-day boundaries, the New Year (the clock is
 * 20 December: a birthday window of two weeks crosses it) and 29 February birthdays all occur.
 * A few rules are also explained for one member through the server's explain, condition by
 * condition, against explainInMemory.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONSENT_PURPOSES,
  mayUse,
  ZALO_OUTCOMES,
  ZALO_PERMISSIONS,
  type ConsentEvent,
  type ConsentPurpose,
} from "../../src/domain/consent/purposes";
import { TIER_CODES } from "../../src/domain/loyalty/tiers";
import { civilDateText, DAY_MS, daysInMonth, vietnamDate } from "../../src/domain/loyalty/vietnam-time";
import { VOUCHER_STATUSES } from "../../src/domain/loyalty/vouchers";
import type { AnswerValue } from "../../src/domain/preferences/form";
import { evaluateRule, explainInMemory, type MemberFacts } from "../../src/domain/segments/evaluate";
import { SEGMENT_FIELDS, type FieldDef } from "../../src/domain/segments/fields";
import { validateRule, type Condition, type Group, type Rule, type RuleNode } from "../../src/domain/segments/rule";
import { bandIdsOf, SURVEY_KINDS } from "../../src/domain/surveys/kinds";
import { rowsJson } from "../../src/server/db/bulk";
import { queryRows, type Database } from "../../src/server/db/client";
import { loyaltySettingsOf } from "../../src/server/features/loyalty/settings";
import { membersWithConsent } from "../../src/server/features/messaging/enqueue";
import { compileRule, compileRuleParts, Relations, unionOf } from "../../src/server/features/segments/compile";
import { countRuleMatches, explainMember } from "../../src/server/features/segments/queries";
import { freshDatabase } from "../support/db";

const NOW = Date.parse("2026-12-20T05:00:00Z");
const MEMBERS = 160;
const RULES = 300;
/** Rules per statement: their relations are joined once per statement. */
const BATCH = 6;
const SEED = 20261220;
const MINUTE = 60_000;

const STORES = [randomUUID(), randomUUID(), randomUUID()];
const CHOICE_QUESTION = "size";
const OPTIONS: Record<string, readonly string[]> = {
  favourite_categories: ["drinks", "food", "merchandise", "unknown_option"],
  topics: ["new_products", "events", "discounts"],
  preference: ["size_s", "size_m", "size_l"],
};

type Generated = MemberFacts & { memberId: string; userId: string; erased: boolean };
/** A member's first decisions, made two days ago; the rest yesterday (writeMembers). */
const earlierConsents = (m: Generated) => Math.ceil(m.consents.length / 2);
/** Ids of the later decisions: given, above any the sequence hands out in this file. */
const LATER_IDS = 1_000_000_000;

// ── Members ───────────────────────────────────────────────────────────────────────────────────
const aroundNow = (pastDays: number, futureDays: number) =>
  fc.integer({ min: -pastDays * 1440, max: futureDays * 1440 }).map((m) => NOW + m * MINUTE);
const subset = (options: readonly string[]) => fc.subarray([...options], { minLength: 1 });
const birthday = fc
  .integer({ min: 1, max: 12 })
  .chain((month) => fc.integer({ min: 1, max: daysInMonth(2024, month) }).map((day): AnswerValue => ({ kind: "birthday", day, month })));

const memberArb = fc.record({
  tier: fc.constantFrom(...TIER_CODES),
  pointsBalance: fc.integer({ min: 0, max: 3_000 }),
  erased: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
  earns: fc.array(
    fc.record({
      // A few dated after now (a visit posted with a later date): out of every "last N days".
      at: aroundNow(420, 10),
      store: fc.option(fc.integer({ min: 0, max: STORES.length - 1 }), { freq: 6 }),
      billVnd: fc.option(fc.integer({ min: 10_000, max: 900_000 }), { freq: 8 }),
      reversed: fc.integer({ min: 0, max: 6 }).map((x) => x === 0),
    }),
    { maxLength: 7 },
  ),
  lots: fc.array(fc.record({ remaining: fc.integer({ min: 0, max: 60 }), expiresAt: aroundNow(10, 400) }), { maxLength: 4 }),
  consents: fc.array(fc.record({ purpose: fc.constantFrom(...CONSENT_PURPOSES), granted: fc.boolean() }), { maxLength: 7 }),
  zaloAnswers: fc.array(fc.record({ permission: fc.constantFrom(...ZALO_PERMISSIONS), outcome: fc.constantFrom(...ZALO_OUTCOMES) }), {
    maxLength: 3,
  }),
  birthday: fc.option(birthday, { freq: 3 }),
  favourite: fc.option(subset(OPTIONS.favourite_categories!), { freq: 3 }),
  topics: fc.option(subset(OPTIONS.topics!), { freq: 3 }),
  preferredStore: fc.option(fc.constantFrom(...STORES, STORES[0]!.toUpperCase()), { freq: 3 }),
  offerFrequency: fc.option(fc.constantFrom("weekly", "monthly", "important_only"), { freq: 3 }),
  size: fc.option(fc.constantFrom(...OPTIONS.preference!), { freq: 3 }),
  vouchers: fc.array(fc.record({ status: fc.constantFrom(...VOUCHER_STATUSES), expiresAt: aroundNow(30, 60) }), { maxLength: 3 }),
  surveys: fc.array(
    fc.constantFrom(...SURVEY_KINDS).chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        band: fc.constantFrom(...bandIdsOf(kind)),
        // Whole hours: two answers of one member may share an instant, and the id breaks the tie.
        answeredAt: fc.integer({ min: 0, max: 24 * 60 }).map((h) => NOW - h * 3_600_000),
        superseded: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
      }),
    ),
    { maxLength: 4 },
  ),
});

function sampleMembers() {
  return fc.sample(memberArb, { seed: SEED, numRuns: MEMBERS }).map((g): Generated => {
    const ledger: Generated["ledger"][number][] = [];
    for (const e of g.earns) {
      const id = randomUUID();
      ledger.push({ id, kind: "earn", at: e.at, storeId: e.store === null ? null : STORES[e.store]!, billVnd: e.billVnd });
      if (e.reversed)
        ledger.push({ id: randomUUID(), kind: "reversal", at: e.at + 3_600_000, storeId: null, billVnd: e.billVnd, refEntryId: id });
    }
    const answers: Record<string, AnswerValue> = {};
    if (g.birthday) answers.birthday = g.birthday;
    if (g.favourite) answers.favourite_categories = { kind: "multi", optionIds: g.favourite };
    if (g.topics) answers.topics = { kind: "multi", optionIds: g.topics };
    if (g.preferredStore) answers.preferred_store = { kind: "store", storeId: g.preferredStore };
    if (g.offerFrequency) answers.offer_frequency = { kind: "single", optionId: g.offerFrequency };
    if (g.size) answers[CHOICE_QUESTION] = { kind: "single", optionId: g.size };
    return {
      memberId: randomUUID(),
      userId: randomUUID(),
      erased: g.erased,
      tier: g.tier,
      pointsBalance: g.pointsBalance,
      ledger,
      lots: g.lots,
      consents: g.consents,
      zaloAnswers: g.zaloAnswers,
      answers,
      vouchers: g.vouchers,
      surveyAnswers: g.surveys.map((s) => ({ ...s, id: randomUUID() })),
    };
  });
}

/** Writes the facts as rows: a few set-based statements, rows in the facts' order (consents and answers count by it). */
async function writeMembers(database: Database, brandId: string, members: Generated[]) {
  const db = database.db;
  const iso = (ms: number) => new Date(ms).toISOString();
  const each = <T>(pick: (m: Generated) => T[]) => members.flatMap(pick);
  await db.execute(sql`insert into stores (id, brand_id, name) select s.id, ${brandId}, 'Cửa hàng ' || s.n
    from jsonb_to_recordset(${rowsJson(STORES.map((id, n) => ({ id, n })))}) as s(id uuid, n int)`);
  await db.execute(sql`insert into users (id, brand_id, role, zalo_id, display_name)
    select r.id, ${brandId}, 'member', 'diff-' || r.id, 'Khách' from jsonb_to_recordset(${rowsJson(members.map((m) => ({ id: m.userId })))}) as r(id uuid)`);
  await db.execute(sql`insert into members (id, user_id, brand_id, qr_secret, tier, points_balance, erased_at)
    select r.id, r.user_id, ${brandId}, md5(r.id::text), r.tier, r.points, case when r.erased then ${iso(NOW - DAY_MS)}::timestamptz end
    from jsonb_to_recordset(${rowsJson(
      members.map((m) => ({ id: m.memberId, user_id: m.userId, tier: m.tier, points: m.pointsBalance, erased: m.erased })),
    )}) as r(id uuid, user_id uuid, tier text, points int, erased boolean)`);
  const ledger = each((m) => m.ledger.map((e) => ({ ...e, member_id: m.memberId, at: iso(e.at) })));
  await db.execute(sql`insert into ledger_entries (id, brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, store_id, bill_vnd, ref_entry_id, receipt_key)
    select r.id, ${brandId}, r.member_id, r.kind, case when r.kind = 'earn' then 10 else -10 end, 0, r.at, 'system', r."storeId", r."billVnd", r."refEntryId", r.id::text
    from jsonb_array_elements(${rowsJson(ledger)}) with ordinality as x(v, n), jsonb_to_record(x.v) as r(id uuid, member_id uuid, kind text, at timestamptz, "storeId" uuid, "billVnd" bigint, "refEntryId" uuid)
    order by x.n`);
  const lots = each((m) => m.lots.map((l) => ({ member_id: m.memberId, remaining: l.remaining, expires: iso(l.expiresAt) })));
  await db.execute(sql`insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
    select gen_random_uuid(), r.member_id, 60, r.remaining, r.expires - interval '1 year', r.expires
    from jsonb_to_recordset(${rowsJson(lots)}) as r(member_id uuid, remaining int, expires timestamptz)`);
  // Consents in two statements, so current_consents (decision 0048) is both created and replaced
  // by its trigger: each member's earlier decisions (two days ago, ids in order), then the later
  // ones (yesterday) with ids given and inserted in reverse, so a row's trigger often finds a later
  // decision already there and must keep it. The facts' order is the ids' order in both.
  const consents = each((m) => m.consents.map((c, i) => ({ user_id: m.userId, ...c, later: i >= earlierConsents(m) })));
  const decided = (later: boolean) => rowsJson(consents.filter((c) => c.later === later));
  await db.execute(sql`insert into consents (user_id, purpose, granted, wording_version, channel, created_at)
    select r.user_id, r.purpose, r.granted, 'v1', 'mini_app', ${iso(NOW - 2 * DAY_MS)}::timestamptz
    from jsonb_array_elements(${decided(false)}) with ordinality as x(v, n), jsonb_to_record(x.v) as r(user_id uuid, purpose text, granted boolean) order by x.n`);
  await db.execute(sql`insert into consents (id, user_id, purpose, granted, wording_version, channel, created_at)
    select ${LATER_IDS}::bigint + x.n, r.user_id, r.purpose, r.granted, 'v1', 'mini_app', ${iso(NOW - DAY_MS)}::timestamptz
    from jsonb_array_elements(${decided(true)}) with ordinality as x(v, n), jsonb_to_record(x.v) as r(user_id uuid, purpose text, granted boolean) order by x.n desc`);
  const zalo = each((m) => m.zaloAnswers.map((z) => ({ user_id: m.userId, ...z })));
  await db.execute(sql`insert into zalo_permission_answers (user_id, purpose, permission, outcome)
    select r.user_id, 'zns_care', r.permission, r.outcome
    from jsonb_array_elements(${rowsJson(zalo)}) with ordinality as x(v, n), jsonb_to_record(x.v) as r(user_id uuid, permission text, outcome text) order by x.n`);
  // Answers in three statements, so what their triggers keep (preference_options, the generated
  // birthday_key: decision 0050) is created, replaced and deleted: first a stale answer (another
  // birthday, every option of a multi, another option of a single; form version 2) to each
  // question a member answered and to favourite categories for everyone, then the real answers
  // over them, then the stale ones nobody gave deleted. A stale option left behind matches rules.
  const answers = each((m) => Object.entries(m.answers).map(([question, value]) => ({ member_id: m.memberId, question, value })));
  const stale = (question: string, value: AnswerValue): AnswerValue => {
    const options =
      question === "offer_frequency"
        ? ["weekly", "monthly", "important_only"]
        : OPTIONS[question === CHOICE_QUESTION ? "preference" : question]!;
    if (value.kind === "multi") return { kind: "multi", optionIds: [...options] };
    if (value.kind === "single") return { kind: "single", optionId: options.find((o) => o !== value.optionId)! };
    if (value.kind === "birthday") return { kind: "birthday", day: 1 + ((value.day + 10) % 28), month: 1 + (value.month % 12) };
    return value;
  };
  const staleAnswers = each((m) => [
    ...Object.entries(m.answers).map(([question, value]) => ({ member_id: m.memberId, question, value: stale(question, value) })),
    ...(m.answers.favourite_categories
      ? []
      : [
          {
            member_id: m.memberId,
            question: "favourite_categories",
            value: stale("favourite_categories", { kind: "multi", optionIds: [] }),
          },
        ]),
  ]);
  const writeAnswers = (
    rows: typeof answers,
    version: number,
  ) => sql`insert into preference_answers (member_id, question_id, form_version, value)
    select r.member_id, r.question, ${version}, r.value from jsonb_to_recordset(${rowsJson(rows)}) as r(member_id uuid, question text, value jsonb)`;
  await db.execute(writeAnswers(staleAnswers, 2));
  await db.execute(
    sql`${writeAnswers(answers, 1)} on conflict (member_id, question_id) do update set value = excluded.value, form_version = 1`,
  );
  await db.execute(sql`delete from preference_answers where form_version = 2`);
  const [reward] = await queryRows<{ id: string }>(
    db,
    sql`insert into rewards (brand_id, name, points_cost) values (${brandId}, 'Quà', 10) returning id`,
  );
  const vouchers = each((m) => m.vouchers.map((v) => ({ member_id: m.memberId, status: v.status, expires: iso(v.expiresAt) })));
  await db.execute(sql`insert into vouchers (brand_id, member_id, reward_id, code, status, issued_at, expires_at)
    select ${brandId}, r.member_id, ${reward!.id}, gen_random_uuid()::text, r.status, r.expires - interval '60 days', r.expires
    from jsonb_to_recordset(${rowsJson(vouchers)}) as r(member_id uuid, status text, expires timestamptz)`);
  const surveys: Record<string, string> = {};
  for (const kind of SURVEY_KINDS) {
    const [s] = await queryRows<{ id: string }>(
      db,
      sql`insert into surveys (brand_id, status, version, kind, touchpoint, channel) values (${brandId}, 'active', 1, ${kind}, 'post_purchase', 'in_app') returning id`,
    );
    surveys[kind] = s!.id;
  }
  const answered = each((m) =>
    m.surveyAnswers.map((a) => ({ ...a, member_id: m.memberId, survey_id: surveys[a.kind], at: iso(a.answeredAt) })),
  );
  await db.execute(sql`insert into survey_answers (id, brand_id, survey_id, survey_version, member_id, kind, score, band, touchpoint, source,
      client_answer_id, answered_at, first_answered_at, superseded_at)
    select r.id, ${brandId}, r.survey_id, 1, r.member_id, r.kind, 1, r.band, 'post_purchase', 'in_app', r.id::text, r.at, r.at,
      case when r.superseded then r.at end
    from jsonb_to_recordset(${rowsJson(answered)}) as r(id uuid, survey_id uuid, member_id uuid, kind text, band text, at timestamptz, superseded boolean)`);
}

// ── Rules ─────────────────────────────────────────────────────────────────────────────────────
/** Integers where the generated data lies, so conditions split the members rather than take all or none. */
function integerRange(def: FieldDef): [number, number] {
  const spec = def.value;
  if (spec.kind !== "integer") return [0, 0];
  const byUnit: Record<string, [number, number]> = {
    points: [0, 3_100],
    vnd: [0, 2_000_000],
    days: [0, 450],
    visits: [0, 6],
    vouchers: [0, 3],
    month: [1, 12],
  };
  const [lo, hi] = byUnit[spec.unit ?? "points"]!;
  return [Math.max(lo, spec.min), Math.min(hi, spec.max)];
}

const dateArb = fc.integer({ min: -450, max: 5 }).map((d) => civilDateText(vietnamDate(NOW + d * DAY_MS)));

function optionsOf(def: FieldDef): readonly (string | number)[] {
  const spec = def.value;
  if (spec.kind === "integer") {
    const [lo, hi] = integerRange(def);
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  }
  if (spec.kind !== "enum" && spec.kind !== "set") return [];
  // Store ids in either case: a uuid is the same store whatever its case.
  if (spec.options === "stores") return [...STORES, ...STORES.map((id) => id.toUpperCase())];
  if (spec.options === "any_id") return OPTIONS[def.id] ?? [];
  return spec.options;
}

function valueArb(def: FieldDef, op: string): fc.Arbitrary<Condition["value"]> {
  const [lo, hi] = integerRange(def);
  const int = fc.integer({ min: lo, max: hi });
  switch (op) {
    case "eq":
    case "gte":
    case "lte":
      // 0, 1 and 2 often: "≥ 1" and "0" on counts and sums compile to a row's existence, "≥ 2" to the aggregate.
      return fc.oneof({ weight: 3, arbitrary: int }, { weight: 1, arbitrary: fc.integer({ min: Math.max(lo, 0), max: Math.min(hi, 2) }) });
    case "between":
      return def.value.kind === "date"
        ? fc.tuple(dateArb, dateArb).map(([a, b]) => (a <= b ? [a, b] : [b, a]))
        : fc.tuple(int, int).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    case "before":
    case "after":
      return dateArb;
    case "is":
      return fc.boolean();
    case "is_set":
    case "is_not_set":
      return fc.constant(undefined);
    default:
      return fc.subarray([...optionsOf(def)], { minLength: 1, maxLength: Math.min(4, optionsOf(def).length) });
  }
}

function conditionArb(def: FieldDef): fc.Arbitrary<Condition> {
  const arg = def.arg;
  const extra: fc.Arbitrary<Partial<Condition>> =
    arg?.kind === "days"
      ? fc.oneof(fc.integer({ min: arg.min, max: 45 }), fc.integer({ min: arg.min, max: arg.max })).map((days) => ({ days }))
      : arg?.kind === "key"
        ? fc.constantFrom(...(arg.options === "choice_question" ? [CHOICE_QUESTION] : arg.options)).map((key) => ({ key }))
        : fc.constant({});
  return fc.record({ op: fc.constantFrom(...def.ops), extra }).chain(({ op, extra }) =>
    valueArb(def, op).map((value): Condition => {
      const c: Condition = { type: "condition", field: def.id, op, ...extra };
      return value === undefined ? c : { ...c, value };
    }),
  );
}

const anyCondition = fc.oneof(...SEGMENT_FIELDS.map((def) => conditionArb(def as FieldDef)));
const nodeArb = anyCondition as fc.Arbitrary<RuleNode>;
const groupArb = (depth: number): fc.Arbitrary<Group> =>
  fc
    .record({
      combine: fc.constantFrom("and" as const, "or" as const),
      items: fc.array(
        depth < 3 ? fc.oneof({ weight: 3, arbitrary: nodeArb }, { weight: 1, arbitrary: groupArb(depth + 1) }) : anyCondition,
        {
          minLength: depth === 1 ? 0 : 1,
          maxLength: 3,
        },
      ),
    })
    .map((g): Group => ({ type: "group", ...g }));

// ── The test ──────────────────────────────────────────────────────────────────────────────────
describe("segments: rules in memory equal the compiled SQL", () => {
  let database: Database;
  let brandId: string;
  let members: Generated[];
  let spendWindowDays: number;

  beforeAll(async () => {
    database = await freshDatabase();
    [{ id: brandId }] = (await queryRows<{ id: string }>(
      database.db,
      sql`insert into brands (slug, name) values ('diff', 'Differential') returning id`,
    )) as [{ id: string }];
    members = sampleMembers();
    await writeMembers(database, brandId, members);
    spendWindowDays = (await loyaltySettingsOf(database.db, brandId)).tierRules.windowDays;
  });
  afterAll(() => database.close());

  it(`agrees on ${RULES} random rules over ${MEMBERS} generated members`, async () => {
    const rules = fc.sample(groupArb(1), { seed: SEED + 1, numRuns: RULES }) as Rule[];
    // The generator makes only rules the server accepts (the registry's ops, bounds and limits).
    for (const rule of rules) expect(validateRule(rule)).toEqual([]);
    const ctx = { now: NOW, spendWindowDays };
    const live = members.filter((m) => !m.erased);
    const mismatches: string[] = [];
    let matchedSomewhere = 0;
    let unions = 0;
    let seededCounts = 0;
    for (let i = 0; i < rules.length; i += BATCH) {
      const batch = rules.slice(i, i + BATCH);
      const r = new Relations({ now: NOW, spendWindowDays, brandId });
      const tests = batch.map((rule) => compileRule(rule, r));
      // And as a sample's first page probes members one by one (each relation restricted to m).
      const probe = new Relations({ now: NOW, spendWindowDays, brandId, probe: true });
      const probes = batch.map((rule) => compileRule(rule, probe));
      const rows = await queryRows<{ id: string; hits: boolean[] | string; probed: boolean[] | string }>(
        database.db,
        sql`select m.id, jsonb_build_array(${sql.join(tests, sql`, `)}) as hits, jsonb_build_array(${sql.join(probes, sql`, `)}) as probed
          from members m${r.joins()} where m.brand_id = ${brandId} and m.erased_at is null`,
      );
      expect(rows.length).toBe(live.length);
      const parse = (v: boolean[] | string) => (typeof v === "string" ? (JSON.parse(v) as boolean[]) : v);
      const byId = new Map(rows.map((row) => [row.id, parse(row.hits)]));
      const probedById = new Map(rows.map((row) => [row.id, parse(row.probed)]));
      batch.forEach((rule, j) => {
        let hits = 0;
        for (const m of live) {
          const inMemory = evaluateRule(rule, m, ctx);
          if (inMemory) hits++;
          if (byId.get(m.memberId)![j] !== inMemory && mismatches.length < 5)
            mismatches.push(`rule ${JSON.stringify(rule)}\nmember ${JSON.stringify(m)}\nSQL ${!inMemory}, in memory ${inMemory}`);
          if (probedById.get(m.memberId)![j] !== inMemory && mismatches.length < 5)
            mismatches.push(`probe: rule ${JSON.stringify(rule)}\nmember ${JSON.stringify(m)}\nSQL ${!inMemory}, in memory ${inMemory}`);
        }
        if (hits > 0 && hits < live.length) matchedSomewhere++;
      });
      // A root OR over relations, as the count counts it: the union of its branches' members.
      for (const rule of batch) {
        const { branches, seeded } = compileRuleParts(rule, new Relations({ now: NOW, spendWindowDays, brandId }));
        if (!branches) continue;
        const set = unionOf(branches, sql`m.brand_id = ${brandId} and m.erased_at is null`);
        unions++;
        const ids = (await queryRows<{ id: string }>(database.db, sql`select id from (${set}) s`)).map((x) => x.id).sort();
        const expected = live
          .filter((m) => evaluateRule(rule, m, ctx))
          .map((m) => m.memberId)
          .sort();
        if (JSON.stringify(ids) !== JSON.stringify(expected) && mismatches.length < 5)
          mismatches.push(`union: rule ${JSON.stringify(rule)}\nSQL ${ids.length} members, in memory ${expected.length}`);
        // And from the branches' candidate ids, joined once with the members (decision 0051).
        if (seeded) seededCounts++;
        const counted = await countRuleMatches(database.db, brandId, rule, NOW);
        if (counted !== expected.length && mismatches.length < 5)
          mismatches.push(`count${seeded ? " (seeded)" : ""}: rule ${JSON.stringify(rule)}\nSQL ${counted}, in memory ${expected.length}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The rules are not trivial: most split the members (some take all or none, as an empty root does).
    expect(matchedSomewhere).toBeGreaterThan(RULES / 2);
    expect(unions).toBeGreaterThan(RULES / 10);
    expect(seededCounts).toBeGreaterThan(5);
  });

  it("keeps current_consents as each user's latest decision per purpose, and mayUse over it equals mayUse over the history", async () => {
    // The table the compiled consent conditions read is the ledger's latest row by id (what the
    // migration's backfill writes), for every user and purpose (the seeded demo brand's too),
    // erased members included.
    const latest = sql`select distinct on (c.user_id, c.purpose) c.user_id, c.purpose, c.granted, c.id from consents c
      order by c.user_id, c.purpose, c.id desc`;
    const kept = sql`select user_id, purpose, granted, consent_id as id from current_consents`;
    const [diff] = await queryRows<{ missing: number; extra: number; rows: number }>(
      database.db,
      sql`select (select count(*) from ((${latest}) except (${kept})) x)::int as missing, (select count(*) from ((${kept}) except (${latest})) x)::int as extra,
        (select count(*) from current_consents where brand_id = ${brandId})::int as rows`,
    );
    expect(diff).toEqual({
      missing: 0,
      extra: 0,
      rows: new Set(members.flatMap((m) => m.consents.map((c) => `${m.userId}:${c.purpose}`))).size,
    });
    // The funnel's and the bulk enqueue's check (membersWithConsent) reads the table, and the
    // ledger for users who decided after the moment asked: now, and between the two days.
    const history = (m: Generated) =>
      m.consents.map((c, i): ConsentEvent => ({
        purpose: c.purpose as ConsentPurpose,
        granted: c.granted,
        at: NOW - (i < earlierConsents(m) ? 2 : 1) * DAY_MS,
        wordingVersion: "v1",
        channel: "mini_app",
      }));
    const ids = members.map((m) => m.memberId);
    for (const at of [NOW, NOW - 1.5 * DAY_MS, NOW - 3 * DAY_MS]) {
      for (const purpose of CONSENT_PURPOSES) {
        const allowed = await membersWithConsent(database.db, ids, purpose, at);
        const expected = members.filter((m) => mayUse({ history: history(m), purpose, at, erased: m.erased }).ok).map((m) => m.memberId);
        expect([...allowed].sort(), `${purpose} at ${new Date(at).toISOString()}`).toEqual(expected.sort());
      }
    }
  });

  it("explains a member condition by condition as the server's explain does", async () => {
    const rules = fc.sample(groupArb(1), { seed: SEED + 2, numRuns: 12 }) as Rule[];
    const live = members.filter((m) => !m.erased);
    for (const [i, rule] of rules.entries()) {
      const m = live[(i * 37) % live.length]!;
      const server = (await explainMember(database.db, brandId, rule, m.memberId, NOW))!;
      const local = explainInMemory(rule, m, { now: NOW, spendWindowDays });
      expect(server.result, JSON.stringify({ rule, m })).toBe(local.result);
      const flat: boolean[] = [];
      const walk = (node: typeof local | (typeof local)["items"][number]) =>
        node.type === "group" ? node.items.forEach(walk) : flat.push(node.result);
      walk(local);
      expect(server.conditions.map((c) => c.result)).toEqual(flat);
    }
  });
});
