/**
 * What the console reads of feedback cases: the list (oldest first, with SLA colours), one
 * case with everything the manager needs before calling (the answer and its follow-up, the
 * member's tier, recent visits, the transaction), and the metrics.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  FEEDBACK_RESPONSE_KINDS,
  type CaseDetail,
  type CaseEventView,
  type CaseList,
  type CaseMetrics,
  type CaseSummary,
  type FeedbackResponseKind,
  type MyFeedbackResponses,
} from "../../../contract/cases";
import { CASE_LIMITS } from "../../../domain/cases/lifecycle";
import { slaOf } from "../../../domain/cases/sla";
import type { Db, Tx } from "../../db/client";
import {
  caseEvents,
  feedbackCases,
  ledgerEntries,
  members,
  stores,
  surveyAnswers,
  surveyVersions,
  users,
  znsTemplates,
} from "../../db/schema";
import { mayContactMember } from "../preferences/consents";
import { caseCountsByStore } from "./case-counts";

const assignee = alias(users, "assignee");
const memberUser = alias(users, "member_user");

const summaryColumns = {
  c: feedbackCases,
  storeName: stores.name,
  memberName: memberUser.displayName,
  tier: members.tier,
  assigneeName: assignee.displayName,
  comment: surveyAnswers.comment,
};
type SummaryRow = {
  c: typeof feedbackCases.$inferSelect;
  storeName: string | null;
  memberName: string | null;
  tier: (typeof members.$inferSelect)["tier"] | null;
  assigneeName: string | null;
  comment: string | null;
};

function summaries(q: Db | Tx) {
  return q
    .select(summaryColumns)
    .from(feedbackCases)
    .innerJoin(members, eq(members.id, feedbackCases.memberId))
    .innerJoin(memberUser, eq(memberUser.id, members.userId))
    .leftJoin(stores, eq(stores.id, feedbackCases.storeId))
    .leftJoin(assignee, eq(assignee.id, feedbackCases.assignedTo))
    .leftJoin(surveyAnswers, eq(surveyAnswers.id, feedbackCases.currentAnswerId));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSummary(row: SummaryRow, now: number): CaseSummary {
  const { c } = row;
  return {
    id: c.id,
    store: c.storeId ? { id: c.storeId, name: row.storeName ?? "" } : null,
    member: { id: c.memberId, name: row.memberName ?? "", tier: row.tier ?? "member" },
    kind: c.kind,
    score: c.score,
    band: c.band,
    openedScore: c.openedScore,
    answerChanged: c.answerChangedAt !== null,
    comment: row.comment,
    status: c.status,
    outcome: c.outcome,
    openedAt: c.openedAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    firstResponseAt: iso(c.firstResponseAt),
    closedAt: iso(c.closedAt),
    sla: slaOf({ openedAt: c.openedAt.getTime(), dueAt: c.dueAt.getTime(), closedAt: c.closedAt?.getTime() ?? null }, now),
    assignedTo: c.assignedTo ? { id: c.assignedTo, name: row.assigneeName ?? "" } : null,
  };
}

export async function caseSummary(q: Db | Tx, brandId: string, caseId: string, now: number): Promise<CaseSummary | null> {
  const [row] = await summaries(q).where(and(eq(feedbackCases.brandId, brandId), eq(feedbackCases.id, caseId)));
  return row ? toSummary(row, now) : null;
}

export async function listCases(
  db: Db,
  brandId: string,
  now: number,
  query: {
    storeId?: string | undefined;
    status: "unclosed" | "open" | "contacted" | "closed";
    overdue?: boolean | undefined;
    limit: number;
  },
): Promise<CaseList> {
  const conditions: SQL[] = [eq(feedbackCases.brandId, brandId)];
  if (query.status === "unclosed") conditions.push(isNull(feedbackCases.closedAt));
  else if (query.status === "closed") conditions.push(isNotNull(feedbackCases.closedAt));
  else conditions.push(eq(feedbackCases.status, query.status));
  if (query.storeId) conditions.push(eq(feedbackCases.storeId, query.storeId));
  if (query.overdue) conditions.push(isNull(feedbackCases.closedAt), lte(feedbackCases.dueAt, new Date(now)));
  const where = and(...conditions);
  const order =
    query.status === "closed"
      ? [desc(feedbackCases.closedAt), desc(feedbackCases.id)]
      : [asc(feedbackCases.openedAt), asc(feedbackCases.id)];
  const [rows, [total], brandStores, counts] = await Promise.all([
    summaries(db)
      .where(where)
      .orderBy(...order)
      .limit(query.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(feedbackCases)
      .where(where),
    db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brandId)).orderBy(asc(stores.name)),
    caseCountsByStore(db, brandId, now),
  ]);
  const byStore = new Map(counts.map((c) => [c.storeId, c]));
  return {
    items: rows.map((r) => toSummary(r, now)),
    total: Number(total?.n ?? 0),
    stores: brandStores.map((s) => ({ ...s, open: byStore.get(s.id)?.open ?? 0, overdue: byStore.get(s.id)?.overdue ?? 0 })),
  };
}

export async function caseEventsOf(q: Db | Tx, caseId: string): Promise<CaseEventView[]> {
  const rows = await q
    .select({ e: caseEvents, actorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.seq))
    .limit(CASE_LIMITS.historyEvents);
  return rows.map(({ e, actorName }) => toEventView(e, actorName));
}

export function toEventView(e: typeof caseEvents.$inferSelect, actorName: string | null): CaseEventView {
  return {
    id: e.id,
    kind: e.kind,
    at: e.at.toISOString(),
    actor: e.actorId ? { id: e.actorId, name: actorName ?? "" } : null,
    note: e.note,
    outcome: e.outcome,
    messageId: e.messageId,
    voucherId: e.voucherId,
    fromScore: e.fromScore,
    toScore: e.toScore,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The brand's care templates a case may send: active, customer-care, not an automatic message's. */
export async function careTemplatesOf(q: Db | Tx, brandId: string) {
  return q
    .select()
    .from(znsTemplates)
    .where(
      and(
        eq(znsTemplates.brandId, brandId),
        eq(znsTemplates.active, true),
        eq(znsTemplates.tag, "customer_care"),
        isNull(znsTemplates.trigger),
      ),
    )
    .orderBy(asc(znsTemplates.name), asc(znsTemplates.id));
}

export async function caseDetail(db: Db, brandId: string, caseId: string, now: number): Promise<CaseDetail | null> {
  const summary = await caseSummary(db, brandId, caseId, now);
  if (!summary) return null;
  const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
  const [answer] = await db.select().from(surveyAnswers).where(eq(surveyAnswers.id, c!.currentAnswerId));
  const [version] = answer
    ? await db
        .select({ definition: surveyVersions.definition })
        .from(surveyVersions)
        .where(and(eq(surveyVersions.surveyId, answer.surveyId), eq(surveyVersions.version, answer.surveyVersion)))
    : [];
  const def = version?.definition;
  const labels = new Map((def?.followUps[answer?.band ?? c!.band]?.reasons ?? []).map((r) => [r.id, r.label]));

  const ref = c!.transactionRef;
  const [transaction] =
    ref && UUID_RE.test(ref)
      ? await db
          .select({ e: ledgerEntries, storeName: stores.name })
          .from(ledgerEntries)
          .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
          .where(and(eq(ledgerEntries.id, ref), eq(ledgerEntries.brandId, brandId), eq(ledgerEntries.memberId, c!.memberId)))
      : [];
  const visits = await db
    .select({ e: ledgerEntries, storeName: stores.name })
    .from(ledgerEntries)
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .where(and(eq(ledgerEntries.memberId, c!.memberId), eq(ledgerEntries.kind, "earn")))
    .orderBy(desc(ledgerEntries.occurredAt))
    .limit(CASE_LIMITS.recentVisits);
  const [events, templates, care] = await Promise.all([
    caseEventsOf(db, caseId),
    careTemplatesOf(db, brandId),
    mayContactMember(db, c!.memberId, "zns_care", now),
  ]);
  const named = (id: string | null, name: string | null) => (id ? { id, name: name ?? "" } : null);
  return {
    ...summary,
    answer: {
      id: c!.currentAnswerId,
      surveyId: c!.surveyId,
      question: def?.question ?? { vi: "", en: "" },
      touchpoint: answer?.touchpoint ?? def?.touchpoint ?? "general",
      answeredAt: (answer?.answeredAt ?? c!.openedAt).toISOString(),
      reasons: (answer?.reasons ?? []).map((id) => ({ id, label: labels.get(id) ?? { vi: id, en: id } })),
      comment: answer?.comment ?? null,
    },
    transaction: transaction
      ? {
          entryId: transaction.e.id,
          at: transaction.e.occurredAt.toISOString(),
          store: named(transaction.e.storeId, transaction.storeName),
          receiptNo: transaction.e.receiptNo,
          billVnd: transaction.e.billVnd,
          points: transaction.e.points,
        }
      : null,
    recentVisits: visits.map((v) => ({
      at: v.e.occurredAt.toISOString(),
      store: named(v.e.storeId, v.storeName),
      billVnd: v.e.billVnd,
      points: v.e.points,
    })),
    events,
    careTemplates: templates.map((t) => ({ id: t.id, name: t.name, preview: t.preview })),
    careAllowed: care.ok,
  };
}

const DAY_MS = 86_400_000;

/**
 * Time-to-first-response and time-to-close (median and mean, exact, in SQL) of the cases
 * opened in the last `days` days, and the unclosed and overdue counts now, per store.
 */
export async function caseMetrics(db: Db, brandId: string, now: number, days: number): Promise<CaseMetrics> {
  const from = new Date(now - days * DAY_MS);
  const ttfr = sql`extract(epoch from (${feedbackCases.firstResponseAt} - ${feedbackCases.openedAt})) * 1000`;
  const ttc = sql`extract(epoch from (${feedbackCases.closedAt} - ${feedbackCases.openedAt})) * 1000`;
  const figures = {
    opened: sql<number>`count(*)::int`,
    frCount: sql<number>`count(${feedbackCases.firstResponseAt})::int`,
    frMedian: sql<number | null>`round(percentile_cont(0.5) within group (order by ${ttfr}))::float8`,
    frAvg: sql<number | null>`round(avg(${ttfr}))::float8`,
    closeCount: sql<number>`count(${feedbackCases.closedAt})::int`,
    closeMedian: sql<number | null>`round(percentile_cont(0.5) within group (order by ${ttc}))::float8`,
    closeAvg: sql<number | null>`round(avg(${ttc}))::float8`,
  };
  const period = and(eq(feedbackCases.brandId, brandId), sql`${feedbackCases.openedAt} > ${from.toISOString()}::timestamptz`);
  const [perStore, [brand], counts] = await Promise.all([
    db
      .select({ storeId: feedbackCases.storeId, ...figures })
      .from(feedbackCases)
      .where(period)
      .groupBy(feedbackCases.storeId),
    db.select(figures).from(feedbackCases).where(period),
    caseCountsByStore(db, brandId, now),
  ]);
  const storeIds = [...new Set([...perStore.map((r) => r.storeId), ...counts.map((c) => c.storeId)])];
  const known = storeIds.filter((id): id is string => id !== null);
  const names = known.length
    ? new Map(
        (await db.select({ id: stores.id, name: stores.name }).from(stores).where(inArray(stores.id, known))).map((s) => [s.id, s.name]),
      )
    : new Map<string, string>();
  const durations = (count: number, median: number | null, avg: number | null) => ({
    count: Number(count),
    medianMs: median === null ? null : Number(median),
    avgMs: avg === null ? null : Number(avg),
  });
  const shape = (r: typeof brand | undefined) => ({
    opened: Number(r?.opened ?? 0),
    firstResponse: durations(r?.frCount ?? 0, r?.frMedian ?? null, r?.frAvg ?? null),
    close: durations(r?.closeCount ?? 0, r?.closeMedian ?? null, r?.closeAvg ?? null),
  });
  const byStore = new Map(perStore.map((r) => [r.storeId, r]));
  const countOf = new Map(counts.map((c) => [c.storeId, c]));
  return {
    days,
    from: from.toISOString(),
    to: new Date(now).toISOString(),
    brand: {
      ...shape(brand),
      open: counts.reduce((n, c) => n + c.open, 0),
      overdue: counts.reduce((n, c) => n + c.overdue, 0),
    },
    stores: storeIds
      .map((id) => ({
        store: id === null ? null : { id, name: names.get(id) ?? "" },
        ...shape(byStore.get(id)),
        open: countOf.get(id)?.open ?? 0,
        overdue: countOf.get(id)?.overdue ?? 0,
      }))
      .sort((a, b) => (a.store?.name ?? "\uffff").localeCompare(b.store?.name ?? "\uffff", "vi")),
  };
}

/** The member's feedback a store responded to (a contact or a close), newest first. */
export async function myFeedbackResponses(db: Db, memberId: string): Promise<MyFeedbackResponses> {
  const respondedAt = sql`coalesce(${feedbackCases.firstResponseAt}, ${feedbackCases.closedAt})`;
  const rows = await db
    .select({ c: feedbackCases, storeName: stores.name, respondedAt: sql<string>`${respondedAt}` })
    .from(feedbackCases)
    .leftJoin(stores, eq(stores.id, feedbackCases.storeId))
    .where(
      and(
        eq(feedbackCases.memberId, memberId),
        // A contact, or a close that says the store dealt with it; "no action needed" or
        // "unreachable" without a contact was not a response the member received.
        sql`(${feedbackCases.firstResponseAt} is not null or ${feedbackCases.outcome} in ('resolved', 'not_resolved'))`,
      ),
    )
    .orderBy(desc(respondedAt))
    .limit(20);
  const ids = rows.map((r) => r.c.id);
  const done = new Map<string, Set<FeedbackResponseKind>>();
  if (ids.length > 0) {
    const events = await db
      .selectDistinct({ caseId: caseEvents.caseId, kind: caseEvents.kind })
      .from(caseEvents)
      .where(and(inArray(caseEvents.caseId, ids), inArray(caseEvents.kind, ["called", "care_message_queued", "voucher_granted"])));
    for (const e of events) {
      const kind: FeedbackResponseKind = e.kind === "called" ? "called" : e.kind === "voucher_granted" ? "voucher" : "message";
      done.set(e.caseId, (done.get(e.caseId) ?? new Set()).add(kind));
    }
  }
  return {
    items: rows.map((r) => ({
      caseId: r.c.id,
      store: r.c.storeId ? { id: r.c.storeId, name: r.storeName ?? "" } : null,
      kind: r.c.kind,
      answeredAt: r.c.openedAt.toISOString(),
      respondedAt: new Date(r.respondedAt).toISOString(),
      responses: FEEDBACK_RESPONSE_KINDS.filter((k) =>
        k === "resolved" ? r.c.outcome === "resolved" : (done.get(r.c.id)?.has(k) ?? false),
      ),
    })),
  };
}
