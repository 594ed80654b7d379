import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { Uuid } from "../../../contract/common";
import { ConsoleForm, MemberConsentsView, MemberPreferencesView, PreferenceStats, PublishFormRequest } from "../../../contract/preferences";
import { CONSENT_PURPOSES, consentStates } from "../../../domain/consent/purposes";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { answerText, formProgress, validateForm, type Question } from "../../../domain/preferences/form";
import { isUniqueViolation, type Db } from "../../db/client";
import { members, preferenceAnswers, preferenceForms, privacyRequests, stores, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { answersOf } from "./answers";
import { consentHistory, eventView, zaloAnswersOf } from "./consents";
import { allForms, currentForm } from "./forms";

const tags = ["Preferences & privacy (console)"];
const MemberParam = z.object({ id: Uuid });

const getForm = defineRoute({
  method: "get",
  path: "/console/preferences/form",
  tags,
  summary: "The brand's current preference form and its version history",
  access: CONSOLE_ROLES,
  responses: { 200: json(ConsoleForm, "Form") },
});

const putForm = defineRoute({
  method: "put",
  path: "/console/preferences/form",
  tags,
  summary: "Publish a new version of the preference form; answers to older versions stay valid",
  access: MANAGERS,
  request: jsonBody(PublishFormRequest),
  responses: {
    200: json(ConsoleForm, "Published"),
    409: errorResponse("form_version_conflict: another version was published since basedOnVersion"),
    422: errorResponse("form_invalid, with issues"),
  },
});

const getStats = defineRoute({
  method: "get",
  path: "/console/preferences/stats",
  tags,
  summary: "Completion rates and answer distributions of the preference form",
  access: CONSOLE_ROLES,
  responses: { 200: json(PreferenceStats, "Stats") },
});

const getMemberPreferences = defineRoute({
  method: "get",
  path: "/console/members/{id}/preferences",
  tags,
  summary: "A member's preference answers, in words, with the form version each was given for",
  access: CONSOLE_ROLES,
  request: { params: MemberParam },
  responses: { 200: json(MemberPreferencesView, "Answers"), 404: errorResponse("member_not_found") },
});

const getMemberConsents = defineRoute({
  method: "get",
  path: "/console/members/{id}/consents",
  tags,
  summary: "A member's consent state per purpose, full history, Zalo prompt answers and privacy requests",
  access: CONSOLE_ROLES,
  request: { params: MemberParam },
  responses: { 200: json(MemberConsentsView, "Consents"), 404: errorResponse("member_not_found") },
});

async function consoleForm(db: Db, brandId: string): Promise<ConsoleForm> {
  const current = await currentForm(db, brandId);
  const rows = await db
    .select({ version: preferenceForms.version, createdAt: preferenceForms.createdAt, questions: preferenceForms.questions, by: users.displayName })
    .from(preferenceForms)
    .leftJoin(users, eq(users.id, preferenceForms.createdBy))
    .where(eq(preferenceForms.brandId, brandId))
    .orderBy(desc(preferenceForms.version));
  return {
    current,
    versions: rows.map((r) => ({ version: r.version, createdAt: r.createdAt.toISOString(), createdBy: r.by, questions: (r.questions as Question[]).length })),
  };
}


async function memberInBrand(db: Db, id: string, brandId: string) {
  const [m] = await db
    .select({ id: members.id, brandId: members.brandId, userId: members.userId, completedAt: members.profileCompletedAt, erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, id), eq(members.brandId, brandId)));
  return m ?? null;
}

async function stats(db: Db, brandId: string): Promise<PreferenceStats> {
  const current = await currentForm(db, brandId);
  const forms = await allForms(db, brandId);
  const active = and(eq(members.brandId, brandId), isNull(members.erasedAt));
  const counted = current.questions.filter((q) => !q.optional).map((q) => q.id);
  const [[totalRow], [startedRow], [completedRow], perQuestion, singles, multis, months] = await Promise.all([
    db.select({ total: sql<number>`count(*)::int` }).from(members).where(active),
    db.select({ started: sql<number>`count(distinct ${preferenceAnswers.memberId})::int` }).from(preferenceAnswers).innerJoin(members, eq(members.id, preferenceAnswers.memberId)).where(active),
    db.execute<{ completed: number }>(sql`
      select count(*)::int as completed from (
        select a.member_id from preference_answers a join members m on m.id = a.member_id
        where m.brand_id = ${brandId} and m.erased_at is null and a.question_id in ${counted.length ? sql`(${sql.join(counted.map((id) => sql`${id}`), sql`, `)})` : sql`(null)`}
        group by a.member_id having count(*) = ${counted.length}
      ) done`).then((r) => ((r as { rows?: { completed: number }[] }).rows ?? (r as unknown as { completed: number }[]))),
    db
      .select({ questionId: preferenceAnswers.questionId, n: sql<number>`count(*)::int` })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(active)
      .groupBy(preferenceAnswers.questionId),
    db
      .select({ questionId: preferenceAnswers.questionId, option: sql<string>`${preferenceAnswers.value}->>'optionId'`, n: sql<number>`count(*)::int` })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(and(active, sql`${preferenceAnswers.value}->>'kind' = 'single'`))
      .groupBy(preferenceAnswers.questionId, sql`2`),
    db.execute<{ question_id: string; option: string; n: number }>(sql`
      select a.question_id, o.option, count(*)::int as n
      from preference_answers a join members m on m.id = a.member_id
      cross join lateral jsonb_array_elements_text(a.value->'optionIds') as o(option)
      where m.brand_id = ${brandId} and m.erased_at is null and a.value->>'kind' = 'multi'
      group by 1, 2`).then((r) => ((r as { rows?: { question_id: string; option: string; n: number }[] }).rows ?? (r as unknown as { question_id: string; option: string; n: number }[]))),
    db
      .select({ questionId: preferenceAnswers.questionId, month: sql<number>`(${preferenceAnswers.value}->>'month')::int`, n: sql<number>`count(*)::int` })
      .from(preferenceAnswers)
      .innerJoin(members, eq(members.id, preferenceAnswers.memberId))
      .where(and(active, sql`${preferenceAnswers.value}->>'kind' = 'birthday'`))
      .groupBy(preferenceAnswers.questionId, sql`2`),
  ]);
  // The store question: one bar per store of the brand, named as the store is.
  const storeRows = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brandId)).orderBy(stores.name);
  const storeCounts = await db
    .select({ questionId: preferenceAnswers.questionId, store: sql<string>`${preferenceAnswers.value}->>'storeId'`, n: sql<number>`count(*)::int` })
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
            ? storeRows.map((st) => ({ id: st.id, label: { vi: st.name, en: st.name }, count: storeCounts.find((c) => c.questionId === q.id && c.store === st.id)?.n ?? 0 }))
            : [];
      if (q.kind !== "birthday") return { ...base, options };
      const byMonth = Array.from({ length: 12 }, (_, i) => months.find((m) => m.questionId === q.id && m.month === i + 1)?.n ?? 0);
      return { ...base, options, months: byMonth };
    }),
  };
}

export const preferenceConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getForm, async (c) => {
    const { database } = c.get("deps");
    return c.json(await consoleForm(database.db, c.get("auth").brandId), 200);
  })
  .openapi(putForm, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const forms = await allForms(database.db, auth.brandId);
    const latest = forms[0]?.version ?? (await currentForm(database.db, auth.brandId)).version;
    if (body.basedOnVersion !== latest) return fail(c, "form_version_conflict", `Version ${latest} was published after the one you edited (${body.basedOnVersion}).`);
    const problems = validateForm(body.questions, forms.flatMap((f) => f.questions));
    if (problems.length) return fail(c, "form_invalid", "The form cannot be published as it is.", problems.slice(0, 50));
    try {
      await database.db.insert(preferenceForms).values({ brandId: auth.brandId, version: latest + 1, questions: body.questions, createdBy: auth.userId, createdAt: new Date(now()) });
    } catch (error) {
      // Two managers publishing on the same base: the version's primary key lets one through.
      if (isUniqueViolation(error)) return fail(c, "form_version_conflict", "Another version was published at the same moment.");
      throw error;
    }
    return c.json(await consoleForm(database.db, auth.brandId), 200);
  })
  .openapi(getStats, async (c) => c.json(await stats(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(getMemberPreferences, async (c) => {
    const { database } = c.get("deps");
    const m = await memberInBrand(database.db, c.req.valid("param").id, c.get("auth").brandId);
    if (!m) return fail(c, "member_not_found", "No such member.");
    const [current, forms, answers, storeRows] = await Promise.all([
      currentForm(database.db, m.brandId),
      allForms(database.db, m.brandId),
      answersOf(database.db, m.id),
      database.db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, m.brandId)),
    ]);
    const storeName = (id: string) => storeRows.find((s) => s.id === id)?.name;
    const order = (id: string) => {
      const i = current.questions.findIndex((q) => q.id === id);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    return c.json(
      {
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
      },
      200,
    );
  })
  .openapi(getMemberConsents, async (c) => {
    const { database, now } = c.get("deps");
    const m = await memberInBrand(database.db, c.req.valid("param").id, c.get("auth").brandId);
    if (!m) return fail(c, "member_not_found", "No such member.");
    const [history, zalo, requests] = await Promise.all([
      consentHistory(database.db, m.userId),
      zaloAnswersOf(database.db, m.userId),
      database.db.select().from(privacyRequests).where(eq(privacyRequests.userId, m.userId)).orderBy(asc(privacyRequests.createdAt)),
    ]);
    const states = consentStates(history, now());
    return c.json(
      {
        purposes: CONSENT_PURPOSES.map((p) => ({
          purpose: p,
          granted: states[p].granted,
          since: states[p].since === null ? null : new Date(states[p].since!).toISOString(),
          wordingVersion: states[p].wordingVersion,
        })),
        history: [...history].reverse().map(eventView),
        zaloAnswers: zalo,
        privacyRequests: requests.map((r) => ({ kind: r.kind, at: r.createdAt.toISOString() })),
        erasedAt: m.erasedAt?.toISOString() ?? null,
      },
      200,
    );
  });
