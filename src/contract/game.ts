import { z } from "zod";
import { CONSENT_PURPOSES } from "../domain/consent/purposes";
import { INELIGIBLE_REASONS } from "../domain/game/draw";
import { GATES } from "../domain/game/gates";
import { CAMPAIGN_STATUSES, PLAY_ACTIONS, PLAY_GRANT_SOURCES, PRIZE_KINDS, WHEEL_LIMITS } from "../domain/game/wheel";
import { Instant, TierSchema, Uuid } from "./common";
import { ExportQuery } from "./exports";
import { IdempotencyKey, VietnamDay, VoucherView } from "./loyalty";
import { nameText, text } from "./text";

/*
 * The lucky wheel (issue 14; docs/decisions/0031-game-wheel.md): one contract for the Mini App's
 * Games page, the console's campaign editor and results, and the server. Structure only: the
 * exact limits (2–12 segments, weights, caps, lengths) are the domain's (validateWheelCampaign),
 * so the console shows a problem next to its field in words, not zod's; string maxima here are
 * generous ceilings that keep junk out before the domain looks.
 */

export const PrizeKindSchema = z.enum(PRIZE_KINDS);
export const PlayActionSchema = z.enum(PLAY_ACTIONS);
export const PlayGrantSourceSchema = z.enum(PLAY_GRANT_SOURCES);
export const GameCampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export const GateSchema = z.enum(GATES);

const GameText = (max: number) => z.object({ vi: text().max(max * 4), en: text().max(max * 4) });
const Count = z.number().int();
const Cap = z.number().int().nullable();

export const GameSegment = z
  .object({
    id: text().max(WHEEL_LIMITS.segmentsMax * 8),
    label: GameText(WHEEL_LIMITS.labelLength),
    color: text().max(16),
    prize: PrizeKindSchema,
    /** points: the points given; reward and nothing: 0. */
    value: z.number().int(),
    /** reward: the brand's reward whose voucher is given. */
    rewardId: Uuid.nullable(),
    weight: z.number().int(),
    /** null: unlimited. */
    stock: z.number().int().nullable(),
  })
  .meta({ id: "GameSegment" });
export type GameSegment = z.infer<typeof GameSegment>;

export const GameCaps = z
  .object({
    winsPerDay: Cap,
    winsPerCampaign: Cap,
    pointsPerDay: Cap,
    playsPerMemberPerDay: Cap,
    winsPerMemberPerCampaign: Cap,
  })
  .meta({ id: "GameCaps" });

export const GameGates = z
  .object({
    minTier: TierSchema.nullable(),
    minPurchases: z.number().int(),
    consentPurpose: z.enum(CONSENT_PURPOSES).nullable(),
    storeIds: z
      .array(Uuid)
      .max(WHEEL_LIMITS.stores * 2)
      .nullable(),
  })
  .meta({ id: "GameGates" });

/** What a manager writes (the console editor's form); each save of a campaign is a version. */
export const GameCampaignInput = z
  .object({
    name: GameText(WHEEL_LIMITS.nameLength),
    segments: z.array(GameSegment).max(WHEEL_LIMITS.segmentsMax * 2),
    freePlaysPerDay: z.number().int(),
    extraPlays: z.object({
      profile_completed: z.number().int(),
      survey_answered: z.number().int(),
      followed_oa: z.number().int(),
      purchase_over_amount: z.number().int(),
    }),
    purchaseMinVnd: z.number().int(),
    /** null: plays cannot be bought. Points only, never money. */
    playPricePoints: z.number().int().nullable(),
    caps: GameCaps,
    gates: GameGates,
    startsAt: Instant,
    endsAt: Instant,
    rulesText: GameText(WHEEL_LIMITS.rulesLength),
    registrationNumber: nameText()
      .max(WHEEL_LIMITS.registrationLength * 4)
      .nullable(),
  })
  .meta({ id: "GameCampaignInput" });
export type GameCampaignInput = z.infer<typeof GameCampaignInput>;

export const GameCampaignIdParam = z.object({ campaignId: Uuid });

// ── Member ──────────────────────────────────────────────────────────────────────────────────

export const RemainingPlaysView = z
  .object({
    free: Count,
    extra: Count,
    /** What the member can spin today. */
    total: Count,
    /** They hold plays but reached the campaign's spins per day. */
    dailyCapReached: z.boolean(),
  })
  .meta({ id: "GameRemainingPlays" });
export type RemainingPlaysView = z.infer<typeof RemainingPlaysView>;

/** Whether the wheel can still give anything, said before a play is spent. */
export const BudgetView = z
  .object({
    state: z.enum(["open", "spent", "member_cap"]),
    /** spent: `day` (come back tomorrow) or `campaign` (it will not come back). */
    scope: z.enum(["day", "campaign"]).nullable(),
    reason: z.enum([...INELIGIBLE_REASONS, "no_weight"]).nullable(),
  })
  .meta({ id: "GameBudget" });
export type BudgetView = z.infer<typeof BudgetView>;

/** A segment as the wheel draws it (no weight: the rules give the probability). */
export const WheelSegmentView = z
  .object({
    id: z.string(),
    label: z.object({ vi: z.string(), en: z.string() }),
    color: z.string(),
    prize: PrizeKindSchema,
    value: Count,
    /** reward: the reward's name, for "you won …". */
    rewardName: z.string().nullable(),
  })
  .meta({ id: "WheelSegmentView" });
export type WheelSegmentView = z.infer<typeof WheelSegmentView>;

export const RUN_STATES = ["running", "not_running", "not_started", "over"] as const;

/** One campaign on the Games page: the wheel, the member's plays and whether a spin would be taken. */
export const GameCampaignView = z
  .object({
    campaignId: Uuid,
    version: Count,
    name: z.object({ vi: z.string(), en: z.string() }),
    segments: z.array(WheelSegmentView),
    startsAt: Instant,
    endsAt: Instant,
    runState: z.enum(RUN_STATES),
    /** The first eligibility gate the member does not pass (null: eligible). */
    failedGate: GateSchema.nullable(),
    budget: BudgetView,
    plays: RemainingPlaysView,
    /** Points an extra play costs (null: not for sale). */
    playPricePoints: Count.nullable(),
    /** Plays each action grants here, and the purchase amount that grants them. */
    extraPlays: z.record(PlayActionSchema, Count),
    purchaseMinVnd: Count,
    /** Actions that already granted their one-time plays (profile, OA). */
    grantedOnce: z.array(PlayActionSchema),
    /** The code a spin would be refused with now (null: a spin would be taken). */
    blockedBy: z
      .enum([
        "game_not_running",
        "game_out_of_window",
        "game_not_eligible",
        "game_budget_spent",
        "game_win_limit_reached",
        "game_no_plays_left",
        "game_daily_play_limit",
      ])
      .nullable(),
  })
  .meta({ id: "GameCampaignView" });
export type GameCampaignView = z.infer<typeof GameCampaignView>;

export const MyGames = z.object({ campaigns: z.array(GameCampaignView), balance: Count }).meta({ id: "MyGames" });
export type MyGames = z.infer<typeof MyGames>;

export const Probability = z
  .object({
    numerator: Count,
    denominator: Count,
    /** numerator / denominator × 100, to 2 decimals. */
    percent: z.number(),
  })
  .meta({ id: "GameProbability" });

/** "Thể lệ": each prize's probability now (after stock), stock left, the window, who may play, the registration. */
export const GameRules = z
  .object({
    campaignId: Uuid,
    version: Count,
    name: z.object({ vi: z.string(), en: z.string() }),
    prizes: z.array(
      WheelSegmentView.extend({
        probability: Probability,
        /** null: unlimited. */
        stockLeft: Count.nullable(),
        /** Why it cannot be won right now (out of stock, budget…); null when it can. */
        blocked: z.enum(INELIGIBLE_REASONS).nullable(),
      }),
    ),
    startsAt: Instant,
    endsAt: Instant,
    freePlaysPerDay: Count,
    extraPlays: z.record(PlayActionSchema, Count),
    purchaseMinVnd: Count,
    playPricePoints: Count.nullable(),
    caps: GameCaps,
    gates: GameGates.omit({ storeIds: true }).extend({ stores: z.array(z.object({ id: Uuid, name: z.string() })).nullable() }),
    rulesText: z.object({ vi: z.string(), en: z.string() }),
    registrationNumber: z.string().nullable(),
    /** The brand's day the free plays and daily caps follow. */
    timeZone: z.literal("Asia/Ho_Chi_Minh"),
  })
  .meta({ id: "GameRules" });
export type GameRules = z.infer<typeof GameRules>;

/** Made once per tap on the phone: a retry after a lost answer gets the same outcome. */
export const SpinRequest = z.object({ idempotencyKey: IdempotencyKey }).meta({ id: "SpinRequest" });
export type SpinRequest = z.infer<typeof SpinRequest>;

export const SpinResponse = z
  .object({
    drawId: Uuid,
    campaignId: Uuid,
    version: Count,
    /** The wheel lands on this segment (index into the view's segments of `version`). */
    segmentIndex: Count,
    segmentId: z.string(),
    prize: WheelSegmentView,
    /** Points credited by this draw (0 unless a points prize). */
    pointsWon: Count,
    /** The member's balance after the draw. */
    balance: Count,
    /** reward: the voucher given (in "My vouchers"). */
    voucher: VoucherView.nullable(),
    plays: RemainingPlaysView,
    drawnAt: Instant,
    /** This answers a resend of the same tap: nothing new was drawn. */
    replayed: z.boolean(),
  })
  .meta({ id: "SpinResponse" });
export type SpinResponse = z.infer<typeof SpinResponse>;

export const BuyPlayRequest = z.object({ idempotencyKey: IdempotencyKey }).meta({ id: "BuyPlayRequest" });
export const BuyPlayResponse = z
  .object({ balance: Count, pointsSpent: Count, plays: RemainingPlaysView, replayed: z.boolean() })
  .meta({ id: "BuyPlayResponse" });
export type BuyPlayResponse = z.infer<typeof BuyPlayResponse>;

/**
 * Sent by the Mini App after zmp-sdk followOA succeeded. The server cannot check the follow
 * itself (decision 0031): it grants the one-time plays once per campaign.
 */
export const FollowedOaResponse = z
  .object({ granted: z.array(z.object({ campaignId: Uuid, plays: Count })) })
  .meta({ id: "FollowedOaResponse" });
export type FollowedOaResponse = z.infer<typeof FollowedOaResponse>;

// ── Console ─────────────────────────────────────────────────────────────────────────────────

export const GameVersionInfo = z
  .object({ version: Count, createdAt: Instant, createdBy: z.string().nullable(), changesOdds: z.boolean() })
  .meta({ id: "GameVersionInfo" });

export const ConsoleGameCampaign = GameCampaignInput.extend({
  id: Uuid,
  status: GameCampaignStatusSchema,
  version: Count,
  createdAt: Instant,
  updatedAt: Instant,
  /** Stock left per segment id (null: unlimited). */
  stockLeft: z.record(z.string(), Count.nullable()),
  spins: Count,
  wins: Count,
}).meta({ id: "ConsoleGameCampaign" });
export type ConsoleGameCampaign = z.infer<typeof ConsoleGameCampaign>;

export const ConsoleGameCampaignDetail = ConsoleGameCampaign.extend({ versions: z.array(GameVersionInfo) }).meta({
  id: "ConsoleGameCampaignDetail",
});
export type ConsoleGameCampaignDetail = z.infer<typeof ConsoleGameCampaignDetail>;

export const ConsoleGameCampaignList = z.object({ campaigns: z.array(ConsoleGameCampaign) }).meta({ id: "ConsoleGameCampaignList" });

/**
 * An edit: the version it started from (another save in between → game_version_conflict). A
 * running campaign's edit that changes odds is saved as a new version (the rules a member read
 * stay true for the draws made under them); so is every other save.
 */
export const GameCampaignUpdateRequest = GameCampaignInput.extend({ basedOnVersion: z.number().int().positive() }).meta({
  id: "GameCampaignUpdateRequest",
});

/** The console's live preview: each segment's probability under a config and the current stock. */
export const GameOddsPreviewRequest = GameCampaignInput.extend({
  /** An existing campaign: its stock given and today's counters count; absent for a new one (full stock). */
  campaignId: Uuid.optional(),
}).meta({ id: "GameOddsPreviewRequest" });
export const GameOddsPreview = z
  .object({ odds: z.array(z.object({ segmentId: z.string(), probability: Probability, blocked: z.enum(INELIGIBLE_REASONS).nullable() })) })
  .meta({ id: "GameOddsPreview" });

export const GameResultsQuery = z.object({ from: VietnamDay.optional(), to: VietnamDay.optional() });

export const GameResults = z
  .object({
    campaignId: Uuid,
    spins: Count,
    uniquePlayers: Count,
    wins: Count,
    bySegment: z.array(
      z.object({
        segmentId: z.string(),
        label: z.object({ vi: z.string(), en: z.string() }),
        prize: PrizeKindSchema,
        draws: Count,
        stockLeft: Count.nullable(),
      }),
    ),
    pointsGiven: Count,
    /** The points' value at the brand's redemption rate (loyalty_settings.point_value_vnd); null: the brand set no rate. */
    pointsValueVnd: Count.nullable(),
    /** The rate used: VND one point is worth when redeemed (null: not set). */
    pointValueVnd: Count.nullable(),
    vouchersGiven: Count,
    playsGranted: z.record(PlayGrantSourceSchema, Count),
    pointsSpentOnPlays: Count,
    byDay: z.array(z.object({ day: VietnamDay, spins: Count, wins: Count, points: Count })),
    /** The vouchers won, at their rewards' price in points (what a member would have paid for them). */
    vouchersPointsCost: Count,
    /**
     * The days the check-ins and referrals below count: the query's range, else the campaign's
     * window up to today. They are the brand's (not tied to a wheel), read next to its results.
     */
    period: z.object({ from: VietnamDay, to: VietnamDay }),
    checkins: z.object({
      checkins: Count,
      members: Count,
      pointsGiven: Count,
      /** Members whose streak is alive on the period's last day (checked in that day or the day before), by cycle day 1..7. */
      streaks: z.array(z.object({ cycleDay: z.number().int().min(1).max(7), members: Count })),
      byDay: z.array(z.object({ day: VietnamDay, checkins: Count })),
    }),
    /**
     * Invitations accepted in the period and how far each went (a later step counts in the earlier
     * ones). Reversed ones (the first purchase returned, the rewards taken back) count up to
     * purchased, not as rewarded; pointsGiven is net of what was taken back.
     */
    referrals: z.object({
      invited: Count,
      joined: Count,
      purchased: Count,
      rewarded: Count,
      rejected: Count,
      reversed: Count,
      pointsGiven: Count,
    }),
  })
  .meta({ id: "GameResults" });
export type GameResults = z.infer<typeof GameResults>;

export const GameDrawLogQuery = ExportQuery;

/** The brand's game settings: the point value in VND the results cost points at (null: not set). */
export const GameSettings = z
  .object({
    pointValueVnd: Count.nullable(),
    limits: z.object({ min: Count, max: Count }),
    /** The last change: when and by whom (null: never changed). */
    changedAt: Instant.nullable(),
    changedBy: z.string().nullable(),
  })
  .meta({ id: "GameSettings" });
export type GameSettings = z.infer<typeof GameSettings>;

/** The range is the domain's (pointValueProblems): outside it → game_settings_invalid with issues. */
export const GameSettingsUpdate = z.object({ pointValueVnd: z.number().int().nullable() }).meta({ id: "GameSettingsUpdate" });
export type GameSettingsUpdate = z.infer<typeof GameSettingsUpdate>;
