/**
 * Drafts and saved rules against the brand's members: validation with what the brand has (its
 * stores, its own questions), the live count, a sample page and "why is this member in / out".
 * Every statement is scoped to the brand and leaves erased members out.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { SegmentCount, SegmentExplanation, SegmentMember, SegmentSample } from "../../../contract/segments";
import type { TierCode } from "../../../domain/loyalty/tiers";
import { STANDARD_QUESTIONS } from "../../../domain/preferences/form";
import { conditionsWithPaths, explainRule, validateRule, type Rule, type RuleContext } from "../../../domain/segments/rule";
import { queryRows, type Db, type Tx } from "../../db/client";
import { stores } from "../../db/schema";
import type { Issue } from "../../http/errors";
import { loyaltySettingsOf } from "../loyalty/settings";
import { formatMemberNo } from "../members/cards";
import { currentForm } from "../preferences/forms";
import { compileCondition, compileRule, compileRuleParts, Relations, unionOf, type CompileContext } from "./compile";

/** What the brand has, for the rule's dynamic options. */
export async function ruleContext(db: Db | Tx, brandId: string): Promise<RuleContext> {
  const storeRows = await db.select({ id: stores.id }).from(stores).where(eq(stores.brandId, brandId));
  const form = await currentForm(db, brandId);
  return {
    storeIds: new Set(storeRows.map((s) => s.id.toLowerCase())),
    choiceQuestions: new Set(
      form.questions.filter((q) => !(q.id in STANDARD_QUESTIONS) && (q.kind === "single" || q.kind === "multi")).map((q) => q.id),
    ),
  };
}

/** The rule's problems with the brand's context, as the request body's paths ("rule.items.0.value"). */
export async function ruleIssues(db: Db | Tx, brandId: string, rule: Rule): Promise<Issue[]> {
  const problems = validateRule(rule, await ruleContext(db, brandId));
  return problems.slice(0, 50).map((p) => ({ ...p, field: p.field ? `rule.${p.field}` : "rule" }));
}

async function relations(db: Db | Tx, brandId: string, now: number, memberId?: string): Promise<Relations> {
  const { tierRules } = await loyaltySettingsOf(db, brandId);
  const ctx: CompileContext = { now, spendWindowDays: tierRules.windowDays, brandId };
  return new Relations(memberId === undefined ? ctx : { ...ctx, memberId });
}

/**
 * How many of the brand's members a (validated) rule matches now, out of how many: two counts,
 * the rule in the first one's WHERE (its conditions correlated EXISTS, which PostgreSQL makes semi
 * and anti joins that touch the matching members only: decision 0048's addendum), the total apart
 * and at the same time, on another connection of the pool (a scan of the members, ~100 ms at
 * 1,000,000, that no longer waits for the rule). A rule on member columns alone (tier, points)
 * needs no join: both counts in one pass over the members, not two scans (decision 0048's second
 * addendum).
 */
export async function countMatching(db: Db, brandId: string, rule: Rule, now: number): Promise<SegmentCount> {
  const r = await relations(db, brandId, now);
  const live = liveMembers(brandId);
  const parts = compileRuleParts(rule, r);
  if (r.usedAny) {
    const [count, total] = await Promise.all([
      one(db, countStatement(parts, live)),
      one(db, sql`select count(*)::int as n from members m where ${live}`),
    ]);
    return { count, total };
  }
  const [row] = await queryRows<{ count: number; total: number }>(
    db,
    sql`select (count(*) filter (where ${parts.test}))::int as count, count(*)::int as total from members m where ${live}`,
  );
  return { count: Number(row?.count ?? 0), total: Number(row?.total ?? 0) };
}

/**
 * The rule's count alone, the statement countMatching runs beside the total: what bench:segments
 * compares with the same question written by hand (which counts no total either).
 */
export async function countRuleMatches(db: Db, brandId: string, rule: Rule, now: number): Promise<number> {
  return one(db, countStatement(compileRuleParts(rule, await relations(db, brandId, now)), liveMembers(brandId)));
}

const liveMembers = (brandId: string) => sql`m.brand_id = ${brandId} and m.erased_at is null`;
const one = async (db: Db, q: SQL) => Number((await queryRows<{ n: number }>(db, q))[0]?.n ?? 0);

/**
 * A root OR over relations: when every branch gives candidate ids, those of all branches joined
 * once with the members, each candidate passing the rest of its own branch (a member candidate of
 * two branches counted once); else the union of the branches' members. Otherwise the rule on each
 * member.
 */
function countStatement({ test, branches, seeded }: ReturnType<typeof compileRuleParts>, live: SQL): SQL {
  if (seeded) {
    const candidates = seeded.map((b, i) => sql`select c.k as id, ${i}::int as b from (${b.ids}) c`);
    const rests = seeded.map((b, i) => sql`(s.b = ${i} and ${b.rest})`);
    return sql`select count(distinct m.id)::int as n from members m join (${sql.join(candidates, sql` union all `)}) s on s.id = m.id
      where ${live} and (${sql.join(rests, sql` or `)})`;
  }
  return branches
    ? sql`select count(*)::int as n from (${unionOf(branches, live)}) s`
    : sql`select count(*)::int as n from members m where ${live} and ${test}`;
}

type MemberRow = { id: string; seq: number | string; name: string; tier: TierCode; points: number | string };
const memberColumns = sql`m.id, m.member_seq as seq, u.display_name as name, m.tier, m.points_balance as points`;
const toMember = (r: MemberRow): SegmentMember => ({
  memberId: r.id,
  memberNo: formatMemberNo(Number(r.seq)),
  displayName: r.name,
  tier: r.tier,
  pointsBalance: Number(r.points),
});

/**
 * The card-number windows a sample probes one member at a time, one after the other, before
 * building the whole brand's relations: the first is enough to fill a page when the rule matches
 * one member in a hundred or more; the next, ten times wider, when it matches one in a thousand
 * (the regulars of bench:segments match 0.33 %: 2,000 members hold about 7 of a page of 21, so the
 * sample fell back to the count's work, 7 s at 1,000,000 members). Probing is a few index lookups
 * per member, far under the cost of the relations for a brand that large; a rule rarer still pays
 * the 22,000 probes and then the relations.
 */
export const PROBE_WINDOWS: readonly number[] = [2_000, 20_000];

/**
 * Matching members by card number, `limit` at a time after the card number `after`. First the
 * card numbers of each probe window in turn, each condition a per-member subplan (Relations'
 * `probe`), stopping as soon as the page is full; then, if it is not, the rule as the count
 * compiles it (semi and anti joins over the brand's relations) from where the windows ended.
 * The windows only change how the page is found, not which members are on it (card order).
 */
export async function sampleMatching(
  db: Db | Tx,
  brandId: string,
  rule: Rule,
  now: number,
  page: { limit: number; after?: number },
  windows: readonly number[] = PROBE_WINDOWS,
): Promise<SegmentSample> {
  const r = await relations(db, brandId, now);
  const want = page.limit + 1;
  const live = (after: number) => sql`m.brand_id = ${brandId} and m.erased_at is null and m.member_seq > ${after}`;
  // Correlated either way (no member): no joins, the rule is all of it.
  const matching = (rule: SQL, where: SQL, limit: number) =>
    queryRows<MemberRow>(
      db,
      sql`select ${memberColumns} from members m join users u on u.id = m.user_id
        where ${where} and ${rule} order by m.member_seq limit ${limit}`,
    );
  const probed = compileRule(rule, new Relations({ ...r.ctx, probe: true }));
  const rows: MemberRow[] = [];
  let after = page.after ?? 0;
  for (const size of windows) {
    if (rows.length >= want) break;
    rows.push(...(await matching(probed, sql`${live(after)} and m.member_seq <= ${after + size}`, want - rows.length)));
    after += size;
  }
  if (rows.length < want) rows.push(...(await matching(compileRule(rule, r), live(after), want - rows.length)));
  const members = rows.slice(0, page.limit).map(toMember);
  return { members, next: rows.length > page.limit ? Number(rows[page.limit - 1]!.seq) : null };
}

/**
 * Each condition evaluated for one member, with the member's value of its field, combined up the
 * tree; null when the member is not the brand's (or was erased).
 */
export async function explainMember(
  db: Db | Tx,
  brandId: string,
  rule: Rule,
  memberId: string,
  now: number,
): Promise<SegmentExplanation | null> {
  const r = await relations(db, brandId, now, memberId);
  const conditions = conditionsWithPaths(rule).map((c) => ({ ...c, compiled: compileCondition(c.condition, r) }));
  // Two arrays (jsonb_build_array takes at most 100 arguments; a rule has at most 30 conditions).
  const values = conditions.length
    ? sql.join(
        conditions.map((c) => sql`to_jsonb(${c.compiled.value})`),
        sql`, `,
      )
    : sql``;
  const tests = conditions.length
    ? sql.join(
        conditions.map((c) => sql`${c.compiled.test}`),
        sql`, `,
      )
    : sql``;
  const [row] = await queryRows<MemberRow & { values: unknown[] | string; tests: boolean[] | string }>(
    db,
    sql`select ${memberColumns}, jsonb_build_array(${values}) as values, jsonb_build_array(${tests}) as tests
      from members m join users u on u.id = m.user_id${r.joins()}
      where m.id = ${memberId} and m.brand_id = ${brandId} and m.erased_at is null`,
  );
  if (!row) return null;
  const parse = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  const memberValues = parse(row.values);
  const results = parse(row.tests);
  const byPath = new Map(
    conditions.map((c, i) => [
      c.path,
      { value: c.compiled.present ? c.compiled.present(memberValues[i]) : memberValues[i], result: results[i] === true },
    ]),
  );
  const tree = explainRule(rule, (path) => byPath.get(path)!);
  const groups: SegmentExplanation["groups"] = [];
  const flat: SegmentExplanation["conditions"] = [];
  const walk = (node: (typeof tree)["items"][number] | typeof tree) => {
    if (node.type === "group") {
      groups.push({ path: node.path, combine: node.combine, result: node.result });
      node.items.forEach(walk);
    } else {
      const { path, memberValue, result, ...condition } = node;
      flat.push({
        ...condition,
        value: condition.value as SegmentExplanation["conditions"][number]["value"],
        path,
        memberValue: memberValue ?? null,
        result,
      });
    }
  };
  walk(tree);
  return { member: toMember(row), result: tree.result, groups, conditions: flat };
}
