import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { birthdayKeys, birthdayWindow, dayNumberOfDate } from "./calendar";
import { fieldDef, OPERATORS, SEGMENT_FIELDS } from "./fields";
import {
  conditionsWithPaths,
  explainRule,
  isCalendarDate,
  RULE_LIMITS,
  SEGMENT_RULE_PROBLEM_CODES,
  validateRule,
  type Condition,
  type Group,
  type Rule,
} from "./rule";

const cond = (c: Omit<Condition, "type">): Condition => ({ type: "condition", ...c });
const and = (...items: Rule["items"]): Group => ({ type: "group", combine: "and", items });
const or = (...items: Rule["items"]): Group => ({ type: "group", combine: "or", items });
const STORE = "7c1e4f5a-1111-4222-8333-944455556666";

describe("segment rules: validation", () => {
  it("accepts a valid tree using every field family", () => {
    const rule = and(
      cond({ field: "tier", op: "in", value: ["gold", "diamond"] }),
      cond({ field: "points_balance", op: "between", value: [100, 500] }),
      cond({ field: "points_expiring", op: "gte", value: 50, days: 30 }),
      or(
        cond({ field: "visits", op: "gte", value: 2, days: 30 }),
        cond({ field: "days_since_last_visit", op: "is_not_set" }),
        and(cond({ field: "first_visit_date", op: "between", value: ["2026-01-01", "2026-06-30"] })),
      ),
      cond({ field: "birthday_month", op: "in", value: [1, 12] }),
      cond({ field: "birthday_within", op: "lte", value: 7 }),
      cond({ field: "favourite_categories", op: "has_any", value: ["drinks"] }),
      cond({ field: "preferred_store", op: "in", value: [STORE] }),
      cond({ field: "offer_frequency", op: "not_in", value: ["important_only"] }),
      cond({ field: "preference", key: "milk", op: "has_all", value: ["oat"] }),
      cond({ field: "vouchers_unused", op: "eq", value: 0 }),
      cond({ field: "consent", key: "zns_promo", op: "is", value: true }),
      cond({ field: "zalo_permission", key: "phone", op: "is", value: true }),
      cond({ field: "stores_visited", op: "has_none", value: [STORE] }),
      cond({ field: "last_nps_band", op: "in", value: ["detractor"] }),
      cond({ field: "last_csat_band", op: "is_set" }),
      cond({ field: "qualifying_spend", op: "gte", value: 5_000_000 }),
    );
    expect(validateRule(rule, { storeIds: new Set([STORE]), choiceQuestions: new Set(["milk"]) })).toEqual([]);
  });

  it("an empty root is valid (every member); an empty nested group is not", () => {
    expect(validateRule(and())).toEqual([]);
    expect(validateRule(and(or()))).toEqual([{ code: "group_empty", field: "items.0" }]);
  });

  it("reports each problem at its condition's path", () => {
    const rule = and(
      cond({ field: "tier", op: "in", value: ["gold"] }),
      or(
        cond({ field: "nope", op: "eq", value: 1 }),
        cond({ field: "tier", op: "gte", value: 1 }),
        cond({ field: "points_balance", op: "gte", value: "100" }),
        cond({ field: "points_balance", op: "gte", value: 1.5 }),
        cond({ field: "points_balance", op: "gte", value: -1 }),
        cond({ field: "points_balance", op: "between", value: [10, 5] }),
        cond({ field: "visits", op: "gte", value: 1 }),
        cond({ field: "visits", op: "gte", value: 1, days: 0 }),
        cond({ field: "tier", op: "in", value: ["gold"], days: 3 }),
        cond({ field: "consent", op: "is", value: true }),
        cond({ field: "consent", key: "everything", op: "is", value: true }),
        cond({ field: "consent", key: "zns_promo", op: "is", value: "yes" }),
        cond({ field: "tier", op: "in", value: [] }),
        cond({ field: "tier", op: "in", value: ["gold", "gold", "platinum"] }),
        cond({ field: "first_visit_date", op: "before", value: "2026-02-29" }),
        cond({ field: "first_visit_date", op: "after", value: "1999-12-31" }),
        cond({ field: "days_since_last_visit", op: "is_set", value: 3 }),
        cond({ field: "tier", op: "in" }),
        cond({ field: "favourite_categories", op: "has_any", value: ["Drinks; drop table members"] }),
        cond({ field: "preferred_store", op: "in", value: ["not-a-uuid"] }),
      ),
    );
    expect(validateRule(rule)).toEqual([
      { code: "field_unknown", field: "items.1.items.0.field" },
      { code: "op_not_allowed", field: "items.1.items.1.op", params: { allowed: "in,not_in" } },
      { code: "value_type", field: "items.1.items.2.value", params: { expected: "integer" } },
      { code: "value_not_integer", field: "items.1.items.3.value" },
      { code: "value_out_of_range", field: "items.1.items.4.value", params: { min: 0, max: 1_000_000_000_000 } },
      { code: "range_reversed", field: "items.1.items.5.value" },
      { code: "days_missing", field: "items.1.items.6.days", params: { min: 1, max: 730 } },
      { code: "days_out_of_range", field: "items.1.items.7.days", params: { min: 1, max: 730 } },
      { code: "days_unexpected", field: "items.1.items.8.days" },
      { code: "key_missing", field: "items.1.items.9.key" },
      { code: "key_unknown", field: "items.1.items.10.key", params: expect.objectContaining({}) },
      { code: "value_type", field: "items.1.items.11.value", params: { expected: "boolean" } },
      { code: "options_empty", field: "items.1.items.12.value" },
      { code: "option_duplicate", field: "items.1.items.13.value.1" },
      { code: "option_unknown", field: "items.1.items.13.value.2", params: { allowed: "member,silver,gold,diamond" } },
      { code: "date_invalid", field: "items.1.items.14.value" },
      { code: "date_out_of_range", field: "items.1.items.15.value", params: { min: "2000-01-01", max: "2100-12-31" } },
      { code: "value_unexpected", field: "items.1.items.16.value" },
      { code: "value_missing", field: "items.1.items.17.value" },
      { code: "option_format", field: "items.1.items.18.value.0" },
      { code: "option_format", field: "items.1.items.19.value.0" },
    ]);
  });

  it("checks the brand's stores and questions when it knows them", () => {
    const rule = and(
      cond({ field: "stores_visited", op: "has_any", value: [STORE] }),
      cond({ field: "preference", key: "milk", op: "has_any", value: ["oat"] }),
    );
    expect(validateRule(rule, { storeIds: new Set(), choiceQuestions: new Set(["sugar"]) })).toEqual([
      { code: "option_unknown", field: "items.0.value.0" },
      { code: "key_unknown", field: "items.1.key" },
    ]);
  });

  it("limits depth and size", () => {
    const leaf = cond({ field: "tier", op: "in", value: ["gold"] });
    expect(validateRule(and(and(and(leaf))))).toEqual([]);
    expect(validateRule(and(and(and(and(leaf)))))).toEqual([{ code: "too_deep", field: "items.0.items.0.items.0", params: { max: 3 } }]);
    const many = and(...Array.from({ length: 16 }, () => leaf), or(...Array.from({ length: 15 }, () => leaf)));
    expect(validateRule(many)).toEqual([{ code: "too_many_conditions", field: "", params: { max: 30, count: 31 } }]);
    const wide = and(...Array.from({ length: 31 }, () => and(leaf)));
    expect(validateRule(wide).map((p) => p.code)).toEqual(["too_many_conditions", "too_many_items"]);
  });

  it("survives a hostile tree thousands of levels deep without recursing into it", () => {
    let node: Group = and(cond({ field: "tier", op: "in", value: ["gold"] }));
    for (let i = 0; i < 20_000; i++) node = and(node);
    expect(validateRule(node).map((p) => p.code)).toEqual(["too_deep"]);
  });

  it("never throws, whatever the values (fast-check)", () => {
    const anyValue = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.double(), fc.constant(null)), { maxLength: 60 }),
    );
    const anyCondition = fc.record({
      type: fc.constant("condition" as const),
      field: fc.oneof(fc.constantFrom(...SEGMENT_FIELDS.map((f) => f.id)), fc.string()),
      op: fc.oneof(fc.constantFrom(...OPERATORS), fc.string()),
      key: fc.option(fc.string(), { nil: undefined }),
      days: fc.option(fc.double(), { nil: undefined }),
      value: anyValue,
    });
    fc.assert(
      fc.property(fc.array(anyCondition, { maxLength: 40 }), (items) => {
        const problems = validateRule(and(...(items as Condition[])));
        for (const p of problems) expect(SEGMENT_RULE_PROBLEM_CODES).toContain(p.code);
      }),
    );
  });

  it("every registry entry is coherent: operators suit the value kind, labels in both languages", () => {
    const suits: Record<string, readonly string[]> = {
      integer: ["eq", "gte", "lte", "between", "in", "not_in", "is_set", "is_not_set"],
      date: ["before", "after", "between", "is_set", "is_not_set"],
      enum: ["in", "not_in", "is_set", "is_not_set"],
      set: ["has_any", "has_all", "has_none"],
      boolean: ["is"],
    };
    for (const f of SEGMENT_FIELDS) {
      for (const op of f.ops) expect(suits[f.value.kind], `${f.id} ${op}`).toContain(op);
      if (f.ops.some((op) => op === "is_set")) expect((f as { nullable?: boolean }).nullable, f.id).toBe(true);
      expect(f.label.vi && f.label.en, f.id).toBeTruthy();
      expect(fieldDef(f.id)).toBe(f);
    }
    expect(new Set(SEGMENT_FIELDS.map((f) => f.id)).size).toBe(SEGMENT_FIELDS.length);
  });
});

describe("segment rules: explaining a member", () => {
  it("combines each condition's result up the tree, with its value", () => {
    const rule = and(
      cond({ field: "tier", op: "in", value: ["gold"] }),
      or(cond({ field: "visits", op: "gte", value: 2, days: 30 }), cond({ field: "points_balance", op: "gte", value: 100 })),
    );
    const outcomes: Record<string, { value: unknown; result: boolean }> = {
      "items.0": { value: "gold", result: true },
      "items.1.items.0": { value: 1, result: false },
      "items.1.items.1": { value: 150, result: true },
    };
    expect(conditionsWithPaths(rule).map((c) => c.path)).toEqual(Object.keys(outcomes));
    const out = explainRule(rule, (p) => outcomes[p]!);
    expect(out.result).toBe(true);
    const group = out.items[1] as Extract<typeof out, { type: "group" }>;
    expect(group).toMatchObject({ type: "group", combine: "or", path: "items.1", result: true });
    expect(group.items[0]).toMatchObject({ field: "visits", memberValue: 1, result: false });
    outcomes["items.0"] = { value: "silver", result: false };
    expect(explainRule(rule, (p) => outcomes[p]!).result).toBe(false);
    expect(explainRule(and(), () => ({ value: null, result: false })).result).toBe(true);
  });
});

describe("segment calendar", () => {
  const at = (iso: string) => Date.parse(iso);
  it("birthday windows, inside a year, across New Year and around 29 February", () => {
    // 10:00 in Vietnam on 20 Dec 2026.
    expect(birthdayWindow(at("2026-12-20T03:00:00Z"), 5)).toEqual([[1220, 1225]]);
    expect(birthdayWindow(at("2026-12-20T03:00:00Z"), 20)).toEqual([
      [1220, 1231],
      [101, 109],
    ]);
    // 2027 is not a leap year: a window holding 28 Feb holds 29 Feb birthdays too.
    expect(birthdayWindow(at("2027-02-20T03:00:00Z"), 8)).toEqual([[220, 229]]);
    expect(birthdayWindow(at("2028-02-20T03:00:00Z"), 8)).toEqual([[220, 228]]);
    expect(birthdayWindow(at("2026-06-01T03:00:00Z"), 366)).toEqual([[101, 1231]]);
    // 23:30 UTC on 31 Dec is already 1 Jan in Vietnam.
    expect(birthdayWindow(at("2026-12-31T17:30:00Z"), 0)).toEqual([[101, 101]]);
  });

  it("birthday keys: the real days inside the ranges, 29 February included", () => {
    expect(
      birthdayKeys([
        [1229, 1231],
        [101, 102],
      ]),
    ).toEqual([101, 102, 1229, 1230, 1231]);
    expect(birthdayKeys([[130, 202]])).toEqual([130, 131, 201, 202]);
    expect(birthdayKeys([[228, 229]])).toEqual([228, 229]);
    expect(birthdayKeys([[101, 1231]])).toHaveLength(366);
    expect(birthdayKeys([])).toEqual([]);
  });

  it("dates and day numbers", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
    expect(isCalendarDate("2027-13-01")).toBe(false);
    expect(dayNumberOfDate("1970-01-02")).toBe(1);
    expect(RULE_LIMITS.depth).toBe(3);
  });
});
