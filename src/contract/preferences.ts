import { z } from "zod";
import { CONSENT_PURPOSES, PRIVACY_REQUEST_KINDS, ZALO_OUTCOMES, ZALO_PERMISSIONS } from "../domain/consent/purposes";
import { FORM_LIMITS, QUESTION_KINDS } from "../domain/preferences/form";
import { Instant, Uuid } from "./common";
import { text } from "./text";

// ── Preference forms ────────────────────────────────────────────────────────────────────────

/** Structure only; the form's own rules (standard questions, option counts…) are validateForm's. */
export const Localized = z
  .object({ vi: text().max(FORM_LIMITS.helpLength), en: text().max(FORM_LIMITS.helpLength) })
  .meta({ id: "Localized" });
const Slug = text().regex(FORM_LIMITS.idPattern);

export const Question = z
  .object({
    id: Slug,
    kind: z.enum(QUESTION_KINDS),
    label: Localized,
    help: Localized.optional(),
    options: z
      .array(z.object({ id: Slug, label: Localized }))
      .max(FORM_LIMITS.options)
      .optional(),
    maxChoices: z.number().int().positive().optional(),
    maxLength: z.number().int().positive().optional(),
    optional: z.boolean().optional(),
  })
  .meta({ id: "Question" });
export type Question = z.infer<typeof Question>;

export const PreferenceForm = z
  .object({ version: z.number().int().positive(), questions: z.array(Question).max(FORM_LIMITS.questions) })
  .meta({ id: "PreferenceForm" });
export type PreferenceForm = z.infer<typeof PreferenceForm>;

export const AnswerValue = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("birthday"), day: z.number().int(), month: z.number().int() }),
    z.object({ kind: z.literal("single"), optionId: text().max(40) }),
    z.object({ kind: z.literal("multi"), optionIds: z.array(text().max(40)).max(FORM_LIMITS.options) }),
    z.object({ kind: z.literal("store"), storeId: Uuid }),
    // Longer than any form allows, so the domain answers "too long" with the form's own limit.
    z.object({ kind: z.literal("text"), text: text().max(FORM_LIMITS.textMaxLength * 4) }),
  ])
  .meta({ id: "AnswerValue" });
export type AnswerValue = z.infer<typeof AnswerValue>;

export const StoredAnswer = z
  .object({ value: AnswerValue, formVersion: z.number().int(), updatedAt: Instant })
  .meta({ id: "StoredAnswer" });

export const MyPreferences = z
  .object({
    form: PreferenceForm,
    /** By question id; answers given for an older version keep that version. */
    answers: z.record(z.string(), StoredAnswer),
    progress: z.object({ answered: z.number().int(), total: z.number().int(), complete: z.boolean() }),
    /** The one-time bonus for completing the profile, and whether it was paid. */
    bonus: z.object({ points: z.number().int(), paid: z.boolean() }),
    stores: z.array(z.object({ id: Uuid, name: z.string() })),
  })
  .meta({ id: "MyPreferences" });
export type MyPreferences = z.infer<typeof MyPreferences>;

export const SaveAnswerRequest = z
  .object({
    /** The form version the member was shown: the answer is validated against it. */
    formVersion: z.number().int().positive(),
    /** null clears the answer. */
    value: AnswerValue.nullable(),
  })
  .meta({ id: "SaveAnswerRequest" });

export const SaveAnswerResponse = MyPreferences.extend({
  /** Points credited by this save (the profile bonus), else 0. */
  bonusCredited: z.number().int(),
}).meta({ id: "SaveAnswerResponse" });
export type SaveAnswerResponse = z.infer<typeof SaveAnswerResponse>;

// ── Consent centre ──────────────────────────────────────────────────────────────────────────

export const ConsentPurposeSchema = z.enum(CONSENT_PURPOSES);
export const ZaloPermissionSchema = z.enum(ZALO_PERMISSIONS);
export const ZaloOutcome = z.enum(ZALO_OUTCOMES);

export const ConsentEventView = z
  .object({
    purpose: ConsentPurposeSchema,
    granted: z.boolean(),
    wordingVersion: z.string(),
    channel: z.string(),
    at: Instant,
  })
  .meta({ id: "ConsentEvent" });

export const ZaloAnswerView = z
  .object({ purpose: ConsentPurposeSchema, permission: ZaloPermissionSchema, outcome: ZaloOutcome, at: Instant })
  .meta({ id: "ZaloPermissionAnswer" });

export const PurposeView = z
  .object({
    purpose: ConsentPurposeSchema,
    required: z.boolean(),
    zaloPermission: ZaloPermissionSchema.nullable(),
    version: z.string(),
    vi: z.object({ title: z.string(), body: z.string() }),
    en: z.object({ title: z.string(), body: z.string() }),
    granted: z.boolean(),
    since: Instant.nullable(),
    /** The wording version of the current decision; differs from `version` after a rewording. */
    wordingVersion: z.string().nullable(),
    /** Zalo's latest answer to this purpose's prompt, if it was asked. */
    zalo: ZaloOutcome.nullable(),
  })
  .meta({ id: "ConsentPurpose" });

export const MyConsents = z
  .object({
    purposes: z.array(PurposeView),
    /** Newest first, at most 200. */
    history: z.array(ConsentEventView),
    zaloAnswers: z.array(ZaloAnswerView),
    /** The brand's Official Account id, for zmp-sdk interactOA; null when not configured. */
    oaId: z.string().nullable(),
    /** Whether a phone number is on file (the ZNS purposes need one). */
    hasPhone: z.boolean(),
  })
  .meta({ id: "MyConsents" });
export type MyConsents = z.infer<typeof MyConsents>;

export const ConsentRequest = z
  .object({
    purpose: ConsentPurposeSchema,
    /** Must be a real choice: true or false, never defaulted. */
    granted: z.boolean(),
    /** The wording version the member was shown; a stale one is refused (consent_wording_outdated). */
    wordingVersion: text().min(1).max(32),
  })
  .meta({ id: "ConsentRequest" });

export const ZaloAnswerRequest = z
  .object({ purpose: ConsentPurposeSchema, permission: ZaloPermissionSchema, outcome: ZaloOutcome })
  .meta({ id: "ZaloAnswerRequest" });

// ── Privacy rights ──────────────────────────────────────────────────────────────────────────

/**
 * Everything held about the member, as a file they keep. Sections are open records so a
 * feature that adds data (surveys, messages) adds its section without breaking old readers.
 */
export const MemberExport = z
  .looseObject({
    format: z.literal("loyalloop.member-export/1"),
    exportedAt: Instant,
    brand: z.object({ name: z.string() }),
    profile: z.record(z.string(), z.unknown()),
    membership: z.record(z.string(), z.unknown()),
    preferences: z.array(z.record(z.string(), z.unknown())),
    consents: z.array(z.record(z.string(), z.unknown())),
    zaloPermissionAnswers: z.array(z.record(z.string(), z.unknown())),
    ledger: z.array(z.record(z.string(), z.unknown())),
    pointLots: z.array(z.record(z.string(), z.unknown())),
    vouchers: z.array(z.record(z.string(), z.unknown())),
    surveyAnswers: z.array(z.record(z.string(), z.unknown())),
    /** Cases the member's answers opened, with their history; managers' notes as `internalNote`. */
    feedbackCases: z.array(z.record(z.string(), z.unknown())),
    /** Lucky-wheel draws (campaign, time, prize) and the extra plays granted (source, plays). */
    gameDraws: z.array(z.record(z.string(), z.unknown())),
    gamePlays: z.array(z.record(z.string(), z.unknown())),
    messages: z.array(z.record(z.string(), z.unknown())),
    privacyRequests: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: "MemberExport" });
export type MemberExport = z.infer<typeof MemberExport>;

export const EraseRequest = z
  .object({
    /** Must be literally true: the member confirmed on a screen that says what is erased. */
    confirm: z.literal(true),
  })
  .meta({ id: "EraseRequest" });

export const EraseResponse = z
  .object({
    erasedAt: Instant,
    /** Points that could no longer be used and were written off in the ledger. */
    pointsForfeited: z.number().int(),
  })
  .meta({ id: "EraseResponse" });

// ── Console ─────────────────────────────────────────────────────────────────────────────────

export const FormVersionInfo = z.object({
  version: z.number().int(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  questions: z.number().int(),
});

export const ConsoleForm = z.object({ current: PreferenceForm, versions: z.array(FormVersionInfo) }).meta({ id: "ConsoleForm" });
export type ConsoleForm = z.infer<typeof ConsoleForm>;

export const PublishFormRequest = z
  .object({
    /** The version this edit started from; another manager's publish in between → form_version_conflict. */
    basedOnVersion: z.number().int().positive(),
    questions: z.array(Question).max(FORM_LIMITS.questions),
  })
  .meta({ id: "PublishFormRequest" });

export const PreferenceStats = z
  .object({
    formVersion: z.number().int(),
    members: z.number().int(),
    /** Members with at least one answer. */
    started: z.number().int(),
    /** Members whose profile is complete against the current form. */
    completed: z.number().int(),
    questions: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        label: Localized,
        answered: z.number().int(),
        /** Choice questions: count per option (options removed in later versions still listed). */
        options: z.array(z.object({ id: z.string(), label: Localized, count: z.number().int() })),
        /** Birthday: count per month, January first. */
        months: z.array(z.number().int()).optional(),
      }),
    ),
  })
  .meta({ id: "PreferenceStats" });
export type PreferenceStats = z.infer<typeof PreferenceStats>;

export const MemberPreferencesView = z
  .object({
    formVersion: z.number().int(),
    complete: z.boolean(),
    completedAt: Instant.nullable(),
    answers: z.array(
      z.object({
        questionId: z.string(),
        label: Localized,
        text: Localized,
        formVersion: z.number().int(),
        updatedAt: Instant,
      }),
    ),
  })
  .meta({ id: "MemberPreferencesView" });
export type MemberPreferencesView = z.infer<typeof MemberPreferencesView>;

export const MemberConsentsView = z
  .object({
    purposes: z.array(
      z.object({ purpose: ConsentPurposeSchema, granted: z.boolean(), since: Instant.nullable(), wordingVersion: z.string().nullable() }),
    ),
    history: z.array(ConsentEventView),
    zaloAnswers: z.array(ZaloAnswerView),
    privacyRequests: z.array(z.object({ kind: z.enum(PRIVACY_REQUEST_KINDS), at: Instant })),
    erasedAt: Instant.nullable(),
  })
  .meta({ id: "MemberConsentsView" });
export type MemberConsentsView = z.infer<typeof MemberConsentsView>;
