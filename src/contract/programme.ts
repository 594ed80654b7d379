import { z } from "zod";
import { PROGRAMME_PARTS, type Programme } from "../domain/loyalty/programme";
import { Instant, TierSchema, Uuid } from "./common";
import { text } from "./text";

/**
 * The programme settings a brand edits in the console (issue 16, decision 0041). Shapes only:
 * ranges, ascending thresholds, windows in order and the brand's stores are the domain's
 * validateProgramme, answered as 422 programme_invalid with issues at the field. Numbers are
 * plain numbers here so that 1.5 ₫ is a typed issue with its limit, not a shape error.
 */
const Localized = z.object({ vi: text().max(200), en: text().max(200) });

export const ProgrammeTier = z.object({
  code: TierSchema,
  name: Localized,
  thresholdVnd: z.number(),
  earnBps: z.number(),
  benefits: z.object({ vi: z.array(text().max(200)).max(20), en: z.array(text().max(200)).max(20) }),
});

export const ProgrammePromotionSchema = z.object({
  /** Chosen by the console for a new promotion (crypto.randomUUID), kept across versions. */
  id: Uuid,
  name: text().max(200),
  bps: z.number(),
  startsAt: Instant,
  endsAt: Instant,
  /** null: every store of the brand. */
  storeIds: z.array(Uuid).max(200).nullable(),
});
export type ProgrammePromotionInput = z.infer<typeof ProgrammePromotionSchema>;

export const ProgrammeSettings = z
  .object({
    earnRule: z.object({ vndPerPoint: z.number(), maxBillVnd: z.number() }),
    tierRules: z.object({ tiers: z.array(ProgrammeTier).max(10), windowDays: z.number(), graceDays: z.number() }),
    lotValidityMonths: z.number(),
    profileBonusPoints: z.number(),
    promotions: z.array(ProgrammePromotionSchema).max(50),
  })
  .meta({ id: "ProgrammeSettings" });
export type ProgrammeSettings = z.infer<typeof ProgrammeSettings>;

const Range = z.object({ min: z.number().optional(), max: z.number().optional() });

export const ProgrammeVersionSummary = z.object({
  version: z.number().int(),
  at: Instant,
  by: z.string().nullable(),
  changed: z.array(z.enum(PROGRAMME_PARTS)),
});

export const ProgrammeView = z
  .object({
    /** 0: never saved from the console (the seed's or the defaults' values). */
    version: z.number().int(),
    settings: ProgrammeSettings,
    changedAt: Instant.nullable(),
    changedBy: z.string().nullable(),
    /** The brand's stores a promotion may name. */
    stores: z.array(z.object({ id: Uuid, name: z.string(), active: z.boolean() })),
    /** Newest first, at most 20. */
    history: z.array(ProgrammeVersionSummary),
    limits: z.record(z.string(), Range),
  })
  .meta({ id: "ProgrammeView" });
export type ProgrammeView = z.infer<typeof ProgrammeView>;

/** A save: the version it was edited from (another save in between → 409 programme_version_conflict). */
export const ProgrammeUpdate = z
  .object({ basedOnVersion: z.number().int().nonnegative(), settings: ProgrammeSettings })
  .meta({ id: "ProgrammeUpdate" });
export type ProgrammeUpdate = z.infer<typeof ProgrammeUpdate>;

export const ProgrammePreviewRequest = z
  .object({ settings: ProgrammeSettings, billVnd: z.number().int().positive().max(10_000_000_000) })
  .meta({ id: "ProgrammePreviewRequest" });
export type ProgrammePreviewRequest = z.infer<typeof ProgrammePreviewRequest>;

export const ProgrammePreview = z
  .object({
    billVnd: z.number().int(),
    earn: z.array(z.object({ tier: TierSchema, before: z.number().int().nullable(), after: z.number().int() })),
    promotion: z.object({ id: Uuid, before: z.number().int().nullable(), after: z.number().int() }).nullable(),
    lotExpiresAt: z.object({ before: Instant, after: Instant }),
    profileBonus: z.object({ before: z.number().int(), after: z.number().int() }),
    tierMoves: z.array(z.object({ from: TierSchema, to: TierSchema, members: z.number().int() })),
    up: z.number().int(),
    down: z.number().int(),
    /** Rewards limited to a tier these settings remove (the save is refused while any is): the count and the first 10. */
    tierRewards: z.object({ count: z.number().int(), rewards: z.array(z.object({ id: Uuid, name: z.string() })).max(10) }),
  })
  .meta({ id: "ProgrammePreview" });
export type ProgrammePreview = z.infer<typeof ProgrammePreview>;

/** The contract's shape (instants as ISO strings) in the domain's (milliseconds), for validateProgramme and the preview. */
export function programmeFromSettings(s: ProgrammeSettings): Programme {
  return {
    earnRule: { ...s.earnRule },
    tierRules: s.tierRules,
    lotValidityMonths: s.lotValidityMonths,
    profileBonusPoints: s.profileBonusPoints,
    promotions: s.promotions.map((p) => ({ ...p, startsAt: Date.parse(p.startsAt), endsAt: Date.parse(p.endsAt) })),
  };
}
