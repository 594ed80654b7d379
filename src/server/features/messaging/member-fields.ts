/** A member's values for template parameters (domain/messaging MEMBER_FIELDS), read at enqueue time. */
import { and, desc, eq, gt } from "drizzle-orm";
import { DEFAULT_TIER_RULES, tierDef, type TierCode } from "../../../domain/loyalty/tiers";
import { vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { FieldValues } from "../../../domain/messaging/zns-template";
import type { AnswerValue, Question } from "../../../domain/preferences/form";
import type { Tx } from "../../db/client";
import { ledgerEntries, members, pointLots, stores, users } from "../../db/schema";
import { formatMemberNo } from "../members/cards";
import { answersOf } from "../preferences/answers";
import { currentForm } from "../preferences/forms";

const two = (n: number) => String(n).padStart(2, "0");
/** ZNS "time" values: dd/mm/yyyy (zalo-platform.md §4.3). */
export const znsDate = (ms: number) => {
  const d = vietnamDate(ms);
  return `${two(d.day)}/${two(d.month)}/${d.year}`;
};

export async function memberFieldValues(tx: Tx, memberId: string, at: number, extras: FieldValues = {}): Promise<FieldValues> {
  const [m] = await tx
    .select({ brandId: members.brandId, seq: members.memberSeq, tier: members.tier, balance: members.pointsBalance, name: users.displayName })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.id, memberId));
  if (!m) return extras;
  const [[lot], [visit], answers, form] = await Promise.all([
    tx
      .select({ remaining: pointLots.remaining, expiresAt: pointLots.expiresAt })
      .from(pointLots)
      .where(and(eq(pointLots.memberId, memberId), gt(pointLots.remaining, 0), gt(pointLots.expiresAt, new Date(at))))
      .orderBy(pointLots.expiresAt)
      .limit(1),
    tx.select({ at: ledgerEntries.occurredAt }).from(ledgerEntries).where(and(eq(ledgerEntries.memberId, memberId), eq(ledgerEntries.kind, "earn"))).orderBy(desc(ledgerEntries.occurredAt)).limit(1),
    answersOf(tx, memberId),
    currentForm(tx, m.brandId),
  ]);
  const birthday = answers.get("birthday")?.value;
  const favourite = answers.get("favourite_categories")?.value;
  const store = answers.get("preferred_store")?.value;
  const optionLabel = (q: Question | undefined, v: AnswerValue | undefined) =>
    v?.kind === "multi" && v.optionIds[0] ? (q?.options?.find((o) => o.id === v.optionIds[0])?.label.vi ?? null) : null;
  let storeName: string | null = null;
  if (store?.kind === "store") [{ name: storeName } = { name: null }] = await tx.select({ name: stores.name }).from(stores).where(eq(stores.id, store.storeId));
  return {
    name: m.name,
    member_no: formatMemberNo(m.seq),
    tier: tierDef(DEFAULT_TIER_RULES, m.tier as TierCode).name.vi,
    points_balance: m.balance,
    expiring_points: lot?.remaining ?? null,
    expiring_date: lot ? znsDate(lot.expiresAt.getTime()) : null,
    birthday: birthday?.kind === "birthday" ? `${two(birthday.day)}/${two(birthday.month)}` : null,
    favourite_category: optionLabel(form.questions.find((q) => q.id === "favourite_categories"), favourite),
    preferred_store: storeName,
    last_visit: visit ? znsDate(visit.at.getTime()) : null,
    ...extras,
  };
}
