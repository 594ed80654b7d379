/**
 * A segment rule evaluated in memory on one member's facts: the same answer as the SQL the
 * server compiles (src/server/features/segments/compile.ts), field by field, written from the
 * registry's meaning rather than from the SQL. Two uses: the differential test (random rules on
 * generated members, this against the database: test/api/segments-differential.test.ts), and
 * "why is this member in / out" for data already in memory (`explainInMemory`, the same tree as
 * the server's explain).
 *
 * Conventions shared with the compiler (decision 0033): every condition is a boolean, never
 * "unknown" — a member without a value fails `in`, comparisons and dates, and passes `not_in`
 * and `has_none`; zero-party fields (`needsConsent`) are false both ways, and hide their value,
 * for members whose latest personalisation decision is not a grant. Consents and Zalo answers
 * count by their latest decision in ledger order, as the count reads them.
 */
import { lastDaysPeriod } from "../insights/retention";
import { DAY_MS, vietnamDayNumber } from "../loyalty/vietnam-time";
import type { AnswerValue } from "../preferences/form";
import { birthdayKey, birthdayWindow, dayNumberOfDate } from "./calendar";
import { fieldDef, type FieldDef, type FieldSource } from "./fields";
import { conditionsWithPaths, explainRule, type Condition, type ConditionOutcome, type Group, type Rule } from "./rule";

/** One member as the rules see them: raw facts, instants in ms. Lists are in ledger (insertion) order. */
export type MemberFacts = {
  tier: string;
  pointsBalance: number;
  /** Ledger rows that matter to segments: earns (visits, spend) and reversals (of an earn: by `refEntryId`). */
  ledger: readonly { id: string; kind: string; at: number; storeId: string | null; billVnd: number | null; refEntryId?: string | null }[];
  lots: readonly { remaining: number; expiresAt: number }[];
  consents: readonly { purpose: string; granted: boolean }[];
  zaloAnswers: readonly { permission: string; outcome: string }[];
  /** Preference answers by question id. */
  answers: Readonly<Record<string, AnswerValue>>;
  vouchers: readonly { status: string; expiresAt: number }[];
  /** Survey answers; `id` breaks ties between answers of the same instant (uuid order, as the database's). */
  surveyAnswers: readonly { id: string; kind: string; band: string; answeredAt: number; superseded: boolean }[];
  /** Event streams for `event_count` fields (game plays, referrals), instants per stream. */
  events?: Readonly<Record<string, readonly number[]>>;
};

export type EvaluationContext = {
  now: number;
  /** The brand's tier window in days: qualifying spend looks back this far. */
  spendWindowDays: number;
};

type Scalar = number | string | null;

const latest = <T>(rows: readonly T[], pick: (row: T) => boolean): T | undefined => rows.filter(pick).at(-1);

/** Earns that are visits (decision 0025): at a store, not reversed. */
function visitEarns(f: MemberFacts) {
  const reversed = new Set(f.ledger.filter((e) => e.kind === "reversal" && e.refEntryId).map((e) => e.refEntryId));
  return f.ledger.filter((e) => e.kind === "earn" && e.storeId !== null && !reversed.has(e.id));
}

const granted = (f: MemberFacts, purpose: string) => latest(f.consents, (c) => c.purpose === purpose)?.granted ?? false;

/** A multi's list, a single's one id; nothing for other answers. */
function optionsOf(a: AnswerValue | undefined): string[] {
  if (a?.kind === "multi") return [...a.optionIds];
  if (a?.kind === "single") return [a.optionId];
  return [];
}

/** The member's value of a field: a scalar (possibly null), a set of ids, or a boolean. */
function valueOf(source: FieldSource, c: Condition, def: FieldDef, f: MemberFacts, ctx: EvaluationContext): Scalar | string[] | boolean {
  switch (source.kind) {
    case "member_column":
      return source.column === "tier" ? f.tier : f.pointsBalance;
    case "expiring_points": {
      const until = ctx.now + c.days! * DAY_MS;
      return f.lots.filter((l) => l.remaining > 0 && l.expiresAt > ctx.now && l.expiresAt <= until).reduce((s, l) => s + l.remaining, 0);
    }
    case "qualifying_spend": {
      const since = ctx.now - ctx.spendWindowDays * DAY_MS;
      const vnd = f.ledger
        .filter((e) => (e.kind === "earn" || e.kind === "reversal") && e.at > since && e.billVnd !== null)
        .reduce((s, e) => s + (e.kind === "earn" ? e.billVnd! : -e.billVnd!), 0);
      return Math.max(0, vnd);
    }
    case "visit_count": {
      const period = lastDaysPeriod(ctx.now, c.days!);
      const days = new Set(
        visitEarns(f)
          .filter((e) => e.at >= period.fromMs && e.at < period.toMs)
          .map((e) => `${e.storeId}:${vietnamDayNumber(e.at)}`),
      );
      return days.size;
    }
    case "days_since_last_visit": {
      const visits = visitEarns(f);
      return visits.length ? vietnamDayNumber(ctx.now) - vietnamDayNumber(Math.max(...visits.map((e) => e.at))) : null;
    }
    case "first_visit": {
      const visits = visitEarns(f);
      return visits.length ? vietnamDayNumber(Math.min(...visits.map((e) => e.at))) : null;
    }
    case "stores_visited":
      return [...new Set(visitEarns(f).map((e) => e.storeId!.toLowerCase()))];
    case "birthday_month": {
      const b = f.answers.birthday;
      return b?.kind === "birthday" ? b.month : null;
    }
    case "birthday_upcoming":
      return null; // evaluateCondition answers it from the answer itself
    case "preference_choice": {
      const a = f.answers[source.question ?? c.key!];
      if (def.value.kind === "set") return optionsOf(a);
      // Store ids are uuids, the same whatever their case (as in stores visited).
      return a?.kind === "single" ? a.optionId : a?.kind === "store" ? a.storeId.toLowerCase() : null;
    }
    case "vouchers_unused":
      return f.vouchers.filter((v) => v.status === "issued" && v.expiresAt > ctx.now).length;
    case "consent":
      return granted(f, c.key!);
    case "zalo_permission":
      return latest(f.zaloAnswers, (z) => z.permission === c.key)?.outcome === "allowed";
    case "last_survey_band": {
      const mine = f.surveyAnswers.filter((a) => a.kind === source.survey && !a.superseded);
      mine.sort((a, b) => b.answeredAt - a.answeredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return mine[0]?.band ?? null;
    }
    case "event_count": {
      const since = ctx.now - c.days! * DAY_MS;
      return (f.events?.[source.stream] ?? []).filter((at) => at >= since).length;
    }
  }
}

function scalarResult(x: Scalar, c: Condition, def: FieldDef): boolean {
  const v = storeValues(c, def);
  const asDay = (d: unknown) => dayNumberOfDate(String(d));
  if (c.op === "is_set") return x !== null;
  if (c.op === "is_not_set") return x === null;
  if (c.op === "not_in") return x === null || !(v as readonly (string | number)[]).includes(x);
  if (x === null) return false;
  // Comparisons apply to numbers: integers, and dates as Vietnam day numbers.
  const n = x as number;
  switch (c.op) {
    case "eq":
      return n === v;
    case "gte":
      return n >= (v as number);
    case "lte":
      return n <= (v as number);
    case "between": {
      const [lo, hi] = v as readonly [string | number, string | number];
      return def.value.kind === "date" ? n >= asDay(lo) && n <= asDay(hi) : n >= (lo as number) && n <= (hi as number);
    }
    case "before":
      return n < asDay(v);
    case "after":
      return n > asDay(v);
    case "in":
      return (v as readonly (string | number)[]).includes(x);
    default:
      throw new Error(`segments: operator ${c.op} on ${c.field}`);
  }
}

/** A condition's values, with store ids (uuids) in lower case as the member's values are. */
export function storeValues(c: Condition, def: FieldDef): Condition["value"] {
  const stores = (def.value.kind === "enum" || def.value.kind === "set") && def.value.options === "stores";
  return stores && Array.isArray(c.value) ? c.value.map((s) => (typeof s === "string" ? s.toLowerCase() : s)) : c.value;
}

function setResult(held: readonly string[], c: Condition, def: FieldDef): boolean {
  // Store ids are uuids: the database compares them whatever their case.
  const norm = (s: string) => (def.value.kind === "set" && def.value.options === "stores" ? s.toLowerCase() : s);
  const mine = new Set(held.map(norm));
  const values = (c.value as readonly string[]).map(norm);
  switch (c.op) {
    case "has_any":
      return values.some((v) => mine.has(v));
    case "has_all":
      return values.every((v) => mine.has(v));
    case "has_none":
      return !values.some((v) => mine.has(v));
    default:
      throw new Error(`segments: operator ${c.op} on ${c.field}`);
  }
}

/** One validated condition on one member: the member's value of its field (null when hidden) and the result. */
export function evaluateCondition(c: Condition, f: MemberFacts, ctx: EvaluationContext): ConditionOutcome {
  const def = fieldDef(c.field);
  if (!def) throw new Error(`segments: unknown field ${c.field}`);
  if (def.needsConsent && !granted(f, def.needsConsent)) return { value: null, result: false };
  const value = valueOf(def.source, c, def, f, ctx);
  if (def.source.kind === "birthday_upcoming") {
    // The birthday as the console shows it (dd/mm), tested as month × 100 + day against the window.
    const b = f.answers.birthday;
    if (b?.kind !== "birthday") return { value: null, result: false };
    const key = birthdayKey(b.month, b.day);
    const shown = `${String(b.day).padStart(2, "0")}/${String(b.month).padStart(2, "0")}`;
    return { value: shown, result: birthdayWindow(ctx.now, c.value as number).some(([lo, hi]) => key >= lo && key <= hi) };
  }
  if (typeof value === "boolean") return { value, result: value === c.value };
  if (Array.isArray(value)) return { value, result: setResult(value, c, def) };
  return { value, result: scalarResult(value as Scalar, c, def) };
}

/** Whether the member matches the (validated) rule. An empty root matches everyone, as the count does. */
export function evaluateRule(rule: Rule, f: MemberFacts, ctx: EvaluationContext): boolean {
  const group = (g: Group): boolean => {
    if (g.items.length === 0) return true;
    const results = g.items.map((item) => (item.type === "group" ? group(item) : evaluateCondition(item, f, ctx).result));
    return g.combine === "and" ? results.every(Boolean) : results.some(Boolean);
  };
  return group(rule);
}

/** "Why is this member in / out" from facts in memory: the tree explainRule builds, each condition's value and result. */
export function explainInMemory(rule: Rule, f: MemberFacts, ctx: EvaluationContext) {
  const byPath = new Map(conditionsWithPaths(rule).map((c) => [c.path, c.condition]));
  return explainRule(rule, (path) => evaluateCondition(byPath.get(path)!, f, ctx));
}
