import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vietnamDayNumber } from "../loyalty/vietnam-time";
import {
  addMonths,
  churnFigures,
  cohortCounts,
  cohortGrid,
  isChurned,
  lastDaysPeriod,
  monthsBetween,
  percent,
  repeatFigures,
  visitsFromEarns,
  weekIndex,
  type EarnEvent,
} from "./retention";

const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => vietnamDayNumber(at(iso));

describe("visits from the ledger", () => {
  it("counts one visit per member, store and Vietnam day; reversed earns and earns without a store are none", () => {
    const earns: EarnEvent[] = [
      { memberId: "a", storeId: "s1", at: at("2026-03-01T02:00:00Z") },
      { memberId: "a", storeId: "s1", at: at("2026-03-01T09:00:00Z") }, // same Vietnam day, same store
      { memberId: "a", storeId: "s2", at: at("2026-03-01T09:00:00Z") }, // same day, another store: a visit
      { memberId: "b", storeId: "s1", at: at("2026-03-01T03:00:00Z"), reversed: true },
      { memberId: "b", storeId: null, at: at("2026-03-01T03:00:00Z") },
    ];
    expect(visitsFromEarns(earns)).toEqual([
      { memberId: "a", storeId: "s1", day: day("2026-03-01T02:00:00Z") },
      { memberId: "a", storeId: "s2", day: day("2026-03-01T02:00:00Z") },
    ]);
  });

  it("splits days at 17:00 UTC, midnight in Vietnam", () => {
    const visits = visitsFromEarns([
      { memberId: "a", storeId: "s1", at: at("2026-03-01T16:59:59.999Z") }, // 23:59 on 1 March in Vietnam
      { memberId: "a", storeId: "s1", at: at("2026-03-01T17:00:00Z") }, // 00:00 on 2 March
    ]);
    expect(visits).toHaveLength(2);
    expect(visits[1]!.day - visits[0]!.day).toBe(1);
    expect(repeatFigures(visits, visits[0]!.day, visits[1]!.day)).toEqual({ members: 1, repeaters: 1 });
  });

  it("has nothing to count when there are no earns", () => {
    expect(visitsFromEarns([])).toEqual([]);
    expect(repeatFigures([], 0, 100)).toEqual({ members: 0, repeaters: 0 });
    expect(percent(0, 0)).toBe(0);
    expect(churnFigures([], at("2026-03-01T00:00:00Z"))).toEqual({ everVisited: 0, churned: 0 });
  });
});

describe("repeat-visit rate", () => {
  const visits = visitsFromEarns([
    { memberId: "a", storeId: "s1", at: at("2026-03-01T03:00:00Z") },
    { memberId: "a", storeId: "s1", at: at("2026-03-05T03:00:00Z") },
    { memberId: "b", storeId: "s1", at: at("2026-03-02T03:00:00Z") },
    { memberId: "c", storeId: "s1", at: at("2026-02-20T03:00:00Z") }, // before the period
    { memberId: "c", storeId: "s2", at: at("2026-03-03T03:00:00Z") },
  ]);

  it("is members with two or more visits in the period over members with one or more", () => {
    const { firstDay, lastDay } = lastDaysPeriod(at("2026-03-10T03:00:00Z"), 10); // 1–10 March
    const figures = repeatFigures(visits, firstDay, lastDay);
    expect(figures).toEqual({ members: 3, repeaters: 1 });
    expect(percent(figures.repeaters, figures.members)).toBeCloseTo(33.333, 2);
  });

  it("for a single member with a single visit is 0 %, not undefined", () => {
    const one = visitsFromEarns([{ memberId: "a", storeId: "s1", at: at("2026-03-01T03:00:00Z") }]);
    expect(repeatFigures(one, one[0]!.day, one[0]!.day)).toEqual({ members: 1, repeaters: 0 });
  });

  it("takes the period as the last N Vietnam days, today included", () => {
    // 18:00 UTC on 10 March is 01:00 on 11 March in Vietnam.
    const p = lastDaysPeriod(at("2026-03-10T18:00:00Z"), 7);
    expect([p.from, p.to]).toEqual(["2026-03-05", "2026-03-11"]);
    expect(new Date(p.fromMs).toISOString()).toBe("2026-03-04T17:00:00.000Z");
    expect(new Date(p.toMs).toISOString()).toBe("2026-03-11T17:00:00.000Z");
  });
});

describe("cohort retention", () => {
  it("puts members in the Vietnam month of their first visit and counts each later month once", () => {
    const visits = visitsFromEarns([
      // a: first visit 31 Jan 23:30 Vietnam time (16:30 UTC): January's cohort
      { memberId: "a", storeId: "s1", at: at("2026-01-31T16:30:00Z") },
      { memberId: "a", storeId: "s1", at: at("2026-02-10T03:00:00Z") },
      { memberId: "a", storeId: "s2", at: at("2026-02-11T03:00:00Z") }, // twice in Feb: counted once
      // b: 31 Jan 17:00 UTC is 1 Feb 00:00 in Vietnam: February's cohort
      { memberId: "b", storeId: "s1", at: at("2026-01-31T17:00:00Z") },
      { memberId: "c", storeId: "s1", at: at("2026-01-05T03:00:00Z") },
      { memberId: "c", storeId: "s1", at: at("2026-03-05T03:00:00Z") },
    ]);
    expect(cohortCounts(visits)).toEqual([
      { cohort: "2026-01", month: "2026-01", members: 2 },
      { cohort: "2026-01", month: "2026-02", members: 1 },
      { cohort: "2026-01", month: "2026-03", members: 1 },
      { cohort: "2026-02", month: "2026-02", members: 1 },
    ]);
    const grid = cohortGrid(cohortCounts(visits), at("2026-03-15T03:00:00Z"), 4);
    expect(grid).toEqual([
      { cohort: "2025-12", size: 0, cells: [0, 0, 0, 0] },
      { cohort: "2026-01", size: 2, cells: [2, 1, 1] },
      { cohort: "2026-02", size: 1, cells: [1, 0] },
      { cohort: "2026-03", size: 0, cells: [0] },
    ]);
  });

  it("crosses year ends and short months", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthsBetween("2025-11", "2026-02")).toBe(3);
    // 31 Dec 17:00 UTC is 1 Jan in Vietnam: the grid's current month is January.
    const grid = cohortGrid([], at("2026-12-31T17:00:00Z"), 2);
    expect(grid.map((r) => r.cohort)).toEqual(["2026-12", "2027-01"]);
  });

  it("never has a cell larger than its cohort, and cell 0 is the cohort", () => {
    const earn = fc.record({
      memberId: fc.constantFrom("a", "b", "c", "d"),
      storeId: fc.constantFrom("s1", "s2"),
      at: fc.integer({ min: at("2025-06-01T00:00:00Z"), max: at("2026-06-01T00:00:00Z") }),
    });
    fc.assert(
      fc.property(fc.array(earn, { maxLength: 40 }), (earns) => {
        const grid = cohortGrid(cohortCounts(visitsFromEarns(earns)), at("2026-06-01T00:00:00Z"), 13);
        const total = grid.reduce((n, r) => n + r.size, 0);
        expect(total).toBe(new Set(earns.map((e) => e.memberId)).size);
        for (const row of grid) for (const cell of row.cells) expect(cell).toBeLessThanOrEqual(row.size);
      }),
    );
  });
});

describe("churn", () => {
  const now = at("2026-06-30T03:00:00Z"); // 30 June, 10:00 in Vietnam

  it("is a member whose last visit is N or more Vietnam days ago", () => {
    expect(isChurned(day("2026-04-01T03:00:00Z"), now, 90)).toBe(true); // 90 days before 30 June
    expect(isChurned(day("2026-04-02T03:00:00Z"), now, 90)).toBe(false); // 89 days: still active
    // 1 April 16:59 UTC is still 1 April in Vietnam; 17:00 UTC is 2 April.
    expect(isChurned(day("2026-04-01T16:59:00Z"), now, 90)).toBe(true);
    expect(isChurned(day("2026-04-01T17:00:00Z"), now, 90)).toBe(false);
  });

  it("counts only members who visited at least once, by their latest visit", () => {
    const visits = visitsFromEarns([
      { memberId: "a", storeId: "s1", at: at("2026-01-10T03:00:00Z") },
      { memberId: "a", storeId: "s1", at: at("2026-06-01T03:00:00Z") }, // came back: not churned
      { memberId: "b", storeId: "s1", at: at("2026-02-10T03:00:00Z") },
    ]);
    expect(churnFigures(visits, now, 90)).toEqual({ everVisited: 2, churned: 1 });
  });
});

describe("weekly buckets", () => {
  it("counts rolling weeks back from today, the last 7 days being the last bucket", () => {
    const today = 1000;
    expect(weekIndex(today, today, 4)).toBe(3);
    expect(weekIndex(today - 6, today, 4)).toBe(3);
    expect(weekIndex(today - 7, today, 4)).toBe(2);
    expect(weekIndex(today - 27, today, 4)).toBe(0);
    expect(weekIndex(today - 28, today, 4)).toBeNull();
    expect(weekIndex(today + 1, today, 4)).toBeNull();
  });
});
