/**
 * A validated segment rule as parameterised SQL (docs/decisions/0033-segments.md). The rule
 * never becomes SQL text: a field id only selects one of the compilers below (the registry's
 * `source`), and every value, key and number of days is a bound parameter of drizzle's `sql`
 * template. Each condition compiles to a boolean that is never NULL (a member without a value
 * fails `in` and passes `not_in`), so groups are plain AND / OR and "why is this member in" can
 * evaluate each condition on its own with the same SQL.
 *
 * What a condition needs beyond the member row (visits, lots, answers, Zalo permissions…) is a
 * relation keyed by member (or user); consents granted now are bits of the member row itself
 * (members.consent_bits, decision 0051). Two shapes of the same relations:
 *
 *  - a count, a sample, a campaign (no member given): each condition is `exists (select 1 from
 *    relation r where r.k = m.id and test)` when a member without a row fails it, or `not exists
 *    (… and test is not true)` when such a member passes it (`lte` on a count, `not_in`,
 *    `has_none`, `is_not_set`). Which one is decided by the in-memory
 *    evaluator on a member with no facts (domain/segments/evaluate.ts, the rules' meaning). In
 *    the rule's ANDs PostgreSQL turns these into semi and anti joins that touch only the members
 *    a relation matches (the hand-written query's shape), where a LEFT JOIN of every relation on
 *    every member and a test over the joined row went over all of them (bench:segments, decision
 *    0048). Under OR they stay subplans, hashed. Both forms are true or false, never NULL, so
 *    AND / OR of them is the two-valued logic of the evaluator. In one AND, the conditions on the
 *    member's member_visits row share one EXISTS (`mergeRows`), which reads the table once;
 *  - explain (one member): each relation LEFT JOINed once, so each condition's value can be
 *    shown next to its test; a missing row's columns are NULL and the tests coalesce them.
 *
 * The relations are scoped to the brand (a count, a sample) or to one member (explain).
 */
import { sql, type SQL } from "drizzle-orm";
import { dayStartMs, lastDaysPeriod } from "../../../domain/insights/retention";
import { civilDateText, DAY_MS, VIETNAM_UTC_OFFSET_MS, vietnamDate, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { birthdayKeys, birthdayWindow, dayNumberOfDate } from "../../../domain/segments/calendar";
import { CONSENT_BITS, type ConsentPurpose } from "../../../domain/consent/purposes";
import { fieldDef, type FieldDef, type FieldSource } from "../../../domain/segments/fields";
import { evaluateCondition, storeValues, type MemberFacts } from "../../../domain/segments/evaluate";
import type { Condition, Group, Rule } from "../../../domain/segments/rule";
import { intArray } from "../../db/bulk";

export type CompileContext = {
  now: number;
  /** The brand's tier window (tier rules' windowDays): qualifying spend looks back this far. */
  spendWindowDays: number;
  brandId: string;
  /** Explain: relations are computed for this member only. */
  memberId?: string;
  /**
   * A sample's first members, probed one by one: correlated, and each relation restricted to the
   * outer member `m` (its rows by member index), so a condition is a per-member subplan that
   * PostgreSQL evaluates only for the members it reads in card order until the page is full,
   * instead of a relation built for the whole brand first (`sampleMatching`).
   */
  probe?: boolean;
};

/**
 * A condition compiled: the member's value of its field (for explain: meaningful only when the
 * relations are joined, i.e. with a member) and its test.
 */
export type Compiled = {
  value: SQL;
  test: SQL;
  /**
   * Correlated, a test over a `RowOf` relation that a member without a row fails: `test` is
   * `exists (… r where r.k = m.id and over)`, which an AND may merge with others on the same table.
   */
  onRow?: { rel: Relation; over: SQL };
  /**
   * Correlated, a test that holds only for members among a set of ids a relation gives by itself
   * (a member without a row fails it): the condition is `m.id in (ids) and residual`. A count
   * over an OR starts from these sets, without the members (`compileRuleParts`' `seeded`).
   */
  seed?: { ids: SQL; residual: SQL };
  /** Turns the database's value into what the console shows (a day number into a date). */
  present?: (raw: unknown) => unknown;
};

type Values = readonly (string | number)[];

const iso = (ms: number) => new Date(ms).toISOString();
const list = (values: Values) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const never = (why: string): never => {
  throw new Error(`segments: ${why}`);
};

/**
 * Event streams an `event_count` field may count: the game's plays and check-ins and referrals
 * add their table here when they land (table and column names are ours, never input).
 */
export const EVENT_STREAMS: Record<string, { table: SQL; member: SQL; at: SQL }> = {};

/**
 * A relation the statement reads, keyed by member (or user) as `k`. `rows`, when given, is the
 * rows an aggregate relation counts or sums before grouping, each adding at least 1 to the
 * aggregate (a visit, an open lot's remaining points, a voucher, an event): so "≥ 1" is "a row
 * exists" and "0" (`eq 0`, `lte 0`) "no row", which a correlated count tests on the rows alone
 * (`thresholdTest`).
 */
type Relation = { alias: SQL; body: SQL; on: "member" | "user"; rows?: SQL; row?: RowOf };

/**
 * A relation that is columns of one table's row per member (member_visits: its primary key is the
 * member): `select ${columns} from ${table} where ${where}`, keyed by `key`. Correlated, two
 * conditions of one AND on the same table test the same row, so they share one EXISTS
 * (`mergeRows`): "exists a row with t₁ and exists a row with t₂" is "exists a row with t₁ and
 * t₂" when there is at most one row, and the table is read once instead of once per condition.
 */
type RowOf = { table: string; from: SQL; key: SQL; where: SQL; columns: SQL };

/**
 * The relations of one statement, by key: `use` names the relation a condition needs and
 * answers its alias (r0, r1… — ours, never input). With a member (explain) they are joined:
 * `joins()` writes one LEFT JOIN per key. Without (a count, a sample) they are correlated:
 * `collect` hands the relations a condition used to `compileCondition`, which puts them in its
 * EXISTS, and `joins()` is empty.
 */
export class Relations {
  private readonly byKey = new Map<string, Relation>();
  private collecting: Map<string, Relation> | null = null;
  private next = 0;
  readonly correlated: boolean;
  /** Whether any condition compiled so far reads a relation (a rule on member columns alone reads none). */
  get usedAny(): boolean {
    return this.next > 0;
  }
  /** How many relations conditions have named so far (correlated: one per condition that reads one). */
  get named(): number {
    return this.next;
  }
  constructor(readonly ctx: CompileContext) {
    this.correlated = ctx.memberId === undefined;
  }

  use(key: string, on: "member" | "user", body: () => SQL, rows?: () => SQL, row?: () => RowOf): SQL {
    const within = this.correlated ? this.collecting : this.byKey;
    if (!within) return never(`relation ${key} outside a condition`);
    let found = within.get(key);
    if (!found) {
      found = { alias: sql`${sql.identifier(`r${this.next++}`)}`, body: body(), on };
      if (rows && this.correlated) found.rows = rows();
      if (row && this.correlated) found.row = row();
      within.set(key, found);
    }
    return found.alias;
  }

  /** The relations `fn` used (correlated only): each condition gets its own. */
  collect<T>(fn: () => T): { result: T; used: Relation[] } {
    const outer = this.collecting;
    this.collecting = new Map();
    try {
      const result = fn();
      return { result, used: [...this.collecting.values()] };
    } finally {
      this.collecting = outer;
    }
  }

  joins(): SQL {
    const parts = [...this.byKey.values()].map(
      (r) => sql` left join (${r.body}) ${r.alias} on ${r.alias}.k = ${r.on === "member" ? sql`m.id` : sql`m.user_id`}`,
    );
    return sql.join(parts, sql``);
  }

  /**
   * Rows of a member-keyed table that belong to the statement's members: for explain, the one
   * member; for a count or a sample, no filter here — the LEFT JOIN on m.id, whose members are the
   * brand's, is what keeps other brands' rows out. Filtering by `member_id in (the brand's
   * members)` as well cost a scan and a hash of every member per relation and per parallel worker
   * (bench:segments, decision 0048), and a deployment holds one brand (decision 0042).
   */
  members(column: SQL): SQL {
    const { memberId, probe } = this.ctx;
    return memberId ? sql`${column} = ${memberId}` : probe ? sql`${column} = m.id` : sql`true`;
  }

  /**
   * Rows of a member-keyed table that carries the brand (member_visits, member_survey_bands): the
   * one member's (explain, a sample's probe), else the brand's, read from the table's brand index.
   */
  brandRows(member: SQL, brand: SQL): SQL {
    return this.ctx.memberId || this.ctx.probe ? this.members(member) : sql`${brand} = ${this.ctx.brandId}`;
  }

  /** Rows of a user-keyed table (Zalo permission answers) that belong to the statement's members. */
  users(column: SQL): SQL {
    const { brandId, memberId } = this.ctx;
    if (this.ctx.probe) return sql`${column} = m.user_id`;
    return memberId
      ? sql`${column} = (select mb.user_id from members mb where mb.id = ${memberId})`
      : sql`${column} in (select us.id from users us where us.brand_id = ${brandId})`;
  }

  /** The ledger rows of the statement's members (the ledger carries the brand). */
  ledger(): SQL {
    const { brandId, memberId, probe } = this.ctx;
    if (probe) return sql`e.brand_id = ${brandId} and e.member_id = m.id`;
    return memberId ? sql`e.brand_id = ${brandId} and e.member_id = ${memberId}` : sql`e.brand_id = ${brandId}`;
  }
}

/**
 * The Vietnam day number of an instant computed in SQL (vietnamDayNumber): the days from
 * 1970-01-01 to its Vietnam civil date, date arithmetic rather than numeric arithmetic on the
 * epoch, which cost a third of "last visit 60+ days ago"'s scan of the visit summaries
 * (bench:segments, decision 0048's second addendum). Same day, before 1970 too (a date rounds down);
 * member_visits.visit_days holds the same numbers (migration 0055_visit_days).
 */
const dayOf = (at: SQL) =>
  sql`(((${at} + ${`${VIETNAM_UTC_OFFSET_MS} milliseconds`}::interval) at time zone 'UTC')::date - date '1970-01-01')`;

/** Columns of the member's member_visits row, as a relation keyed by member (`RowOf`: one row per member). */
const visitsRow = (r: Relations, key: string, columns: SQL) => {
  const row = (): RowOf => ({
    table: "member_visits",
    from: sql`member_visits mv`,
    key: sql`mv.member_id`,
    where: r.brandRows(sql`mv.member_id`, sql`mv.brand_id`),
    columns: sql`mv.member_id as k, ${columns}`,
  });
  return r.use(key, "member", () => sql`select ${row().columns} from ${row().from} where ${row().where}`, undefined, row);
};

/**
 * First and last visit day per member, ever: from member_visits, the per-member summary the
 * ledger's trigger keeps (decision 0046), so a million members are one indexed read instead of
 * an aggregate over every earn and its reversals (a visit: an unreversed earn at a store, decision 0025).
 */
const visitSummary = (r: Relations) =>
  visitsRow(r, "visits", sql`${dayOf(sql`mv.first_at`)} as first_day, ${dayOf(sql`mv.last_at`)} as last_day, mv.last_at`);

/** The stores each member visited, ever (only joined when a rule asks about stores). */
const storesVisited = (r: Relations) => visitsRow(r, "stores", sql`mv.stores`);

const answerOf = (r: Relations, question: string) =>
  r.use(
    `answer:${question}`,
    "member",
    () => sql`select pa.member_id as k, pa.value from preference_answers pa
      where ${r.members(sql`pa.member_id`)} and pa.question_id = ${question}`,
  );

/**
 * A choice question's options as rows keyed by member (preference_options, kept by the answers'
 * trigger: decision 0050). Correlated, "has any" is a row among the options and "has none" no
 * such row: a range of the table's primary key, where the answers' GIN index found the answers
 * and then fetched each one's row (1,000,000 members: 242,000 "likes drinks" rows, 1.4 s).
 */
const optionsOf = (r: Relations, question: string) =>
  r.use(
    `options:${question}`,
    "member",
    () => sql`select o.member_id as k, o.option_id from preference_options o
      where ${r.members(sql`o.member_id`)} and o.question_id = ${question}`,
  );

/**
 * Whether the member's user grants the purpose now (the latest decision; false without one): a
 * bit of members.consent_bits, which triggers keep from current_consents (decision 0051). A test
 * on the member row, like the tier: no relation, so PostgreSQL filters the members it reads
 * anyway, where a relation of current_consents was a probe per candidate member or a hash of
 * every decision of the brand.
 */
const consentOf = (purpose: ConsentPurpose) => sql`(m.consent_bits & ${CONSENT_BITS[purpose]} <> 0)`;

/**
 * "Days since the last visit" compared on the instant itself (member_visits.last_at), for the
 * correlated form where the summary's row exists: "≥ 60 days" is "last visit before the start of
 * the Vietnam day 59 days ago". A range PostgreSQL estimates from last_at's statistics (and can
 * read from member_visits_brand_idx), where the day-number expression was a guess and computed
 * per row (bench:segments, decision 0048's second addendum). Null for is_set / is_not_set.
 */
function lastVisitTest(lastAt: SQL, c: Condition, today: number): SQL | null {
  const from = (daysAgo: number) => sql`${lastAt} >= ${iso(dayStartMs(today - daysAgo))}::timestamptz`;
  const before = (daysAgo: number) => sql`${lastAt} < ${iso(dayStartMs(today - daysAgo + 1))}::timestamptz`;
  const v = c.value;
  switch (c.op) {
    case "gte":
      return before(v as number);
    case "lte":
      return from(v as number);
    case "eq":
      return sql`(${from(v as number)} and ${before(v as number)})`;
    case "between": {
      const [lo, hi] = v as [number, number];
      return sql`(${from(hi)} and ${before(lo)})`;
    }
    default:
      return null;
  }
}

/** A scalar expression (possibly NULL) tested by an integer, date or enum operator. */
function scalarTest(x: SQL, c: Condition, def: FieldDef): SQL {
  const v = c.value;
  const date = (d: unknown) => dayNumberOfDate(String(d));
  switch (c.op) {
    case "is_set":
      return sql`(${x}) is not null`;
    case "is_not_set":
      return sql`(${x}) is null`;
    case "eq":
      return sql`coalesce((${x}) = ${v as number}, false)`;
    case "gte":
      return sql`coalesce((${x}) >= ${v as number}, false)`;
    case "lte":
      return sql`coalesce((${x}) <= ${v as number}, false)`;
    case "between": {
      const [lo, hi] = v as Values;
      return def.value.kind === "date"
        ? sql`coalesce((${x}) between ${date(lo)} and ${date(hi)}, false)`
        : sql`coalesce((${x}) between ${lo!} and ${hi!}, false)`;
    }
    case "before":
      return sql`coalesce((${x}) < ${date(v)}, false)`;
    case "after":
      return sql`coalesce((${x}) > ${date(v)}, false)`;
    case "in":
      return sql`coalesce((${x}) in (${list(v as Values)}), false)`;
    case "not_in":
      return sql`not coalesce((${x}) in (${list(v as Values)}), false)`;
    default:
      return never(`operator ${c.op} on ${c.field}`);
  }
}

/** A set the member holds, tested by has_any / has_all / has_none through `anyOf(values)` (never NULL). */
function setTest(anyOf: (values: Values) => SQL, c: Condition): SQL {
  const values = c.value as Values;
  switch (c.op) {
    case "has_any":
      return anyOf(values);
    case "has_all":
      return sql`(${sql.join(
        values.map((v) => anyOf([v])),
        sql` and `,
      )})`;
    case "has_none":
      return sql`not ${anyOf(values)}`;
    default:
      return never(`operator ${c.op} on ${c.field}`);
  }
}

function compileSource(source: FieldSource, c: Condition, def: FieldDef, r: Relations): Compiled {
  const { ctx } = r;
  const scalar = (x: SQL): Compiled => ({ value: x, test: scalarTest(x, c, def) });
  switch (source.kind) {
    case "member_column":
      return scalar(source.column === "tier" ? sql`m.tier` : sql`m.points_balance`);
    case "expiring_points": {
      const until = ctx.now + c.days! * DAY_MS;
      // Open lots' remaining points are whole and > 0: "≥ 1" is "an open lot expires in the window".
      const open = sql`from point_lots l where ${r.members(sql`l.member_id`)} and l.remaining > 0
            and l.expires_at > ${iso(ctx.now)}::timestamptz and l.expires_at <= ${iso(until)}::timestamptz`;
      const lots = r.use(
        `expiring:${c.days}`,
        "member",
        () => sql`select l.member_id as k, sum(l.remaining) as points ${open} group by l.member_id`,
        () => sql`select l.member_id as k ${open}`,
      );
      return scalar(sql`coalesce(${lots}.points, 0)`);
    }
    case "qualifying_spend": {
      // As loyalty/posting qualifyingSpend: bills earned minus bills reversed in the tier window.
      const spend = r.use(
        "spend",
        "member",
        () => sql`select e.member_id as k, sum(case when e.kind = 'earn' then e.bill_vnd else -e.bill_vnd end) as vnd
          from ledger_entries e where ${r.ledger()} and e.kind in ('earn', 'reversal')
            and e.occurred_at > ${iso(ctx.now - ctx.spendWindowDays * DAY_MS)}::timestamptz
          group by e.member_id`,
      );
      return scalar(sql`greatest(0, coalesce(${spend}.vnd, 0))`);
    }
    case "visit_count": {
      const { firstDay, lastDay } = lastDaysPeriod(ctx.now, c.days!);
      // From the member's row in member_visits: its visit days (one per distinct store and
      // Vietnam day, ascending, those within MAX_VISIT_WINDOW_DAYS of the latest: decision 0046,
      // addendum on visit days), not the ledger's window of earns aggregated per member.
      const row = visitsRow(r, "visit_days", sql`mv.visit_days as days`);
      // The visits in [firstDay, lastDay]: width_bucket(x, a sorted array) is the number of its
      // elements ≤ x (a binary search), so the count is those ≤ the last day minus those before
      // the first. A test on the row, for any operator, exact also when a visit is dated after
      // the window. No row (NULL): 0 visits.
      const inWindow = sql`(width_bucket(${lastDay}::int, ${row}.days) - width_bucket(${firstDay - 1}::int, ${row}.days))`;
      return scalar(sql`coalesce(${inWindow}, 0)`);
    }
    case "days_since_last_visit": {
      const today = vietnamDayNumber(ctx.now);
      const summary = visitSummary(r);
      const compiled = scalar(sql`(${today}::int - ${summary}.last_day)`);
      const onInstant = r.correlated ? lastVisitTest(sql`${summary}.last_at`, c, today) : null;
      return onInstant ? { ...compiled, test: onInstant } : compiled;
    }
    case "first_visit":
      return {
        ...scalar(sql`${visitSummary(r)}.first_day`),
        present: (raw) => (typeof raw === "number" ? civilDateText(vietnamDate(dayStartMs(raw))) : null),
      };
    case "stores_visited": {
      const visits = storesVisited(r);
      return {
        value: sql`coalesce(to_jsonb(${visits}.stores), '[]'::jsonb)`,
        test: setTest((values) => sql`coalesce(${visits}.stores && array[${list(values)}]::uuid[], false)`, c),
      };
    }
    case "birthday_month":
      return scalar(sql`(${answerOf(r, "birthday")}.value->>'month')::int`);
    case "birthday_upcoming": {
      // The birthday answers by their key, month × 100 + day, a column the database computes from
      // the answer (null for other questions): `birthday_key is not null` is the birthday question.
      // Correlated, the ranges imply it (a member without a birthday fails `lte`, the field's only
      // operator), and saying it again made the planner count the null fraction twice and take
      // 49,000 birthdays for 17,000 (nested loops where hash joins were due).
      const a = r.use(
        "birthday_key",
        "member",
        () => sql`select pa.member_id as k, pa.value, pa.birthday_key from preference_answers pa
          where ${r.members(sql`pa.member_id`)}${r.correlated ? sql`` : sql` and pa.birthday_key is not null`}`,
      );
      // The window's days as keys, not ranges: `= any` is an index condition, one descent per
      // day, where an OR of two ranges (across New Year) was a filter over every birthday.
      // Correlated, a NULL test is false already (`correlated`): the bare test, which PostgreSQL
      // reads from preference_answers_birthday_key_idx with the member, index-only.
      const within = sql`(${a}.birthday_key = any(${intArray(birthdayKeys(birthdayWindow(ctx.now, c.value as number)))}))`;
      return {
        value: sql`${a}.value`,
        test: r.correlated ? within : sql`coalesce(${within}, false)`,
        present: (raw) => {
          const b = raw as { day?: number; month?: number } | null;
          return b?.day && b.month ? `${String(b.day).padStart(2, "0")}/${String(b.month).padStart(2, "0")}` : null;
        },
      };
    }
    case "preference_choice": {
      const question = source.question ?? c.key!;
      if (def.value.kind === "set" && r.correlated && (c.op === "has_any" || c.op === "has_none")) {
        // A member with an option among the values (has_any; a member without one fails it), or
        // without (has_none, anti-joined by `correlated`: no row whose option is among them).
        const among = sql`${optionsOf(r, question)}.option_id in (${list(c.value as Values)})`;
        return { value: sql`null`, test: c.op === "has_any" ? among : sql`not (${among})` };
      }
      const a = answerOf(r, question);
      if (def.value.kind === "set") {
        // A multi's list, or a single's one id, as a jsonb array of strings.
        const options = sql`coalesce(${a}.value->'optionIds', jsonb_build_array(${a}.value->'optionId'))`;
        // Correlated, as containments (an answer is a multi's {optionIds} or a single's {optionId},
        // never both), which preference_answers_value_gin answers: the answers holding an option
        // are found in the index and joined, instead of each member's answer probed (1,000,000
        // members: "likes drinks AND detractor" probed 159,000 answers, decision 0048's addendum on OR).
        const contains = (values: Values) =>
          sql`(${sql.join(
            values.flatMap((v) => [
              sql`${a}.value @> ${JSON.stringify({ optionIds: [v] })}::jsonb`,
              sql`${a}.value @> ${JSON.stringify({ optionId: v })}::jsonb`,
            ]),
            sql` or `,
          )})`;
        return {
          value: options,
          test: setTest(
            r.correlated ? contains : (values) => sql`coalesce(jsonb_exists_any(${options}, array[${list(values)}]::text[]), false)`,
            c,
          ),
        };
      }
      if (def.value.kind === "enum" && def.value.options === "stores") {
        // A store id is a uuid, stored as text in the answer: compared in lower case on both
        // sides, as stores visited (a uuid column) compares it (the in-memory evaluator agrees).
        const store = sql`lower(${a}.value->>'storeId')`;
        return { value: store, test: scalarTest(store, { ...c, value: storeValues(c, def) }, def) };
      }
      return scalar(sql`coalesce(${a}.value->>'optionId', ${a}.value->>'storeId')`);
    }
    case "vouchers_unused": {
      const unused = sql`from vouchers v
          where ${r.members(sql`v.member_id`)} and v.status = 'issued' and v.expires_at > ${iso(ctx.now)}::timestamptz`;
      const held = r.use(
        "vouchers",
        "member",
        () => sql`select v.member_id as k, count(*) as n ${unused} group by v.member_id`,
        () => sql`select v.member_id as k ${unused}`,
      );
      return scalar(sql`coalesce(${held}.n, 0)`);
    }
    case "consent": {
      const granted = consentOf(c.key as ConsentPurpose);
      return { value: granted, test: sql`(${granted} = ${c.value as boolean})` };
    }
    case "zalo_permission": {
      const answer = r.use(
        `zalo:${c.key}`,
        "user",
        () => sql`select distinct on (z.user_id) z.user_id as k, z.outcome = 'allowed' as allowed from zalo_permission_answers z
          where ${r.users(sql`z.user_id`)} and z.permission = ${c.key!} order by z.user_id, z.id desc`,
      );
      const allowed = sql`coalesce(${answer}.allowed, false)`;
      return { value: allowed, test: sql`(${allowed} = ${c.value as boolean})` };
    }
    case "last_survey_band": {
      // From member_survey_bands, the row per member and kind the answers' trigger keeps
      // (decision 0050): "detractors" is a range of its brand index, where the latest answer per
      // member worked out from every answer (DISTINCT ON) cost each count 430 ms per process at
      // 250,000 NPS answers (bench:segments at 1,000,000 members).
      const last = r.use(
        `band:${source.survey}`,
        "member",
        () => sql`select b.member_id as k, b.band from member_survey_bands b
          where ${r.brandRows(sql`b.member_id`, sql`b.brand_id`)} and b.kind = ${source.survey}`,
      );
      const compiled = scalar(sql`${last}.band`);
      // Correlated, the row exists and its band is never NULL: the bare list, which the index
      // answers (`coalesce(…, false)` would hide it from the planner).
      if (r.correlated && (c.op === "in" || c.op === "not_in"))
        return { ...compiled, test: sql`${last}.band ${c.op === "in" ? sql`in` : sql`not in`} (${list(c.value as Values)})` };
      return compiled;
    }
    case "event_count": {
      const stream = EVENT_STREAMS[source.stream] ?? never(`no event stream ${source.stream}`);
      const recent = sql`from ${stream.table} x
          where ${r.members(sql`x.${stream.member}`)} and x.${stream.at} >= ${iso(ctx.now - c.days! * DAY_MS)}::timestamptz`;
      const events = r.use(
        `events:${source.stream}:${c.days}`,
        "member",
        () => sql`select x.${stream.member} as k, count(*) as n ${recent} group by x.${stream.member}`,
        () => sql`select x.${stream.member} as k ${recent}`,
      );
      return scalar(sql`coalesce(${events}.n, 0)`);
    }
  }
}

/** A member with no facts at all: what a member without a relation's row has for its field. */
const NO_FACTS: MemberFacts = {
  tier: "",
  pointsBalance: 0,
  ledger: [],
  lots: [],
  consents: [],
  zaloAnswers: [],
  answers: {},
  vouchers: [],
  surveyAnswers: [],
};

/**
 * A test over one relation as a condition on `m` (correlated): a member without a row has the
 * result `missing`, one with a row the test over it (a NULL test counts as false, as in a filter).
 */
function correlated(rel: Relation, test: SQL, missing: boolean): SQL {
  const key = rel.on === "member" ? sql`m.id` : sql`m.user_id`;
  return missing
    ? sql`not exists (select 1 from (${rel.body}) ${rel.alias} where ${rel.alias}.k = ${key} and (${test}) is not true)`
    : sql`exists (select 1 from (${rel.body}) ${rel.alias} where ${rel.alias}.k = ${key} and (${test}))`;
}

/**
 * "≥ 1" and "0" on an aggregate whose rows each add at least 1 (Relation's `rows`): whether a
 * member has a row at all, so the rows are semi- or anti-joined where they lie (an index range
 * and a probe per member, the hand-written query's shape) instead of grouped for every member
 * first and the aggregate compared (bench:segments: decision 0048's second addendum). Other
 * thresholds (≥ 2 visits) need the aggregate; null when this one does.
 */
function thresholdTest(rel: Relation, c: Condition): { test: SQL; has: boolean } | null {
  if (!rel.rows) return null;
  const v = c.value;
  const has = c.op === "gte" && v === 1 ? true : (c.op === "lte" || c.op === "eq") && v === 0 ? false : null;
  if (has === null) return null;
  const key = rel.on === "member" ? sql`m.id` : sql`m.user_id`;
  const exists = sql`exists (select 1 from (${rel.rows}) ${rel.alias} where ${rel.alias}.k = ${key})`;
  return { test: has ? exists : sql`not ${exists}`, has };
}

/**
 * An AND's parts, with the conditions on one table's row per member (`RowOf`) in one EXISTS per
 * table: `exists (select 1 from member_visits mv, lateral (select …) r0, lateral (select …) r1
 * where mv.member_id = m.id and t₀ and t₁)`. Each condition keeps its relation's alias and
 * columns (a projection of the one row, which PostgreSQL flattens), so its test is unchanged.
 * "≥ 2 visits in 90 days and visited store 1" read member_visits twice and joined the two
 * (bench:segments at 1,000,000 members, decision 0046's addendum on visit days).
 */
function mergeRows(parts: readonly Pick<Compiled, "test" | "onRow">[]): SQL[] {
  const byTable = new Map<string, { rel: Relation; over: SQL }[]>();
  for (const p of parts) {
    if (!p.onRow?.rel.row) continue;
    const table = p.onRow.rel.row.table;
    byTable.set(table, [...(byTable.get(table) ?? []), p.onRow]);
  }
  const out: SQL[] = [];
  const done = new Set<string>();
  for (const p of parts) {
    const row = p.onRow?.rel.row;
    const same = row ? byTable.get(row.table)! : [];
    if (!row || same.length < 2) {
      out.push(p.test);
      continue;
    }
    if (done.has(row.table)) continue;
    done.add(row.table);
    const projections = same.map(({ rel }) => sql`, lateral (select ${rel.row!.columns}) ${rel.alias}`);
    const tests = same.map(({ over }) => sql`(${over})`);
    out.push(
      sql`exists (select 1 from ${row.from}${sql.join(projections, sql``)} where ${row.where} and ${row.key} = m.id and ${sql.join(tests, sql` and `)})`,
    );
  }
  return out;
}

/** A source's test, correlated when the relations are (its value is then only for explain's shape). */
function sourceTest(c: Condition, def: FieldDef, r: Relations, facts: MemberFacts): Compiled {
  if (!r.correlated) return compileSource(def.source, c, def, r);
  const { result, used } = r.collect(() => compileSource(def.source, c, def, r));
  if (used.length === 0) return result;
  if (used.length > 1) return never(`field ${c.field} reads ${used.length} relations`);
  const rel = used[0]!;
  const seedOf = (ids: SQL) => (rel.on === "member" ? { ids, residual: sql`true` } : undefined);
  const threshold = thresholdTest(rel, c);
  if (threshold)
    return {
      ...result,
      test: threshold.test,
      seed: threshold.has ? seedOf(sql`select ${rel.alias}.k from (${rel.rows}) ${rel.alias}`) : undefined,
    };
  const missing = evaluateCondition(c, facts, { now: r.ctx.now, spendWindowDays: r.ctx.spendWindowDays }).result;
  const onRow = rel.row && !missing ? { rel, over: result.test } : undefined;
  const seed = missing ? undefined : seedOf(sql`select ${rel.alias}.k from (${rel.body}) ${rel.alias} where (${result.test})`);
  return { ...result, test: correlated(rel, result.test, missing), onRow, seed };
}

/** One validated condition. Zero-party fields hide their value and fail for members without personalisation consent. */
export function compileCondition(c: Condition, r: Relations): Compiled {
  const def = fieldDef(c.field) ?? never(`unknown field ${c.field}`);
  if (!def.needsConsent) return sourceTest(c, def, r, NO_FACTS);
  // The field's own test on a member without its data, the gate apart: as if consent were given.
  const compiled = sourceTest(c, def, r, { ...NO_FACTS, consents: [{ purpose: def.needsConsent, granted: true }] });
  const granted = consentOf(def.needsConsent);
  return {
    ...compiled,
    onRow: undefined,
    value: sql`case when ${granted} then (${compiled.value}) end`,
    test: sql`(${granted} and ${compiled.test})`,
    seed: compiled.seed && { ids: compiled.seed.ids, residual: granted },
  };
}

/**
 * The whole rule as one boolean over `m` and the relations it joins. An empty root matches every
 * member.
 *
 * Without a member (a count, a campaign's audience, a sample's fallback), an OR whose items read
 * relations is the union of its items' members: `m.id in (select m.id from members m where item₁
 * union all …)`. Under OR, PostgreSQL keeps each correlated EXISTS a subplan probed once per
 * member (bench:segments at 1,000,000 members: "birthday in 30 days OR (drinks AND detractor)"
 * probed consents and answers 3.3 million times, 15 s), where inside each branch the item's
 * conditions are ANDs again — semi and anti joins over the rows that match — and the IN on the
 * outer member is one more semi join (decision 0048, addendum on OR). An OR over member columns
 * alone stays a filter. A sample's probe evaluates per member anyway, and explain shows each value.
 */
export function compileRule(rule: Rule, r: Relations): SQL {
  return compileRuleParts(rule, r).test;
}

/**
 * An OR's branch as a set of candidate ids and what each candidate must still pass on `m`: the
 * branch's seeded conditions (Compiled's `seed`) intersected — the first set, semi-joined to the
 * others — and the rest (their residuals, the other conditions). Null when no condition of the
 * branch gives a set (member columns alone, a `not_in`, a count ≤ N…).
 */
export type Seeded = { ids: SQL; rest: SQL };

function seededBranch(items: readonly Compiled[]): Seeded | null {
  const seeds = items.filter((c) => c.seed).map((c) => c.seed!);
  if (!seeds.length) return null;
  const x = (i: number) => sql.identifier(`x${i}`);
  const within = seeds.slice(1).map((s, i) => sql` and ${x(0)}.k in (select ${x(i + 1)}.k from (${s.ids}) ${x(i + 1)})`);
  const rest = [...seeds.map((s) => s.residual), ...mergeRows(items.filter((c) => !c.seed))];
  return {
    ids: sql`select ${x(0)}.k from (${seeds[0]!.ids}) ${x(0)} where true${sql.join(within, sql``)}`,
    rest: sql`(${sql.join(rest, sql` and `)})`,
  };
}

/**
 * The rule compiled once: its test on `m` (compileRule) and, when its root is an OR whose items
 * read relations and there is no member, the items' tests (`branches`), so a count can count the
 * union of their members itself (`unionOf`) instead of looking each of them up again for an outer
 * members scan (1,000,000 members, the birthday-or segment: 60,000 primary-key probes, a fifth of
 * the count, in one process after the branches' parallel work). Null branches otherwise.
 *
 * When every branch gives a set of candidate ids (`seeded`), a count needs the members only once:
 * the branches' sets from their relations alone, then one join of them all with the members, where
 * each candidate passes the rest of its branch (decision 0051). Each branch's own semi-joins to the
 * members were primary-key probes per candidate that the planner preferred to a scan (birthday-or:
 * 38,000 probes, 1.5 s of CPU).
 */
export function compileRuleParts(rule: Rule, r: Relations): { test: SQL; branches: SQL[] | null; seeded: Seeded[] | null } {
  const setBased = r.correlated && !r.ctx.probe;
  type Part = { compiled: Compiled; seeded: Seeded | null };
  const group = (g: Group): { test: SQL; branches: SQL[] | null; seeded: Seeded[] | null; items?: Compiled[] } => {
    if (g.items.length === 0) return { test: sql`true`, branches: null, seeded: null };
    const before = r.named;
    const parts = g.items.map((item): Part => {
      if (item.type !== "group") {
        const compiled = compileCondition(item, r);
        return { compiled, seeded: compiled.seed ? { ids: compiled.seed.ids, rest: compiled.seed.residual } : null };
      }
      const inner = group(item);
      return { compiled: { value: sql`null`, test: inner.test }, seeded: inner.items ? seededBranch(inner.items) : null };
    });
    const compiled = parts.map((p) => p.compiled);
    if (g.combine === "and")
      return { test: sql`(${sql.join(mergeRows(compiled), sql` and `)})`, branches: null, seeded: null, items: compiled };
    const tests = compiled.map((c) => c.test);
    if (tests.length === 1) return { test: sql`(${tests[0]!})`, branches: null, seeded: null };
    // Each condition that reads a relation names one (correlated): none named, member columns alone.
    if (!setBased || r.named === before) return { test: sql`(${sql.join(tests, sql` or `)})`, branches: null, seeded: null };
    const union = tests.map((p) => sql`select m.id from members m where m.brand_id = ${r.ctx.brandId} and ${p}`);
    const seeded = parts.every((p) => p.seeded) ? parts.map((p) => p.seeded!) : null;
    return { test: sql`m.id in (${sql.join(union, sql` union all `)})`, branches: tests, seeded };
  };
  const { test, branches, seeded } = group(rule);
  return { test, branches, seeded };
}

/** The members of an OR's branches (compileRuleParts), each branch's members `live` ones, once each. */
export const unionOf = (branches: readonly SQL[], live: SQL): SQL =>
  sql.join(
    branches.map((p) => sql`select m.id from members m where ${live} and ${p}`),
    sql` union `,
  );
