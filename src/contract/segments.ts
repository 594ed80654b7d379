import { z } from "zod";
import { TIER_CODES } from "../domain/loyalty/tiers";
import { COMBINATORS, RULE_LIMITS, type Rule } from "../domain/segments/rule";
import { SEGMENT_STATUSES } from "../domain/segments/segment";
import { Instant, Uuid } from "./common";
import { nameText, text } from "./text";

/*
 * Segments (issue 15; docs/decisions/0033-segments.md). The rule's structure only: a field's
 * operators, a value's shape and bounds, a key or a number of days are the domain's
 * (validateRule), answered as `segment_invalid` with one problem per condition. The depth is
 * bounded here by construction, so a hostile tree nested thousands of levels deep is refused at
 * its fourth level (issue code `too_deep`, like the domain's) without being walked.
 */

/** A condition's value: a number, a string (option id, date), a boolean, or a list. Ceilings only. */
const ConditionValue = z.union([
  z.number(),
  text().max(100),
  z.boolean(),
  z.array(z.union([z.number(), text().max(100)])).max(RULE_LIMITS.options * 2),
  z.null(),
]);

export const SegmentCondition = z
  .object({
    type: z.literal("condition"),
    /** A field id of the registry (domain/segments/fields.ts). */
    field: text().max(64),
    op: text().max(32),
    /** consent: the purpose; zalo_permission: the permission; preference: the question id. */
    key: text().max(64).optional(),
    /** Fields that look back or ahead: how many days. */
    days: z.number().optional(),
    value: ConditionValue.optional(),
  })
  .meta({ id: "SegmentCondition" });

const TooDeep = z.object({ type: z.literal("group") }).refine(() => false, { params: { code: "too_deep", max: RULE_LIMITS.depth } });

function groupAt(depth: number): z.ZodObject {
  const item =
    depth >= RULE_LIMITS.depth
      ? z.discriminatedUnion("type", [SegmentCondition, TooDeep])
      : z.discriminatedUnion("type", [SegmentCondition, groupAt(depth + 1)]);
  return z.object({
    type: z.literal("group"),
    combine: z.enum(COMBINATORS),
    items: z.array(item).max(RULE_LIMITS.items),
  });
}

/** The rule: a group of conditions and groups, at most RULE_LIMITS.depth levels of groups. */
export const SegmentRule = groupAt(1).meta({ id: "SegmentRule" }) as unknown as z.ZodType<Rule>;

export const SegmentDraftRequest = z.object({ rule: SegmentRule }).meta({ id: "SegmentDraftRequest" });

export const SegmentCount = z
  .object({
    /** Members of the brand the rule matches now. */
    count: z.number().int(),
    /** Members of the brand (not erased): what the count is out of. */
    total: z.number().int(),
  })
  .meta({ id: "SegmentCount" });
export type SegmentCount = z.infer<typeof SegmentCount>;

export const SEGMENT_SAMPLE_MAX = 50;

export const SegmentSampleRequest = z
  .object({
    rule: SegmentRule,
    limit: z.number().int().min(1).max(SEGMENT_SAMPLE_MAX).default(20),
    /** The `next` of the previous page (a card number): members after it. */
    after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .meta({ id: "SegmentSampleRequest" });

export const SegmentMember = z
  .object({
    memberId: Uuid,
    memberNo: z.string(),
    displayName: z.string(),
    tier: z.enum(TIER_CODES),
    pointsBalance: z.number().int(),
  })
  .meta({ id: "SegmentMember" });
export type SegmentMember = z.infer<typeof SegmentMember>;

export const SegmentSample = z.object({ members: z.array(SegmentMember), next: z.number().int().nullable() }).meta({ id: "SegmentSample" });
export type SegmentSample = z.infer<typeof SegmentSample>;

export const SegmentExplainRequest = z.object({ rule: SegmentRule, memberId: Uuid }).meta({ id: "SegmentExplainRequest" });

/** A JSON value as the database answered it (a number, a date text, a list of option ids, null). */
const MemberValue = z.unknown();

export const SegmentExplanation = z
  .object({
    member: SegmentMember,
    /** Whether the member is in the segment. */
    result: z.boolean(),
    /** Every group, by path ("" is the root; "items.1" its second item): AND / OR and its result. */
    groups: z.array(z.object({ path: z.string(), combine: z.enum(COMBINATORS), result: z.boolean() })),
    /** Every condition, by path, with the member's value of its field and its result. */
    conditions: z.array(
      SegmentCondition.extend({
        path: z.string(),
        memberValue: MemberValue,
        result: z.boolean(),
      }),
    ),
  })
  .meta({ id: "SegmentExplanation" });
export type SegmentExplanation = z.infer<typeof SegmentExplanation>;

// ── Saved segments ─────────────────────────────────────────────────────────────────────────

export const SegmentInput = z.object({ name: nameText().min(1).max(120), rule: SegmentRule }).meta({ id: "SegmentInput" });
export type SegmentInput = z.infer<typeof SegmentInput>;

export const SegmentUpdateRequest = SegmentInput.extend({
  /** The version this edit started from; another save in between → segment_version_conflict. */
  basedOnVersion: z.number().int().positive(),
}).meta({ id: "SegmentUpdateRequest" });

export const Segment = z
  .object({
    id: Uuid,
    name: z.string(),
    status: z.enum(SEGMENT_STATUSES),
    /** The current version; a campaign keeps the version it was sent to. */
    version: z.number().int(),
    rule: SegmentRule,
    createdAt: Instant,
    updatedAt: Instant,
    archivedAt: Instant.nullable(),
  })
  .meta({ id: "Segment" });
export type Segment = z.infer<typeof Segment>;

export const SegmentVersionInfo = z
  .object({ version: z.number().int(), name: z.string(), createdAt: Instant, createdBy: z.string().nullable() })
  .meta({ id: "SegmentVersionInfo" });

export const SegmentDetail = Segment.extend({ versions: z.array(SegmentVersionInfo) }).meta({ id: "SegmentDetail" });
export type SegmentDetail = z.infer<typeof SegmentDetail>;

export const SegmentVersion = z
  .object({
    segmentId: Uuid,
    version: z.number().int(),
    name: z.string(),
    rule: SegmentRule,
    createdAt: Instant,
    createdBy: z.string().nullable(),
  })
  .meta({ id: "SegmentVersion" });
export type SegmentVersion = z.infer<typeof SegmentVersion>;

export const SegmentList = z.object({ segments: z.array(Segment) }).meta({ id: "SegmentList" });
export type SegmentList = z.infer<typeof SegmentList>;

export const SegmentListQuery = z.object({
  /** "true": archived segments too. */
  archived: z.enum(["true", "false"]).default("false"),
});
export const SegmentIdParam = z.object({ segmentId: Uuid });
export const SegmentVersionParam = z.object({ segmentId: Uuid, version: z.coerce.number().int().min(1).max(1_000_000) });
