/** The console's reads of preferences and consents: the form, its stats, one member's answers and consents. */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { ConsoleForm, MemberConsentsView, MemberPreferencesView, PreferenceStats } from "../../../contract/preferences";
import { CONSENT_PURPOSES, consentStates } from "../../../domain/consent/purposes";
import { answerText, formProgress } from "../../../domain/preferences/form";
import { queryRows, type Db } from "../../db/client";
import { members, preferenceAnswers, preferenceForms, privacyRequests, stores, users } from "../../db/schema";
import { answersOf } from "./answers";
import { consentHistory, eventView, zaloAnswersOf } from "./consents";
import { allForms, currentForm } from "./forms";

/** The current form and its version history. */
export async function consoleForm(db: Db, brandId: string): Promise<ConsoleForm> {
  const current = await currentForm(db, brandId);
  const rows = await db
    .select({
      version: preferenceForms.version,
      createdAt: preferenceForms.createdAt,
      questions: preferenceForms.questions,
      by: users.displayName,
    })
    .from(preferenceForms)
    .leftJoin(users, eq(users.id, preferenceForms.createdBy))
    .where(eq(preferenceForms.brandId, brandId))
    .orderBy(desc(preferenceForms.version));
  return {
    current,
    versions: rows.map((r) => ({
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.by,
      questions: r.questions.length,
    })),
  };
}

/** A member of the brand (erased ones too), or null. */
export async function memberInBrand(db: Db, id: string, brandId: string) {
  const [m] = await db
    .select({
      id: members.id,
      brandId: members.brandId,
      userId: members.userId,
      completedAt: members.profileCompletedAt,
      erasedAt: members.erasedAt,
    })
    .from(members)
    .where(and(eq(members.id, id), eq(members.brandId, brandId)));
  return m ?? null;
}

/** Completion rates and answer distributions of the form. */
export async function preferenceStats(db: Db, brandId: string): Promise<PreferenceStats> {
  const current = await currentForm(db, brandId);
  const forms = await allForms(db, brandId);
  const active = and(eq(members.brandId, brandId), isNull(members.erasedAt));
  const counted = current.questions.filter((q) => !q.optional).map((q) => q.id);
  const [[totalRow], [startedRow], [completedRow], perQuestion, singles, multis, months] = await Promise.all([
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(members)
      .where(active),
    db
      .select({ started: sql<number>`count(distinct ${preferenceAnswers.memberId})::int` })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(active),
    queryRows<{ completed: number }>(
      db,
      sql`
      select count(*)::int as completed from (
        select a.member_id from preference_answers a join members m on m.id = a.member_id
        where m.brand_id = ${brandId} and m.erased_at is null and a.question_id in ${
          counted.length
            ? sql`(${sql.join(
                counted.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql`(null)`
        }
        group by a.member_id having count(*) = ${counted.length}
      ) done`,
    ),
    db
      .select({ questionId: preferenceAnswers.questionId, n: sql<number>`count(*)::int` })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(active)
      .groupBy(preferenceAnswers.questionId),
    db
      .select({
        questionId: preferenceAnswers.questionId,
        option: sql<string>`${preferenceAnswers.value}->>'optionId'`,
        n: sql<number>`count(*)::int`,
      })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(and(active, sql`${preferenceAnswers.value}->>'kind' = 'single'`))
      .groupBy(preferenceAnswers.questionId, sql`2`),
    queryRows<{ question_id: string; option: string; n: number }>(
      db,
      sql`
      select a.question_id, o.option, count(*)::int as n
      from preference_answers a join members m on m.id = a.member_id
      cross join lateral jsonb_array_elements_text(a.value->'optionIds') as o(option)
      where m.brand_id = ${brandId} and m.erased_at is null and a.value->>'kind' = 'multi'
      group by 1, 2`,
    ),
    db
      .select({
        questionId: preferenceAnswers.questionId,
        month: sql<number>`(${preferenceAnswers.value}->>'month')::int`,
        n: sql<number>`count(*)::int`,
      })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(and(active, sql`${preferenceAnswers.value}->>'kind' = 'birthday'`))
      .groupBy(preferenceAnswers.questionId, sql`2`),
  ]);
  // The store question: one bar per store of the brand, named as the store is.
  const storeRows = await db
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(eq(stores.brandId, brandId))
    .orderBy(stores.name);
  const storeCounts = await db
    .select({
      questionId: preferenceAnswers.questionId,
      store: sql<string>`${preferenceAnswers.value}->>'storeId'`,
      n: sql<number>`count(*)::int`,
    })
    .from(preferenceAnswers)
    .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
    .where(and(active, sql`${preferenceAnswers.value}->>'kind' = 'store'`))
    .groupBy(preferenceAnswers.questionId, sql`2`);
  const counts = new Map<string, number>();
  for (const s of singles) counts.set(`${s.questionId}/${s.option}`, s.n);
  for (const m of multis) counts.set(`${m.question_id}/${m.option}`, m.n);
  // An option removed in a later version is still listed, with the label it last had.
  const labelOf = (qid: string, oid: string) => {
    for (const f of forms) {
      const o = f.questions.find((q) => q.id === qid)?.options?.find((x) => x.id === oid);
      if (o) return o.label;
    }
    return { vi: oid, en: oid };
  };
  return {
    formVersion: current.version,
    members: totalRow?.total ?? 0,
    started: startedRow?.started ?? 0,
    completed: Number(completedRow?.completed ?? 0),
    questions: current.questions.map((q) => {
      const seen = [...counts.keys()].filter((k) => k.startsWith(`${q.id}/`)).map((k) => k.slice(q.id.length + 1));
      const ids = [...(q.options ?? []).map((o) => o.id), ...seen.filter((id) => !q.options?.some((o) => o.id === id))];
      const base = { id: q.id, kind: q.kind, label: q.label, answered: perQuestion.find((p) => p.questionId === q.id)?.n ?? 0 };
      const options =
        q.kind === "single" || q.kind === "multi"
          ? ids.map((id) => ({ id, label: labelOf(q.id, id), count: counts.get(`${q.id}/${id}`) ?? 0 }))
          : q.kind === "store"
            ? storeRows.map((st) => ({
                id: st.id,
                label: { vi: st.name, en: st.name },
                count: storeCounts.find((c) => c.questionId === q.id && c.store === st.id)?.n ?? 0,
              }))
            : [];
      if (q.kind !== "birthday") return { ...base, options };
      const byMonth = Array.from({ length: 12 }, (_, i) => months.find((m) => m.questionId === q.id && m.month === i + 1)?.n ?? 0);
      return { ...base, options, months: byMonth };
    }),
  };
}

/** A member's answers, in words, with the form version each was given for; null when not in this brand. */
export async function memberPreferences(db: Db, brandId: string, memberId: string): Promise<MemberPreferencesView | null> {
  const m = await memberInBrand(db, memberId, brandId);
  if (!m) return null;
  const [current, forms, answers, storeRows] = await Promise.all([
    currentForm(db, m.brandId),
    allForms(db, m.brandId),
    answersOf(db, m.id),
    db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, m.brandId)),
  ]);
  const storeName = (id: string) => storeRows.find((s) => s.id === id)?.name;
  const order = (id: string) => {
    const i = current.questions.findIndex((q) => q.id === id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return {
    formVersion: current.version,
    complete: formProgress(current, new Set(answers.keys())).complete,
    completedAt: m.completedAt?.toISOString() ?? null,
    answers: [...answers]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([questionId, a]) => {
        const q = forms.find((f) => f.version === a.formVersion)?.questions.find((x) => x.id === questionId);
        return {
          questionId,
          label: q?.label ?? { vi: questionId, en: questionId },
          text: { vi: answerText(q, a.value, "vi", storeName), en: answerText(q, a.value, "en", storeName) },
          formVersion: a.formVersion,
          updatedAt: a.updatedAt.toISOString(),
        };
      }),
  };
}

/** A member's consent state per purpose, history, Zalo prompt answers and privacy requests; null when not in this brand. */
export async function memberConsents(db: Db, brandId: string, memberId: string, now: number): Promise<MemberConsentsView | null> {
  const m = await memberInBrand(db, memberId, brandId);
  if (!m) return null;
  const [history, zalo, requests] = await Promise.all([
    consentHistory(db, m.userId),
    zaloAnswersOf(db, m.userId),
    db.select().from(privacyRequests).where(eq(privacyRequests.userId, m.userId)).orderBy(asc(privacyRequests.createdAt)),
  ]);
  const states = consentStates(history, now);
  return {
    purposes: CONSENT_PURPOSES.map((p) => ({
      purpose: p,
      granted: states[p].granted,
      since: states[p].since === null ? null : new Date(states[p].since).toISOString(),
      wordingVersion: states[p].wordingVersion,
    })),
    history: [...history].reverse().map(eventView),
    zaloAnswers: zalo,
    privacyRequests: requests.map((r) => ({ kind: r.kind, at: r.createdAt.toISOString() })),
    erasedAt: m.erasedAt?.toISOString() ?? null,
  };
}
