/**
 * member_visits.visit_days (decision 0046, addendum on visit days): the ledger's trigger keeps
 * each member's recent visits as Vietnam day numbers, one per distinct (store, day), ascending;
 * a reversal takes its visit out; visits more than MAX_VISIT_WINDOW_DAYS before the latest are
 * dropped (the longest window a rule may ask cannot reach them). And "visits in the last N days"
 * read from it: the counts at the edges of the bound, and a member with a visit dated after the
 * window (counted, not read from the array's end). PGlite, and PostgreSQL under TEST_DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, vietnamDayNumber } from "../../src/domain/loyalty/vietnam-time";
import { fieldDef, MAX_VISIT_WINDOW_DAYS } from "../../src/domain/segments/fields";
import type { Condition, Rule } from "../../src/domain/segments/rule";
import { queryRows, type Database } from "../../src/server/db/client";
import { countMatching, explainMember } from "../../src/server/features/segments/queries";
import { freshDatabase } from "../support/db";

/** 30 June 2020, 10:00 in Vietnam: long before any clock these tests run on. */
const NOW = Date.parse("2020-06-30T03:00:00Z");
const TODAY = vietnamDayNumber(NOW);
const HOUR = 3_600_000;

const visits = (op: Condition["op"], value: Condition["value"], days: number): Rule => ({
  type: "group",
  combine: "and",
  items: [{ type: "condition", field: "visits", op, value, days }],
});

describe("member_visits.visit_days", () => {
  let database: Database;
  let brandId: string;
  let s1: string;
  let s2: string;

  const member = async () => {
    const [u] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into users (brand_id, role, zalo_id, display_name) values (${brandId}, 'member', ${randomUUID()}, 'Khách') returning id`,
    );
    const [m] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into members (user_id, brand_id, qr_secret) values (${u!.id}, ${brandId}, ${randomUUID()}) returning id`,
    );
    return m!.id;
  };
  /** Earns at (store, instant), a statement each; answers their ids in order. */
  const earn = async (memberId: string, ...at: [string, number][]) => {
    const ids = at.map(() => randomUUID());
    for (const [i, [store, ms]] of at.entries())
      await database.db
        .execute(sql`insert into ledger_entries (id, brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, store_id)
        values (${ids[i]!}, ${brandId}, ${memberId}, 'earn', 10, 10, ${new Date(ms).toISOString()}::timestamptz, 'system', ${store})`);
    return ids;
  };
  const reverse = (memberId: string, entryId: string, ms: number) =>
    database.db
      .execute(sql`insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, ref_entry_id)
      values (${brandId}, ${memberId}, 'reversal', -10, 0, ${new Date(ms).toISOString()}::timestamptz, 'system', ${entryId})`);
  const daysOf = async (memberId: string) => {
    const [row] = await queryRows<{ days: number[] }>(
      database.db,
      sql`select visit_days as days from member_visits where member_id = ${memberId}`,
    );
    return row?.days ?? null;
  };
  const count = async (rule: Rule, now = NOW) => (await countMatching(database.db, brandId, rule, now)).count;

  beforeAll(async () => {
    database = await freshDatabase();
    [{ id: brandId }] = (await queryRows<{ id: string }>(
      database.db,
      sql`insert into brands (slug, name) values ('visit-days', 'Visit days') returning id`,
    )) as [{ id: string }];
    [{ id: s1 }, { id: s2 }] = (await queryRows<{ id: string }>(
      database.db,
      sql`insert into stores (brand_id, name) values (${brandId}, 'S1'), (${brandId}, 'S2') returning id`,
    )) as [{ id: string }, { id: string }];
  });
  afterAll(() => database.close());

  it("keeps one day per store and day, drops what no window can reach, and loses a reversed visit", async () => {
    // The array's bound is the longest window a rule may ask (the migration writes 730 in SQL).
    expect(MAX_VISIT_WINDOW_DAYS).toBe(730);
    const arg = fieldDef("visits")!.arg;
    expect(arg?.kind === "days" && arg.max).toBe(MAX_VISIT_WINDOW_DAYS);

    const a = await member();
    await member(); // no visit at all: no row, 0 visits
    // Today at S1 twice (one visit) and at S2 (another); 729 days before today (the first day of a
    // 730-day window: kept); 730 days before (before any window: dropped); 10 days ago at S2.
    await earn(
      a,
      [s1, NOW - 2 * HOUR],
      [s1, NOW + 5 * HOUR],
      [s2, NOW],
      [s1, NOW - (MAX_VISIT_WINDOW_DAYS - 1) * DAY_MS],
      [s1, NOW - MAX_VISIT_WINDOW_DAYS * DAY_MS],
    );
    const [tenDaysAgo] = await earn(a, [s2, NOW - 10 * DAY_MS]);
    expect(await daysOf(a)).toEqual([TODAY - 729, TODAY - 10, TODAY, TODAY]);
    // The reversal takes the visit out of the array (the row is recomputed, not decremented).
    await reverse(a, tenDaysAgo!, NOW + HOUR);
    expect(await daysOf(a)).toEqual([TODAY - 729, TODAY, TODAY]);

    // Read by segments: 3 visits in 730 days (not the dropped one), 2 today, none in between.
    expect(await count(visits("gte", 3, 730))).toBe(1);
    expect(await count(visits("gte", 4, 730))).toBe(0);
    expect(await count(visits("eq", 3, 730))).toBe(1);
    expect(await count(visits("gte", 2, 1))).toBe(1);
    expect(await count(visits("gte", 3, 729))).toBe(0);
    expect(await count(visits("between", [1, 2], 729))).toBe(1);
    expect(await count(visits("lte", 2, 729))).toBe(2); // the member without a visit too
    expect(await count(visits("eq", 0, 30))).toBe(1);
    const why = await explainMember(database.db, brandId, visits("gte", 3, 730), a, NOW);
    expect(why?.conditions.map((c) => [c.memberValue, c.result])).toEqual([[3, true]]);
  });

  it("counts a member with a visit dated after the window from the days in it", async () => {
    // Dates around the clock: the array is bounded by the earlier of the latest visit and the day
    // it was written, so a visit dated in the future keeps the recent past.
    const now = Date.now();
    const c = await member();
    await earn(c, [s1, now - DAY_MS], [s1, now - 2 * DAY_MS], [s1, now + 400 * DAY_MS]);
    const today = vietnamDayNumber(now);
    expect(await daysOf(c)).toEqual([today - 2, today - 1, today + 400]);
    // The third element from the end is in the window, but the latest is after it: 2 visits, not 3.
    expect(await count(visits("gte", 3, 30), now)).toBe(0);
    expect(await count(visits("gte", 2, 30), now)).toBe(1);
    expect(await count(visits("eq", 2, 30), now)).toBe(1);
    const why = await explainMember(database.db, brandId, visits("gte", 3, 30), c, now);
    expect(why?.conditions.map((x) => [x.memberValue, x.result])).toEqual([[2, false]]);
  });
});
