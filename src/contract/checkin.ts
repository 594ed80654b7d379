import { z } from "zod";
import { CHECKIN_CYCLE_DAYS, SLOT_STATUSES } from "../domain/game/checkin";
import { Instant, Uuid } from "./common";
import { IdempotencyKey, VietnamDay } from "./loyalty";

/*
 * The daily check-in (issue 14; docs/decisions/0032-checkin-and-referrals.md). Structure only:
 * the exact limits of a configuration (7 days, points per day within 0..10,000) are the
 * domain's (validateCheckinConfig), sent back as checkin_config_invalid issues that the console
 * shows next to each day.
 */

export const SlotStatusSchema = z.enum(SLOT_STATUSES);

// ── Console ─────────────────────────────────────────────────────────────────────────────────

export const CheckinConfigSchema = z
  .object({
    enabled: z.boolean(),
    /** Points for day 1..7 of the streak's cycle; after day 7 the cycle starts again at day 1. */
    pointsPerDay: z.array(z.number().int()).max(CHECKIN_CYCLE_DAYS * 2),
  })
  .meta({ id: "CheckinConfig" });
export type CheckinConfigSchema = z.infer<typeof CheckinConfigSchema>;

export const ConsoleCheckinConfig = CheckinConfigSchema.extend({
  updatedAt: Instant.nullable(),
  /** The console user's name who saved it last; null for the defaults. */
  updatedBy: z.string().nullable(),
}).meta({ id: "ConsoleCheckinConfig" });
export type ConsoleCheckinConfig = z.infer<typeof ConsoleCheckinConfig>;

/** Vietnam days, both included; by default the last 30 days. */
export const CheckinResultsQuery = z
  .object({ from: VietnamDay.optional(), to: VietnamDay.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "to must not be before from",
    params: { code: "to_before_from" },
    path: ["to"],
  });

export const CheckinResults = z
  .object({
    from: VietnamDay,
    to: VietnamDay,
    totals: z.object({ checkins: z.number().int(), members: z.number().int(), points: z.number().int() }),
    /** Every day of the period, oldest first (0 on days without check-ins). */
    perDay: z.array(z.object({ date: VietnamDay, checkins: z.number().int(), points: z.number().int() })),
    /**
     * Members by the streak of their latest check-in in the period: "1".."7", then "8+".
     * A member counts once, with their longest streak reached in the period.
     */
    streaks: z.array(z.object({ bucket: z.string(), members: z.number().int() })),
    /** Members whose streak is alive today (checked in today or yesterday). */
    activeStreaks: z.number().int(),
  })
  .meta({ id: "CheckinResults" });
export type CheckinResults = z.infer<typeof CheckinResults>;

// ── Member ──────────────────────────────────────────────────────────────────────────────────

export const CycleSlot = z
  .object({ cycleDay: z.number().int(), date: VietnamDay, points: z.number().int(), status: SlotStatusSchema })
  .meta({ id: "CheckinCycleSlot" });
export const WeekDay = z.object({ date: VietnamDay, status: SlotStatusSchema }).meta({ id: "CheckinWeekDay" });

/** What the Games page draws: the 7-day cycle, the last 7 days, today's points. */
export const CheckinState = z
  .object({
    /** Off: the brand does not run check-ins now (a check-in is refused with checkin_disabled). */
    enabled: z.boolean(),
    /** Today in Vietnam, "YYYY-MM-DD". */
    today: VietnamDay,
    checkedToday: z.boolean(),
    /** The streak as it stands (today's, or yesterday's while still alive); 0 when none. */
    streak: z.number().int(),
    /** The cycle day (1..7) today is, or would be after a check-in now. */
    todayCycleDay: z.number().int(),
    /** What today's check-in gave, or would give. */
    todayPoints: z.number().int(),
    /** The member missed a day: the next check-in starts again at day 1. */
    streakBroken: z.boolean(),
    /** The current cycle, day 1..7: checked (before today), today_open / today_done, upcoming. */
    cycle: z.array(CycleSlot),
    /** The last 7 Vietnam days, oldest first: checked or missed, then today. */
    week: z.array(WeekDay),
    /** When the next check-in opens (midnight Vietnam time, i.e. 17:00 UTC). */
    nextOpensAt: Instant,
  })
  .meta({ id: "CheckinState" });
export type CheckinState = z.infer<typeof CheckinState>;

export const CheckinRequest = z
  .object({
    /** Made once per tap by the Mini App and reused on retries: a lost answer is asked again with it. */
    idempotencyKey: IdempotencyKey,
  })
  .meta({ id: "CheckinRequest" });
export type CheckinRequest = z.infer<typeof CheckinRequest>;

export const CheckinResponse = z
  .object({
    checkinId: Uuid,
    date: VietnamDay,
    streak: z.number().int(),
    cycleDay: z.number().int(),
    /** Points credited (0 when the day's configured points are 0: the check-in still counts). */
    points: z.number().int(),
    /** The member's balance right after this check-in. */
    balance: z.number().int(),
    /** The same idempotency key sent again: this is the first answer, nothing new happened. */
    replayed: z.boolean(),
    at: Instant,
  })
  .meta({ id: "CheckinResponse" });
export type CheckinResponse = z.infer<typeof CheckinResponse>;
