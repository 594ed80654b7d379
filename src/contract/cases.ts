/**
 * Close the loop (issue 13): feedback cases a low answer opens for the store's manager, their
 * actions and metrics, and what the member sees of them. docs/decisions/0028-feedback-cases.md.
 */
import { z } from "zod";
import { CASE_EVENT_KINDS, CASE_LIMITS, CASE_OUTCOMES, CASE_STATUSES } from "../domain/cases/lifecycle";
import { SLA_COLOURS } from "../domain/cases/sla";
import { Instant, TierSchema, Uuid } from "./common";
import { IdempotencyKey } from "./loyalty";
import { BandIdSchema, SurveyKindSchema, TouchpointSchema } from "./surveys";
import { text } from "./text";

export const CaseStatusSchema = z.enum(CASE_STATUSES);
export const CaseOutcomeSchema = z.enum(CASE_OUTCOMES);
export const CaseEventKindSchema = z.enum(CASE_EVENT_KINDS);
export const SlaColourSchema = z.enum(SLA_COLOURS);

const Count = z.number().int().nonnegative();
const Named = z.object({ id: Uuid, name: z.string() });

export const CaseSla = z
  .object({
    colour: SlaColourSchema,
    overdue: z.boolean(),
    /** Elapsed share of the SLA in per mille (1000 = due now). */
    elapsedPermille: z.number().int(),
    /** Milliseconds left until due; negative once overdue. */
    remainingMs: z.number().int(),
  })
  .meta({ id: "CaseSla" });

export const CaseSummary = z
  .object({
    id: Uuid,
    /** null: the answer named no store. */
    store: Named.nullable(),
    member: z.object({ id: Uuid, name: z.string(), tier: TierSchema }),
    kind: SurveyKindSchema,
    /** The current answer's score and band; openedScore is the one that opened the case. */
    score: z.number().int(),
    band: BandIdSchema,
    openedScore: z.number().int(),
    /** The member changed the answer after the case opened (score, follow-up: see the detail). */
    answerChanged: z.boolean(),
    /** The current answer's comment, if any (the list shows its start). */
    comment: z.string().nullable(),
    status: CaseStatusSchema,
    outcome: CaseOutcomeSchema.nullable(),
    openedAt: Instant,
    dueAt: Instant,
    firstResponseAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    sla: CaseSla,
    assignedTo: Named.nullable(),
  })
  .meta({ id: "CaseSummary" });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CASE_LIST_STATUSES = ["unclosed", "open", "contacted", "closed"] as const;

export const CaseListQuery = z.object({
  storeId: Uuid.optional(),
  /** unclosed (default): open and contacted, oldest first; closed: the last closed first. */
  status: z.enum(CASE_LIST_STATUSES).default("unclosed"),
  /** Only cases past their due time and not closed. */
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  limit: z.coerce.number().int().min(1).max(CASE_LIMITS.maxPageSize).default(CASE_LIMITS.pageSize),
});

export const CaseList = z
  .object({
    items: z.array(CaseSummary),
    /** Cases matching the filters (items holds the first `limit`). */
    total: Count,
    /** The brand's stores, for the filter; each with its unclosed and overdue cases. */
    stores: z.array(Named.extend({ open: Count, overdue: Count })),
  })
  .meta({ id: "CaseList" });
export type CaseList = z.infer<typeof CaseList>;

export const CaseEventView = z
  .object({
    id: Uuid,
    kind: CaseEventKindSchema,
    at: Instant,
    /** null: the member's answer did it (opened, answer_changed). */
    actor: Named.nullable(),
    note: z.string().nullable(),
    outcome: CaseOutcomeSchema.nullable(),
    messageId: Uuid.nullable(),
    voucherId: Uuid.nullable(),
    fromScore: z.number().int().nullable(),
    toScore: z.number().int().nullable(),
  })
  .meta({ id: "CaseEvent" });
export type CaseEventView = z.infer<typeof CaseEventView>;

export const CaseDetail = CaseSummary.extend({
  answer: z.object({
    id: Uuid,
    surveyId: Uuid,
    /** The question as the member read it (the answer's survey version). */
    question: z.object({ vi: z.string(), en: z.string() }),
    touchpoint: TouchpointSchema,
    answeredAt: Instant,
    /** Reason ids with their labels from the answer's version. */
    reasons: z.array(z.object({ id: z.string(), label: z.object({ vi: z.string(), en: z.string() }) })),
    comment: z.string().nullable(),
  }),
  /** The transaction the answer was about (the earn at the counter), when the answer was bound to one. */
  transaction: z
    .object({
      entryId: Uuid,
      at: Instant,
      store: Named.nullable(),
      receiptNo: z.string().nullable(),
      billVnd: z.number().int().nullable(),
      points: z.number().int(),
    })
    .nullable(),
  /** The member's latest visits (counter earns), newest first. */
  recentVisits: z.array(z.object({ at: Instant, store: Named.nullable(), billVnd: z.number().int().nullable(), points: z.number().int() })),
  events: z.array(CaseEventView),
  /** The brand's active customer-care templates not tied to an automatic message: what "send a care message" may use. */
  careTemplates: z.array(z.object({ id: Uuid, name: z.string(), preview: z.string() })),
  /** Whether the member may receive a customer-care message now (consent; checked again at send time). */
  careAllowed: z.boolean(),
}).meta({ id: "CaseDetail" });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseIdParam = z.object({ caseId: Uuid });

const Note = text().trim().max(CASE_LIMITS.noteLength);

export const CaseNoteRequest = z
  .object({
    /** note: an internal note; called: the manager called the member (a contact, the first response). */
    kind: z.enum(["note", "called"]),
    note: Note.nullable().optional(),
    idempotencyKey: IdempotencyKey,
  })
  .refine((r) => r.kind === "called" || (r.note ?? "").length > 0, { params: { code: "required" }, path: ["note"] })
  .meta({ id: "CaseNoteRequest" });

export const CaseCareRequest = z
  .object({
    /** One of the detail's careTemplates; absent: the first of them. */
    templateId: Uuid.optional(),
    idempotencyKey: IdempotencyKey,
  })
  .meta({ id: "CaseCareRequest" });

export const CaseVoucherRequest = z.object({ rewardId: Uuid, idempotencyKey: IdempotencyKey }).meta({ id: "CaseVoucherRequest" });

export const CaseCloseRequest = z
  .object({ outcome: CaseOutcomeSchema, note: Note.nullable().optional(), idempotencyKey: IdempotencyKey })
  .meta({ id: "CaseCloseRequest" });

export const CaseReopenRequest = z.object({ idempotencyKey: IdempotencyKey }).meta({ id: "CaseReopenRequest" });

export const CaseActionResponse = z
  .object({
    case: CaseSummary,
    event: CaseEventView,
    /** The same idempotency key was used before: nothing new happened. */
    replayed: z.boolean(),
  })
  .meta({ id: "CaseActionResponse" });
export type CaseActionResponse = z.infer<typeof CaseActionResponse>;

export const CaseMetricsQuery = z.object({
  /** Cases opened in the last `days` days. */
  days: z.coerce.number().int().min(1).max(366).default(30),
});

const Durations = z.object({
  /** Cases of the period with this duration measured. */
  count: Count,
  /** Milliseconds, rounded; null when count is 0. */
  medianMs: z.number().int().nullable(),
  avgMs: z.number().int().nullable(),
});

export const CaseMetrics = z
  .object({
    days: z.number().int(),
    from: Instant,
    to: Instant,
    brand: z.object({ opened: Count, open: Count, overdue: Count, firstResponse: Durations, close: Durations }),
    /** One row per store with cases (store null: answers that named none). */
    stores: z.array(
      z.object({ store: Named.nullable(), opened: Count, open: Count, overdue: Count, firstResponse: Durations, close: Durations }),
    ),
  })
  .meta({ id: "CaseMetrics" });
export type CaseMetrics = z.infer<typeof CaseMetrics>;

// ── Member ──────────────────────────────────────────────────────────────────────────────────

/** What the member is told the store did: called, sent a care message, gave a voucher, resolved. */
export const FEEDBACK_RESPONSE_KINDS = ["called", "message", "voucher", "resolved"] as const;
export type FeedbackResponseKind = (typeof FEEDBACK_RESPONSE_KINDS)[number];

export const MyFeedbackResponses = z
  .object({
    /** The member's feedback a store has responded to (contacted or closed), newest first; at most 20. */
    items: z.array(
      z.object({
        caseId: Uuid,
        store: Named.nullable(),
        kind: SurveyKindSchema,
        answeredAt: Instant,
        respondedAt: Instant,
        /** What the store did, in the order of FEEDBACK_RESPONSE_KINDS (never a manager's note). */
        responses: z.array(z.enum(FEEDBACK_RESPONSE_KINDS)),
      }),
    ),
  })
  .meta({ id: "MyFeedbackResponses" });
export type MyFeedbackResponses = z.infer<typeof MyFeedbackResponses>;
