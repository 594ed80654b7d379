/** The member's daily check-in (issue 14; docs/decisions/0032-checkin-and-referrals.md). */
import { and, desc, eq, gte } from "drizzle-orm";
import type { CheckinResponse, CheckinState } from "../../../contract/checkin";
import { CHECKIN_CYCLE_DAYS, checkinView, decideCheckin, DEFAULT_CHECKIN_CONFIG, type CheckinConfig } from "../../../domain/game/checkin";
import type { SystemReason } from "../../../domain/loyalty/ledger";
import { addDays, civilDateText, endOfVietnamDay, vietnamDate, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import type { Db, Tx } from "../../db/client";
import { checkins, checkinSettings } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { credit, lockMember } from "../loyalty/posting";
import { loyaltySettingsOf } from "../loyalty/settings";

export async function checkinConfigOf(db: Db | Tx, brandId: string): Promise<CheckinConfig> {
  const [row] = await db
    .select({ enabled: checkinSettings.enabled, pointsPerDay: checkinSettings.pointsPerDay })
    .from(checkinSettings)
    .where(eq(checkinSettings.brandId, brandId));
  return row ?? DEFAULT_CHECKIN_CONFIG;
}

const dayNumberOf = (date: string) => vietnamDayNumber(Date.parse(`${date}T12:00:00+07:00`));

/** The member's check-ins of the last two weeks (enough for the view's cycle and week), as the domain reads them. */
async function recentCheckins(db: Db | Tx, memberId: string, now: number) {
  const since = civilDateText(addDays(vietnamDate(now), -2 * CHECKIN_CYCLE_DAYS));
  const rows = await db
    .select({ day: checkins.day, streak: checkins.streak })
    .from(checkins)
    .where(and(eq(checkins.memberId, memberId), gte(checkins.day, since)))
    .orderBy(desc(checkins.day));
  return rows.map((r) => ({ day: dayNumberOf(r.day), streak: r.streak }));
}

/** The latest check-in whatever its age (a streak is alive only if it was yesterday, but a clock set back must still see it). */
async function latestCheckin(tx: Tx, memberId: string) {
  const [row] = await tx
    .select({ day: checkins.day, streak: checkins.streak })
    .from(checkins)
    .where(eq(checkins.memberId, memberId))
    .orderBy(desc(checkins.day))
    .limit(1);
  return row ? { day: dayNumberOf(row.day), streak: row.streak } : null;
}

export async function checkinState(db: Db, now: number, member: MemberRef): Promise<CheckinState> {
  const [config, recent] = await Promise.all([checkinConfigOf(db, member.brandId), recentCheckins(db, member.id, now)]);
  return { ...checkinView(config, recent, now), nextOpensAt: new Date(endOfVietnamDay(now) + 1).toISOString() };
}

/** The ledger key of a day's check-in: the ledger's own unique index is the last guard of one a day. */
export const checkinLedgerKey = (memberId: string, date: string) => `checkin:${memberId}:${date}`;

/**
 * One check-in, in one transaction under the member's row lock: parallel taps from every device
 * take turns, so the first inserts the day's row and credits the points, the rest find it.
 * The same idempotency key answers what the first did (replayed); another key the same day is
 * checkin_already_today. The unique (member, day) index is the database's own guarantee.
 */
export async function checkIn(db: Db, now: number, member: MemberRef, idempotencyKey: string): Promise<Outcome<CheckinResponse>> {
  return inTransaction(db, async (tx) => {
    const locked = await lockMember(tx, member.id);
    if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
    const [prior] = await tx
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, member.id), eq(checkins.idempotencyKey, idempotencyKey)));
    if (prior) {
      return {
        checkinId: prior.id,
        date: prior.day,
        streak: prior.streak,
        cycleDay: prior.cycleDay,
        points: prior.points,
        balance: locked.balance,
        replayed: true,
        at: prior.at.toISOString(),
      };
    }
    const config = await checkinConfigOf(tx, member.brandId);
    const decision = decideCheckin(config, await latestCheckin(tx, member.id), now);
    if (!decision.ok) {
      if (decision.reason === "disabled") throw new Refusal("checkin_disabled", "The brand does not run check-ins now.");
      const today = civilDateText(vietnamDate(now));
      throw new Refusal("checkin_already_today", "The member already checked in today.", { date: today });
    }
    let ledgerEntryId: string | null = null;
    if (decision.points > 0) {
      const settings = await loyaltySettingsOf(tx, member.brandId);
      const entry = await credit(tx, locked, decision.points, {
        // A certain reward for an action, like the survey and profile bonuses; game_prize is the wheel's.
        kind: "bonus",
        actorKind: "game",
        actorId: locked.userId,
        at: now,
        reason: "daily_checkin" satisfies SystemReason,
        idempotencyKey: checkinLedgerKey(member.id, decision.date),
        validityMonths: settings.lotValidityMonths,
      });
      ledgerEntryId = entry.id;
    }
    const [row] = await tx
      .insert(checkins)
      .values({
        brandId: member.brandId,
        memberId: member.id,
        day: decision.date,
        streak: decision.streak,
        cycleDay: decision.cycleDay,
        points: decision.points,
        ledgerEntryId,
        idempotencyKey,
        at: new Date(now),
      })
      .returning();
    return {
      checkinId: row!.id,
      date: decision.date,
      streak: decision.streak,
      cycleDay: decision.cycleDay,
      points: decision.points,
      balance: locked.balance,
      replayed: false,
      at: new Date(now).toISOString(),
    };
  });
}
