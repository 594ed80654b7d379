/** Members' values for template parameters (domain/messaging MEMBER_FIELDS), read in bulk. */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { tierDef } from "../../../domain/loyalty/tiers";
import { vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { FieldValues, MemberField } from "../../../domain/messaging/zns-template";
import { preferenceFields } from "../../../domain/preferences/fields";
import type { AnswerValue, PreferenceForm } from "../../../domain/preferences/form";
import { anyUuid } from "../../db/bulk";
import type { Db, Tx } from "../../db/client";
import { brands, ledgerEntries, members, pointLots, preferenceAnswers, stores, users } from "../../db/schema";
import { loyaltySettingsOf } from "../loyalty/settings";
import { formatMemberNo } from "../members/cards";
import { currentForm } from "../preferences/forms";

const two = (n: number) => String(n).padStart(2, "0");
/** ZNS "time" values: dd/mm/yyyy (docs/zalo.md#zns-params). */
export const znsDate = (ms: number) => {
  const d = vietnamDate(ms);
  return `${two(d.day)}/${two(d.month)}/${d.year}`;
};

/**
 * Field values for many members of one brand in a handful of queries, whatever their number:
 * campaigns enqueue thousands at once. Members not found are absent from the map. `fields`: only
 * these are needed (a template's parameters), so the queries for the others are not made and
 * their keys are absent — a campaign whose template reads the name, tier, favourite category
 * and preferred store does not read every member's point lots and visits.
 */
export async function fieldValuesFor(
  q: Db | Tx,
  brandId: string,
  memberIds: readonly string[],
  at: number,
  fields?: readonly MemberField[],
): Promise<Map<string, FieldValues>> {
  const out = new Map<string, FieldValues>();
  if (!memberIds.length) return out;
  const ids = [...memberIds];
  const wants = (...f: MemberField[]) => !fields || f.some((x) => fields.includes(x));
  // One after another: inside a transaction these share one connection (node-postgres
  // refuses overlapping queries on a client from pg@9).
  const rows = await q
    .select({ id: members.id, seq: members.memberSeq, tier: members.tier, balance: members.pointsBalance, name: users.displayName })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(anyUuid(members.id, ids), eq(members.brandId, brandId)));
  const lots = !wants("expiring_points", "expiring_date")
    ? null
    : await q
        .selectDistinctOn([pointLots.memberId], {
          memberId: pointLots.memberId,
          remaining: pointLots.remaining,
          expiresAt: pointLots.expiresAt,
        })
        .from(pointLots)
        .where(and(anyUuid(pointLots.memberId, ids), gt(pointLots.remaining, 0), gt(pointLots.expiresAt, new Date(at))))
        .orderBy(pointLots.memberId, pointLots.expiresAt);
  const visits = !wants("last_visit")
    ? null
    : await q
        .select({ memberId: ledgerEntries.memberId, at: sql<Date | string>`max(${ledgerEntries.occurredAt})` })
        .from(ledgerEntries)
        .where(and(anyUuid(ledgerEntries.memberId, ids), eq(ledgerEntries.kind, "earn")))
        .groupBy(ledgerEntries.memberId);
  const preferences = wants("birthday", "favourite_category", "preferred_store");
  const answers = !preferences
    ? []
    : await q
        .select({ memberId: preferenceAnswers.memberId, questionId: preferenceAnswers.questionId, value: preferenceAnswers.value })
        .from(preferenceAnswers)
        .where(
          and(
            anyUuid(preferenceAnswers.memberId, ids),
            inArray(preferenceAnswers.questionId, ["birthday", "favourite_categories", "preferred_store"]),
          ),
        );
  const form = preferences ? await currentForm(q, brandId) : null;
  // The brand's own tier names: a brand that renamed its tiers sends its names, not the defaults.
  const { tierRules } = await loyaltySettingsOf(q, brandId);
  const [brand] = wants("deep_link") ? await q.select({ miniAppUrl: brands.miniAppUrl }).from(brands).where(eq(brands.id, brandId)) : [];
  const storeRows = preferences ? await q.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brandId)) : [];
  const lotOf = new Map((lots ?? []).map((l) => [l.memberId, l]));
  const visitOf = new Map((visits ?? []).map((v) => [v.memberId, new Date(v.at).getTime()]));
  const answersOf = new Map<string, Map<string, AnswerValue>>();
  for (const a of answers) {
    if (!answersOf.has(a.memberId)) answersOf.set(a.memberId, new Map());
    answersOf.get(a.memberId)!.set(a.questionId, a.value);
  }
  for (const m of rows) {
    const lot = lotOf.get(m.id);
    const visit = visitOf.get(m.id);
    out.set(m.id, {
      name: m.name,
      member_no: formatMemberNo(m.seq),
      tier: tierDef(tierRules, m.tier).name.vi,
      points_balance: m.balance,
      ...(lots && { expiring_points: lot?.remaining ?? null, expiring_date: lot ? znsDate(lot.expiresAt.getTime()) : null }),
      ...(visits && { last_visit: visit !== undefined ? znsDate(visit) : null }),
      ...(wants("deep_link") && { deep_link: brand?.miniAppUrl ?? null }),
      ...(form && preferenceValues(answersOf.get(m.id), form, storeRows)),
    });
  }
  return out;
}

/** Template values from the named preference fields (domain/preferences/fields, docs/preference-fields.md). */
function preferenceValues(
  answers: Map<string, AnswerValue> | undefined,
  form: PreferenceForm,
  storeRows: { id: string; name: string }[],
): FieldValues {
  const f = preferenceFields(answers ?? new Map());
  const question = form.questions.find((q) => q.id === "favourite_categories");
  const favourite = f.favourite_categories[0];
  return {
    birthday: f.birthday_day !== null && f.birthday_month !== null ? `${two(f.birthday_day)}/${two(f.birthday_month)}` : null,
    favourite_category: favourite ? (question?.options?.find((o) => o.id === favourite)?.label.vi ?? null) : null,
    preferred_store: f.preferred_store_id !== null ? (storeRows.find((s) => s.id === f.preferred_store_id)?.name ?? null) : null,
  };
}

export async function memberFieldValues(tx: Tx, memberId: string, at: number, extras: FieldValues = {}): Promise<FieldValues> {
  const [m] = await tx.select({ brandId: members.brandId }).from(members).where(eq(members.id, memberId));
  if (!m) return extras;
  const values = (await fieldValuesFor(tx, m.brandId, [memberId], at)).get(memberId) ?? {};
  return { ...values, ...extras };
}
