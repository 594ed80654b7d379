import { z } from "zod";
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, TRIGGER_NAMES } from "../domain/messaging/messages";
import { MEMBER_FIELDS, ZNS_PARAM_TYPES, ZNS_TAGS, ZNS_TEMPLATE_KINDS } from "../domain/messaging/zns-template";
import { OA_CONNECT_RESULTS, OA_DISCONNECT_REASONS, OA_STATES } from "../domain/messaging/oa-connection";
import { Instant, Uuid } from "./common";
import { Problem } from "./problems";
import { nameText, text } from "./text";

export const TemplateParamSchema = z
  .object({
    name: text().min(1).max(40),
    type: z.enum(Object.keys(ZNS_PARAM_TYPES) as [keyof typeof ZNS_PARAM_TYPES, ...(keyof typeof ZNS_PARAM_TYPES)[]]),
    source: z.union([z.object({ field: z.enum(MEMBER_FIELDS) }), z.object({ fixed: text().max(200) })]),
    fallback: text().max(200).optional(),
  })
  .meta({ id: "TemplateParam" });

export const TemplateInput = z
  .object({
    name: nameText().min(1).max(120),
    znsTemplateId: text().min(1).max(40),
    tag: z.enum(ZNS_TAGS),
    /** Zalo's template type: custom (1) or service rating (5, stars drawn by Zalo; docs/zalo.md#zns-rating). */
    kind: z.enum(ZNS_TEMPLATE_KINDS).default("custom"),
    params: z.array(TemplateParamSchema).min(1).max(20),
    preview: text().min(1).max(1000),
    /** The automatic message it serves; at most one template per trigger. */
    trigger: z.enum(TRIGGER_NAMES).nullable(),
    active: z.boolean().default(true),
  })
  .meta({ id: "TemplateInput" });
export type TemplateInput = z.infer<typeof TemplateInput>;

export const StatusCounts = z.object(
  Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof MESSAGE_STATUSES)[number], z.ZodNumber>,
);

export const TemplateView = TemplateInput.extend({ id: Uuid, createdAt: Instant, counts: StatusCounts }).meta({ id: "TemplateView" });
export type TemplateView = z.infer<typeof TemplateView>;
export const TemplateList = z.object({ items: z.array(TemplateView) }).meta({ id: "TemplateList" });

export const MessageQuery = z.object({
  status: z.enum(MESSAGE_STATUSES).optional(),
  /** trigger:welcome, campaign:…, test */
  source: text().max(80).optional(),
  templateId: Uuid.optional(),
  /** The last error code, exactly, e.g. zns_-118 (the console's reason filter). */
  error: text().max(40).optional(),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Paging: the `nextBefore` cursor of the previous page, passed back as it came (opaque). */
  before: text().min(1).max(100).optional(),
});

export const MessageView = z
  .object({
    id: Uuid,
    memberId: Uuid,
    memberName: z.string(),
    memberNo: z.string(),
    templateId: Uuid,
    templateName: z.string(),
    tag: z.enum(ZNS_TAGS),
    source: z.string(),
    /** ZNS, or a Mini App notification (docs/messaging.md "Channels"). */
    channel: z.enum(MESSAGE_CHANNELS),
    status: z.enum(MESSAGE_STATUSES),
    attempts: z.number().int(),
    /** A code: consent_withdrawn, zns_-118, render_invalid… (domain/messaging/message-errors.ts). */
    lastError: z.string().nullable(),
    /** Sent by ZNS in place of the Mini App notification it was queued as ("notification first"): why, a code as lastError's. */
    fallbackReason: z.string().nullable(),
    /** What the code carries: render_invalid's problem per parameter, the attempts given up after. */
    errorDetail: z.object({ params: Problem.shape.params, problems: z.array(Problem).optional() }).nullable(),
    /** What rendering did so it could go: param_shortened (params.max), param_fallback (params.reason); field = the parameter. */
    renderNotes: z.array(Problem),
    /** A console test send, in Zalo's development mode: no quota, no promotion caps. */
    devMode: z.boolean(),
    trackingId: z.string(),
    text: z.string(),
    createdAt: Instant,
    notBefore: Instant,
    sentAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
  })
  .meta({ id: "MessageView" });
export type MessageView = z.infer<typeof MessageView>;

/**
 * A campaign's or trigger's messages per channel (only the channels it used): accepted (sent or
 * delivered), delivered, and failed by the results' own definition of failed.
 */
export const ChannelCounts = z
  .array(z.object({ channel: z.enum(MESSAGE_CHANNELS), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int() }))
  .meta({ id: "ChannelCounts" });
export type ChannelCounts = z.infer<typeof ChannelCounts>;

/** `nextBefore` is an opaque cursor (time and id of the last item, so equal times never skip). */
export const MessagePage = z.object({ items: z.array(MessageView), nextBefore: z.string().nullable() }).meta({ id: "MessagePage" });

export const OaConnectionView = z
  .object({
    state: z.enum(OA_STATES),
    disconnectedAt: Instant.nullable(),
    reason: z.enum(OA_DISCONNECT_REASONS).nullable(),
    /** Zalo's error number for the refusal, e.g. -14020 (a refresh token already used). */
    zaloError: z.number().int().nullable(),
  })
  .meta({ id: "OaConnectionView" });

/** POST /console/messaging/oa/connect: where to send the admin's browser (Zalo's consent page). */
export const OaConnectStart = z.object({ consentUrl: z.string(), expiresAt: Instant }).meta({ id: "OaConnectStart" });

/**
 * What Zalo sends back to the callback. Bounded text (no NUL, no lone surrogates): anything
 * else is refused with 400 before a state is looked at.
 */
export const OaCallbackQuery = z.object({
  code: text().min(1).max(2048).optional(),
  state: text().min(1).max(200).optional(),
  error: text().max(200).optional(),
  oa_id: text().max(64).optional(),
});

export const OaConnectResult = z.enum(OA_CONNECT_RESULTS);

/** The OA connection as the settings panel shows it, read from the token store's row. */
export const OaStatus = z
  .object({
    /** Whether connecting from the console is possible here (the Zalo transport with app id, secret and key). */
    connectable: z.boolean(),
    state: z.enum(OA_STATES),
    /** From ZALO_OA_ID (Zalo does not return the OA's name in the token grant). */
    oaId: z.string().nullable(),
    /** The access token's expiry and when the pair was last stored (connection or refresh). */
    expiresAt: Instant.nullable(),
    lastRefreshAt: Instant.nullable(),
    /** Zalo refused the refresh token for good: reconnect. */
    reconnectNeeded: z.boolean(),
    reason: z.enum(OA_DISCONNECT_REASONS).nullable(),
    zaloError: z.number().int().nullable(),
    /** The redirect URI to register in Zalo's developer console. */
    redirectUri: z.string(),
  })
  .meta({ id: "OaStatus" });

export const QuotaView = z
  .object({
    transport: z.enum(["sandbox", "zalo"]),
    /** Vietnam date, yyyy-mm-dd. */
    day: z.string(),
    dailyQuota: z.number().int(),
    sent: z.number().int(),
    promoCap: z.number().int(),
    promo: z.number().int(),
    queued: z.number().int(),
    inDoubt: z.number().int(),
    /** Zalo's own count today (dailyQuota − remainingQuota of its answers, other systems included) and when it said so. */
    zalo: z.object({ used: z.number().int(), at: z.string() }).nullable(),
    /** Zalo refused for quota today: `promotion` holds promotions only, `all` every message; one probe goes at `probeAt`. */
    hold: z.object({ scope: z.enum(["promotion", "all"]), probeAt: z.string().nullable() }).nullable(),
    /**
     * The OA's connection with the Zalo transport (null with the sandbox). Disconnected: Zalo
     * refused its refresh token for good; every queued message waits, none fails, until new
     * tokens are stored (docs/messaging.md#oa-tokens).
     */
    oa: OaConnectionView.nullable(),
  })
  .meta({ id: "QuotaView" });

export const TestSendRequest = z
  .object({
    templateId: Uuid,
    memberId: Uuid,
    /**
     * Values for the parameters the member has none for (a points template's `diem` outside an
     * earn), by parameter name; checked against the parameter's ZNS type. Vietnamese digit
     * grouping is accepted for numbers ("1.250").
     */
    samples: z.record(text().min(1).max(40), text().max(200)).default({}),
  })
  .meta({ id: "TestSendRequest" });

/** One parameter of a template for one member, before a test send: what the member's data gives it. */
export const TestSendParam = z.object({
  name: z.string(),
  type: z.enum(Object.keys(ZNS_PARAM_TYPES) as [keyof typeof ZNS_PARAM_TYPES, ...(keyof typeof ZNS_PARAM_TYPES)[]]),
  /** The member's value, as it would go; null when the member has none (a sample is needed, or the fallback goes). */
  value: z.union([z.string(), z.number()]).nullable(),
  fallback: z.string().nullable(),
  /** A suggestion for the sample input, by the parameter's field or type (Vietnamese). */
  sample: z.string(),
});
export const TestSendPreview = z
  .object({
    params: z.array(TestSendParam),
    transport: z.enum(["sandbox", "zalo"]),
    /** Whether the member may receive this template's purpose now; null when they may (else not_granted, withdrawn…). */
    consentRefusal: z.string().nullable(),
  })
  .meta({ id: "TestSendPreview" });
export const TestSendPreviewQuery = z.object({ templateId: Uuid, memberId: Uuid });
export const TestSendResponse = z
  .object({
    queued: z.boolean(),
    messageId: Uuid.nullable(),
    /** Why not: no_consent (detail: not_granted, withdrawn…), invalid (with the render problems), duplicate… */
    reason: z.string().nullable(),
    detail: z.string().nullable(),
    /** invalid: what the member's data breaks, one problem per parameter (field = its name). */
    problems: z.array(Problem),
  })
  .meta({ id: "TestSendResponse" });

export const SandboxInbox = z
  .object({
    items: z.array(
      z.object({
        msgId: z.string(),
        phoneMasked: z.string(),
        memberName: z.string().nullable(),
        templateName: z.string().nullable(),
        text: z.string(),
        receivedAt: Instant,
        status: z.enum(MESSAGE_STATUSES).nullable(),
      }),
    ),
  })
  .meta({ id: "SandboxInbox" });
