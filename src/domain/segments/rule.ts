/**
 * A segment's rule: conditions on member fields (fields.ts) combined in AND / OR groups, with
 * bounded depth and size, and its validation. The contract (src/contract/segments.ts) checks
 * the structure; this checks the meaning — the field exists, the operator suits it, the value
 * has the operator's shape and lies in the field's bounds — and reports every problem at the
 * condition it belongs to (`field` = "items.1.items.0.value"), so the builder shows it there.
 */
import { daysInMonth } from "../loyalty/vietnam-time";
import { FORM_LIMITS } from "../preferences/form";
import { problem, type Problem, type ProblemParams } from "../problems";
import { fieldDef, type FieldDef, type Operator } from "./fields";

export const COMBINATORS = ["and", "or"] as const;
export type Combinator = (typeof COMBINATORS)[number];

export const RULE_LIMITS = {
  /** The root group is depth 1: groups nest two levels below it. */
  depth: 3,
  /** Conditions in the whole tree. */
  conditions: 30,
  /** Items (conditions and groups) in one group. */
  items: 30,
  /** Options in one `in` / `has_any` list. */
  options: 50,
  /** Dates the builder may name. */
  minDate: "2000-01-01",
  maxDate: "2100-12-31",
} as const;

/** A value as it travels in JSON; the field and operator say which shape is right. */
export type ConditionValue = number | string | boolean | readonly (number | string)[] | null;

export type Condition = {
  type: "condition";
  field: string;
  op: string;
  /** Which purpose / permission / question, for fields that take a key. */
  key?: string;
  /** How many days, for fields that look back or ahead. */
  days?: number;
  value?: ConditionValue;
};
export type Group = { type: "group"; combine: Combinator; items: RuleNode[] };
export type RuleNode = Condition | Group;
export type Rule = Group;

export const SEGMENT_RULE_PROBLEM_CODES = [
  "too_deep",
  "too_many_conditions",
  "too_many_items",
  "group_empty",
  "field_unknown",
  "op_not_allowed",
  "value_missing",
  "value_unexpected",
  "value_type",
  "value_not_integer",
  "value_out_of_range",
  "range_reversed",
  "date_invalid",
  "date_out_of_range",
  "options_empty",
  "too_many_options",
  "option_duplicate",
  "option_unknown",
  "option_format",
  "key_missing",
  "key_unknown",
  "key_unexpected",
  "days_missing",
  "days_out_of_range",
  "days_unexpected",
] as const;
export type SegmentRuleProblemCode = (typeof SEGMENT_RULE_PROBLEM_CODES)[number];
export type SegmentRuleProblem = Problem<SegmentRuleProblemCode>;

/** What the brand has, for the fields whose options are the brand's: its stores, its choice questions. */
export type RuleContext = {
  storeIds?: ReadonlySet<string>;
  /** The brand's own single/multi questions (current form), by id. Standard questions are fields of their own. */
  choiceQuestions?: ReadonlySet<string>;
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "2026-02-29" → false: a real calendar date, in the builder's range. */
export function isCalendarDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Conditions in a tree (iteratively: a hostile tree must not exhaust the stack). */
export function conditionCount(rule: Rule): number {
  let count = 0;
  const stack: RuleNode[] = [rule];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "condition") count++;
    else stack.push(...node.items);
  }
  return count;
}

/** Problems of a rule; empty when it can be counted and saved. An empty root matches every member. */
export function validateRule(rule: Rule, ctx: RuleContext = {}): SegmentRuleProblem[] {
  const problems: SegmentRuleProblem[] = [];
  const add = (field: string, code: SegmentRuleProblemCode, params?: ProblemParams) => problems.push(problem(code, field, params));
  const total = conditionCount(rule);
  if (total > RULE_LIMITS.conditions) add("", "too_many_conditions", { max: RULE_LIMITS.conditions, count: total });
  const walk = (group: Group, path: string, depth: number) => {
    const at = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
    if (depth > RULE_LIMITS.depth) {
      add(path, "too_deep", { max: RULE_LIMITS.depth });
      return;
    }
    if (group.items.length === 0 && depth > 1) add(path, "group_empty");
    if (group.items.length > RULE_LIMITS.items) add(at("items"), "too_many_items", { max: RULE_LIMITS.items });
    group.items.slice(0, RULE_LIMITS.items).forEach((item, i) => {
      const itemPath = at(`items.${i}`);
      if (item.type === "group") walk(item, itemPath, depth + 1);
      else problems.push(...conditionProblems(item, itemPath, ctx));
    });
  };
  walk(rule, "", 1);
  return problems;
}

/** Problems of one condition, at `path` (the condition's place in the tree). */
export function conditionProblems(c: Condition, path: string, ctx: RuleContext = {}): SegmentRuleProblem[] {
  const problems: SegmentRuleProblem[] = [];
  const add = (suffix: string, code: SegmentRuleProblemCode, params?: ProblemParams) =>
    problems.push(problem(code, path ? `${path}.${suffix}` : suffix, params));
  const def = fieldDef(c.field);
  if (!def) {
    add("field", "field_unknown");
    return problems;
  }
  argProblems(def, c, add, ctx);
  if (!(def.ops as readonly string[]).includes(c.op)) {
    add("op", "op_not_allowed", { allowed: def.ops.join(",") });
    return problems;
  }
  valueProblems(def, c.op as Operator, c.value, add, ctx);
  return problems;
}

type Add = (suffix: string, code: SegmentRuleProblemCode, params?: ProblemParams) => void;

function argProblems(def: FieldDef, c: Condition, add: Add, ctx: RuleContext) {
  const arg = def.arg;
  if (arg?.kind !== "days" && c.days !== undefined) add("days", "days_unexpected");
  if (arg?.kind !== "key" && c.key !== undefined) add("key", "key_unexpected");
  if (arg?.kind === "days") {
    if (c.days === undefined) add("days", "days_missing", { min: arg.min, max: arg.max });
    else if (!Number.isSafeInteger(c.days) || c.days < arg.min || c.days > arg.max)
      add("days", "days_out_of_range", { min: arg.min, max: arg.max });
  }
  if (arg?.kind === "key") {
    if (c.key === undefined || c.key === "") add("key", "key_missing");
    else if (arg.options === "choice_question") {
      const known = ctx.choiceQuestions ? ctx.choiceQuestions.has(c.key) : FORM_LIMITS.idPattern.test(c.key);
      if (!known) add("key", "key_unknown");
    } else if (!arg.options.includes(c.key)) add("key", "key_unknown", { allowed: arg.options.join(",") });
  }
}

function valueProblems(def: FieldDef, op: Operator, value: ConditionValue | undefined, add: Add, ctx: RuleContext) {
  const spec = def.value;
  if (op === "is_set" || op === "is_not_set") {
    if (value !== undefined && value !== null) add("value", "value_unexpected");
    return;
  }
  if (value === undefined || value === null) {
    add("value", "value_missing");
    return;
  }
  const integer = (v: unknown, at: string) => {
    if (spec.kind !== "integer") return false;
    if (typeof v !== "number") add(at, "value_type", { expected: "integer" });
    else if (!Number.isSafeInteger(v)) add(at, "value_not_integer");
    else if (v < spec.min || v > spec.max) add(at, "value_out_of_range", { min: spec.min, max: spec.max });
    else return true;
    return false;
  };
  const date = (v: unknown, at: string) => {
    if (typeof v !== "string") add(at, "value_type", { expected: "date" });
    else if (!isCalendarDate(v)) add(at, "date_invalid");
    else if (v < RULE_LIMITS.minDate || v > RULE_LIMITS.maxDate)
      add(at, "date_out_of_range", { min: RULE_LIMITS.minDate, max: RULE_LIMITS.maxDate });
    else return true;
    return false;
  };
  switch (op) {
    case "eq":
    case "gte":
    case "lte":
      integer(value, "value");
      return;
    case "before":
    case "after":
      date(value, "value");
      return;
    case "between": {
      if (!Array.isArray(value) || value.length !== 2) {
        add("value", "value_type", { expected: "pair" });
        return;
      }
      const ok =
        spec.kind === "date"
          ? [date(value[0], "value.0"), date(value[1], "value.1")]
          : [integer(value[0], "value.0"), integer(value[1], "value.1")];
      if (ok[0] && ok[1] && value[0]! > value[1]!) add("value", "range_reversed");
      return;
    }
    case "is":
      if (typeof value !== "boolean") add("value", "value_type", { expected: "boolean" });
      return;
    case "in":
    case "not_in":
    case "has_any":
    case "has_all":
    case "has_none": {
      if (!Array.isArray(value)) {
        add("value", "value_type", { expected: "list" });
        return;
      }
      if (value.length === 0) add("value", "options_empty");
      if (value.length > RULE_LIMITS.options) {
        add("value", "too_many_options", { max: RULE_LIMITS.options });
        return;
      }
      const seen = new Set<unknown>();
      value.forEach((v, i) => {
        const at = `value.${i}`;
        if (seen.has(v)) add(at, "option_duplicate");
        seen.add(v);
        if (spec.kind === "integer") integer(v, at);
        else if (spec.kind === "enum" || spec.kind === "set") optionProblem(spec.options, v, at, add, ctx);
        else add(at, "value_type", { expected: spec.kind });
      });
      return;
    }
  }
}

function optionProblem(options: readonly string[] | "stores" | "any_id", v: unknown, at: string, add: Add, ctx: RuleContext) {
  if (typeof v !== "string") {
    add(at, "value_type", { expected: "option" });
    return;
  }
  if (options === "any_id") {
    if (!FORM_LIMITS.idPattern.test(v)) add(at, "option_format");
  } else if (options === "stores") {
    if (!UUID_PATTERN.test(v)) add(at, "option_format");
    else if (ctx.storeIds && !ctx.storeIds.has(v.toLowerCase())) add(at, "option_unknown");
  } else if (!options.includes(v)) add(at, "option_unknown", { allowed: options.join(",") });
}

/** A condition's place and how the member fared on it: what `explainRule` takes per condition. */
export type ConditionOutcome = { value: unknown; result: boolean };

export type Explained =
  | (Condition & { path: string; memberValue: unknown; result: boolean })
  | { type: "group"; combine: Combinator; path: string; result: boolean; items: Explained[] };

/**
 * "Why is this member in or out": each condition's value and result (from the server, one per
 * condition path), combined up the tree by the groups' AND / OR. An empty root matches everyone,
 * as the count does.
 */
export function explainRule(rule: Rule, outcomeAt: (path: string) => ConditionOutcome): Extract<Explained, { type: "group" }> {
  const walk = (group: Group, path: string): Extract<Explained, { type: "group" }> => {
    const items = group.items.map((item, i): Explained => {
      const itemPath = path ? `${path}.items.${i}` : `items.${i}`;
      if (item.type === "group") return walk(item, itemPath);
      const outcome = outcomeAt(itemPath);
      return { ...item, path: itemPath, memberValue: outcome.value, result: outcome.result };
    });
    const result = items.length === 0 ? true : group.combine === "and" ? items.every((i) => i.result) : items.some((i) => i.result);
    return { type: "group", combine: group.combine, path, result, items };
  };
  return walk(rule, "");
}

/** Every condition with its path, in tree order (what the server compiles one by one for `explain`). */
export function conditionsWithPaths(rule: Rule): { path: string; condition: Condition }[] {
  const out: { path: string; condition: Condition }[] = [];
  const walk = (group: Group, path: string) =>
    group.items.forEach((item, i) => {
      const itemPath = path ? `${path}.items.${i}` : `items.${i}`;
      if (item.type === "group") walk(item, itemPath);
      else out.push({ path: itemPath, condition: item });
    });
  walk(rule, "");
  return out;
}
