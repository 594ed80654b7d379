/**
 * Close the loop (issue 13): a low answer (a band with `opensCase`, domain/surveys/kinds) opens
 * a case for the store's manager, who contacts the member and closes it with an outcome.
 * Pure: times are epoch ms passed in. docs/decisions/0028-feedback-cases.md.
 *
 *   open ──contact──► contacted ──close(outcome)──► closed ──reopen──► contacted | open
 *     └──────────────close(outcome)───────────────────┘
 *
 * A contact is something the member notices: a call, a care message, an apology voucher. An
 * internal note is not: it keeps the case where it is. The first contact stamps the
 * time-to-first-response once; reopening keeps it (the member was contacted) and clears the
 * close, so time-to-close measures the last close.
 */

export const CASE_STATUSES = ["open", "contacted", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How a case ended, as the manager records it. */
export const CASE_OUTCOMES = ["resolved", "not_resolved", "unreachable", "no_action_needed"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** What the case's history holds, append-only. */
export const CASE_EVENT_KINDS = [
  "opened",
  "note",
  "called",
  "care_message_queued",
  "voucher_granted",
  "answer_changed",
  "closed",
  "reopened",
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** What a manager does to a case; `opened` and `answer_changed` come from the answer, not from a person. */
export type CaseAction =
  | { kind: "note" }
  | { kind: "called" }
  | { kind: "care_message_queued" }
  | { kind: "voucher_granted" }
  | { kind: "closed"; outcome: CaseOutcome }
  | { kind: "reopened" };

/** The actions the member notices: the first of them is the first response. */
export const CONTACT_KINDS: readonly CaseEventKind[] = ["called", "care_message_queued", "voucher_granted"];
export const isContact = (kind: CaseEventKind) => CONTACT_KINDS.includes(kind);

export type CaseTimes = {
  openedAt: number;
  firstResponseAt: number | null;
  closedAt: number | null;
  outcome: CaseOutcome | null;
};

export function statusOf(c: Pick<CaseTimes, "firstResponseAt" | "closedAt">): CaseStatus {
  if (c.closedAt !== null) return "closed";
  return c.firstResponseAt !== null ? "contacted" : "open";
}

export type CaseRefusal = "case_closed" | "case_not_closed";

/**
 * The case after `action` at `at`, or why it cannot happen: nothing but reopening is done to a
 * closed case (the outcome would no longer describe it), and only a closed case reopens.
 */
export function applyAction(
  c: CaseTimes,
  action: CaseAction,
  at: number,
): { ok: true; next: CaseTimes } | { ok: false; code: CaseRefusal } {
  const closed = c.closedAt !== null;
  if (action.kind === "reopened") {
    if (!closed) return { ok: false, code: "case_not_closed" };
    return { ok: true, next: { ...c, closedAt: null, outcome: null } };
  }
  if (closed) return { ok: false, code: "case_closed" };
  // A clock that stepped back never puts a response before the opening (durations stay ≥ 0).
  const when = Math.max(at, c.openedAt);
  if (action.kind === "closed") return { ok: true, next: { ...c, closedAt: when, outcome: action.outcome } };
  if (isContact(action.kind) && c.firstResponseAt === null) return { ok: true, next: { ...c, firstResponseAt: when } };
  return { ok: true, next: c };
}

/** Milliseconds from opening to the first contact; null while there has been none. */
export const timeToFirstResponse = (c: CaseTimes): number | null => (c.firstResponseAt === null ? null : c.firstResponseAt - c.openedAt);

/** Milliseconds from opening to the (last) close; null while open. */
export const timeToClose = (c: CaseTimes): number | null => (c.closedAt === null ? null : c.closedAt - c.openedAt);

/**
 * What a changed answer does to the case it opened (the member may change a score for 10
 * minutes, decision 0026). The case stays: the member was unhappy a moment ago, and a manager
 * may already have called. It follows the current answer (score, band, follow-up) and says it
 * changed; a change to a score that would not open a case does not close it — the manager
 * decides (usually close with no_action_needed). `reopen` never happens: a closed case stays
 * closed, the change is only recorded.
 */
export type AnswerChange = { fromScore: number; toScore: number; stillOpensCase: boolean };

/** Limits of the case endpoints (every list has one). */
export const CASE_LIMITS = {
  noteLength: 1000,
  pageSize: 50,
  maxPageSize: 200,
  recentVisits: 5,
  historyEvents: 100,
} as const;
