import { z } from "zod";
import { REFERRAL_CODE_MAX_LENGTH, REFERRAL_REFUSALS, REFERRAL_STATES } from "../domain/game/referral";
import { Instant, Uuid } from "./common";
import { VietnamDay } from "./loyalty";
import { text } from "./text";

/*
 * Referrals (issue 14; docs/decisions/0032-checkin-and-referrals.md): invite → join → first
 * purchase → both rewarded, once. Configuration limits are the domain's
 * (validateReferralConfig), sent back as referral_config_invalid issues.
 */

export const ReferralStateSchema = z.enum(REFERRAL_STATES);
/**
 * Why a referral did not pay (someone) — codes the UIs translate: referral_self,
 * referral_already_member (rejected), referral_cap_reached (the referrer's monthly cap was
 * reached when it completed: the friend was rewarded, the referrer was not), referral_reversed
 * (the friend's first purchase was returned: both rewards were taken back).
 */
export const REFERRAL_NOTES = [...REFERRAL_REFUSALS, "referral_cap_reached", "referral_reversed"] as const;
export const ReferralNoteSchema = z.enum(REFERRAL_NOTES);

// ── Console ─────────────────────────────────────────────────────────────────────────────────

export const ReferralConfigSchema = z
  .object({
    enabled: z.boolean(),
    /** Points for the member who invited, per rewarded referral. */
    referrerPoints: z.number().int(),
    /** Points for the friend at their first purchase. */
    friendPoints: z.number().int(),
    /** At most this many referrals pay the referrer per Vietnam calendar month; friends are paid regardless. */
    monthlyCap: z.number().int(),
  })
  .meta({ id: "ReferralConfig" });
export type ReferralConfigSchema = z.infer<typeof ReferralConfigSchema>;

export const ConsoleReferralConfig = ReferralConfigSchema.extend({
  updatedAt: Instant.nullable(),
  updatedBy: z.string().nullable(),
}).meta({ id: "ConsoleReferralConfig" });
export type ConsoleReferralConfig = z.infer<typeof ConsoleReferralConfig>;

/** Invites made in these Vietnam days (both included); by default the last 30 days. */
export const ReferralResultsQuery = z
  .object({ from: VietnamDay.optional(), to: VietnamDay.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "to must not be before from",
    params: { code: "to_before_from" },
    path: ["to"],
  });

export const ReferralResults = z
  .object({
    from: VietnamDay,
    to: VietnamDay,
    /**
     * Invites of the period by how far they got: each stage counts the invites that reached it
     * (a rewarded one also counts as invited, joined and purchased); rejected ones apart;
     * reversed ones (first purchase returned, rewards taken back) count up to purchased.
     */
    funnel: z.object({
      invited: z.number().int(),
      joined: z.number().int(),
      purchased: z.number().int(),
      rewarded: z.number().int(),
      rejected: z.number().int(),
      reversed: z.number().int(),
    }),
    /** Points paid for the period's invites, net of what reversals took back: to referrers, to friends. */
    points: z.object({ referrers: z.number().int(), friends: z.number().int() }),
    /** Up to 10 referrers by rewarded invites, then by invites. */
    topReferrers: z.array(
      z.object({
        memberId: Uuid,
        displayName: z.string(),
        invited: z.number().int(),
        rewarded: z.number().int(),
        points: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ReferralResults" });
export type ReferralResults = z.infer<typeof ReferralResults>;

// ── Member ──────────────────────────────────────────────────────────────────────────────────

export const MyInvite = z
  .object({
    id: Uuid,
    /** The friend's display name as Zalo gave it (their first name is enough to recognise them). */
    friendName: z.string(),
    state: ReferralStateSchema,
    note: ReferralNoteSchema.nullable(),
    invitedAt: Instant,
    joinedAt: Instant.nullable(),
    purchasedAt: Instant.nullable(),
    rewardedAt: Instant.nullable(),
    /** What this invite paid the referrer and they keep (reversed: only what they had spent before it was taken back). */
    points: z.number().int(),
  })
  .meta({ id: "MyInvite" });
export type MyInvite = z.infer<typeof MyInvite>;

export const MyReferrals = z
  .object({
    /** Off: the brand does not run referrals now; no code is given. */
    enabled: z.boolean(),
    /** The signed code (34 characters); null when referrals are off. */
    code: z.string().nullable(),
    /** The Mini App link to share (brand's Mini App URL + `?ref=<code>`); null when off. */
    shareLink: z.string().nullable(),
    referrerPoints: z.number().int(),
    friendPoints: z.number().int(),
    monthlyCap: z.number().int(),
    /** Referrals that paid this member in the current Vietnam month. */
    rewardedThisMonth: z.number().int(),
    /** The member's invites, newest first (at most 100). */
    invites: z.array(MyInvite),
  })
  .meta({ id: "MyReferrals" });
export type MyReferrals = z.infer<typeof MyReferrals>;

export const AcceptReferralRequest = z.object({ code: text().max(REFERRAL_CODE_MAX_LENGTH) }).meta({ id: "AcceptReferralRequest" });
export type AcceptReferralRequest = z.infer<typeof AcceptReferralRequest>;

export const AcceptReferralResponse = z
  .object({
    referralId: Uuid,
    state: ReferralStateSchema,
    /** Who invited: their display name, for "Bạn được … mời". */
    referrerName: z.string(),
    /** What the friend gets at their first purchase. */
    friendPoints: z.number().int(),
    /** This user had already accepted this same code: nothing new was recorded. */
    alreadyAccepted: z.boolean(),
  })
  .meta({ id: "AcceptReferralResponse" });
export type AcceptReferralResponse = z.infer<typeof AcceptReferralResponse>;
