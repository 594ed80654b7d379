/**
 * Who is due now for each trigger kind: SQL narrows the brand's members with bounds from the
 * domain, then the domain's rule (domain/triggers) decides and names the occurrence. Occurrences
 * already fired are left out. The preview and the pass read the same list, so "who would get it
 * today" is what a pass sends.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { TIER_CODES, type TierCode } from "../../../domain/loyalty/tiers";
import type { FieldValues } from "../../../domain/messaging/zns-template";
import { birthdayWindow } from "../../../domain/segments/calendar";
import {
  apologyOccurrence,
  birthdayOccurrence,
  EVENT_MAX_AGE_MS,
  expiringUntil,
  lapsedBefore,
  occurrenceKey,
  pointsExpiringOccurrence,
  SURVEY_MAX_LATE_MS,
  surveyOccurrence,
  tierUpgradeOccurrence,
  winBackOccurrence,
} from "../../../domain/triggers/triggers";
import { queryRows, type Db, type Tx } from "../../db/client";
import {
  consents,
  feedbackCases,
  ledgerEntries,
  members,
  messageCursors,
  messages,
  pointLots,
  triggerFirings,
  triggerTierMarks,
  users,
} from "../../db/schema";
import type { EffectiveTrigger } from "./store";

export type Candidate = {
  memberId: string;
  period: string;
  /** Values only this occurrence has (the earn a survey asks about). */
  earn?: { entryId: string; storeId: string | null };
  /** tier_upgrade: the tier reached (the member's mark is moved to it when the trigger fires). */
  tier?: TierCode;
  extras?: FieldValues;
};

const live = (brandId: string) => and(eq(members.brandId, brandId), isNull(members.erasedAt));

/** Every due occurrence of the trigger at `now`, fired ones included. */
async function dueOccurrences(q: Db | Tx, brandId: string, t: EffectiveTrigger, now: number): Promise<Candidate[]> {
  const s = t.settings;
  const enabledAt = t.enabledAt?.getTime() ?? now;
  switch (t.kind) {
    case "welcome":
      return [];
    case "birthday": {
      const days = s.daysBefore ?? 0;
      // A CASE, not an AND: the cast must never see a value that is not a number (no 5xx from odd answers).
      const key = sql`(case when jsonb_typeof(pa.value->'month') = 'number' and jsonb_typeof(pa.value->'day') = 'number'
        then floor((pa.value->>'month')::numeric)::int * 100 + floor((pa.value->>'day')::numeric)::int end)`;
      const ranges = birthdayWindow(now, days).map(([lo, hi]) => sql`${key} between ${lo} and ${hi}`);
      const rows = await queryRows<{ id: string; value: { month?: number; day?: number } }>(
        q,
        sql`select m.id, pa.value from members m join preference_answers pa on pa.member_id = m.id and pa.question_id = 'birthday'
          where m.brand_id = ${brandId} and m.erased_at is null
            and (${sql.join(ranges, sql` or `)})
          order by m.member_seq`,
      );
      return rows.flatMap((r) => {
        const o = birthdayOccurrence(now, days, { month: Number(r.value.month), day: Number(r.value.day) });
        return o ? [{ memberId: r.id, period: o.period }] : [];
      });
    }
    case "points_expiring": {
      const within = s.withinDays ?? 7;
      const rows = await q
        .selectDistinctOn([pointLots.memberId], { memberId: pointLots.memberId, expiresAt: pointLots.expiresAt })
        .from(pointLots)
        .innerJoin(members, eq(members.id, pointLots.memberId))
        .where(
          and(
            live(brandId),
            gt(pointLots.remaining, 0),
            gt(pointLots.expiresAt, new Date(now)),
            lte(pointLots.expiresAt, new Date(expiringUntil(now, within))),
          ),
        )
        .orderBy(pointLots.memberId, asc(pointLots.expiresAt));
      return rows.flatMap((r) => {
        const o = pointsExpiringOccurrence(now, within, r.expiresAt.getTime());
        return o ? [{ memberId: r.memberId, period: o.period }] : [];
      });
    }
    case "win_back": {
      const after = s.afterDays ?? 60;
      const rows = await q
        .select({ memberId: ledgerEntries.memberId, last: sql<Date | string>`max(${ledgerEntries.occurredAt})` })
        .from(ledgerEntries)
        .innerJoin(members, eq(members.id, ledgerEntries.memberId))
        .where(and(live(brandId), eq(ledgerEntries.brandId, brandId), eq(ledgerEntries.kind, "earn")))
        .groupBy(ledgerEntries.memberId)
        .having(sql`max(${ledgerEntries.occurredAt}) <= ${new Date(lapsedBefore(now, after)).toISOString()}::timestamptz`);
      return rows.flatMap((r) => {
        const o = winBackOccurrence(now, after, new Date(r.last).getTime());
        return o ? [{ memberId: r.memberId, period: o.period }] : [];
      });
    }
    case "post_purchase_survey": {
      const delay = (s.delayHours ?? 2) * 3_600_000;
      const from = Math.max(enabledAt, now - delay - SURVEY_MAX_LATE_MS);
      const rows = await q
        .select({ id: ledgerEntries.id, memberId: ledgerEntries.memberId, storeId: ledgerEntries.storeId, at: ledgerEntries.occurredAt })
        .from(ledgerEntries)
        .innerJoin(members, eq(members.id, ledgerEntries.memberId))
        .where(
          and(
            live(brandId),
            eq(ledgerEntries.brandId, brandId),
            eq(ledgerEntries.kind, "earn"),
            gte(ledgerEntries.occurredAt, new Date(from)),
            lte(ledgerEntries.occurredAt, new Date(now - delay)),
          ),
        )
        .orderBy(asc(ledgerEntries.seq));
      return rows.flatMap((r) => {
        const o = surveyOccurrence(now, s.delayHours ?? 2, r.at.getTime(), r.id);
        return o ? [{ memberId: r.memberId, period: o.period, earn: { entryId: r.id, storeId: r.storeId } }] : [];
      });
    }
    case "tier_upgrade": {
      const rows = await q
        .select({ id: members.id, tier: members.tier, seen: triggerTierMarks.tier })
        .from(members)
        .innerJoin(triggerTierMarks, eq(triggerTierMarks.memberId, members.id))
        .where(and(live(brandId), sql`${triggerTierMarks.tier} <> ${members.tier}`));
      return rows.flatMap((r) => {
        const o = tierUpgradeOccurrence(now, r.seen, r.tier);
        return o ? [{ memberId: r.id, period: o.period, tier: r.tier }] : [];
      });
    }
    case "detractor_apology": {
      const rows = await q
        .select({ id: feedbackCases.id, memberId: feedbackCases.memberId, closedAt: feedbackCases.closedAt })
        .from(feedbackCases)
        .innerJoin(members, eq(members.id, feedbackCases.memberId))
        .where(
          and(
            live(brandId),
            eq(feedbackCases.brandId, brandId),
            eq(feedbackCases.status, "closed"),
            gte(feedbackCases.closedAt, new Date(Math.max(enabledAt, now - EVENT_MAX_AGE_MS))),
          ),
        )
        .orderBy(asc(feedbackCases.closedAt));
      return rows.flatMap((r) => {
        const o = r.closedAt ? apologyOccurrence(now, r.closedAt.getTime(), enabledAt, r.id) : null;
        return o ? [{ memberId: r.memberId, period: o.period }] : [];
      });
    }
  }
}

/** The occurrences due now and not fired yet. */
export async function dueCandidates(q: Db | Tx, brandId: string, t: EffectiveTrigger, now: number): Promise<Candidate[]> {
  const due = await dueOccurrences(q, brandId, t, now);
  if (!due.length) return due;
  const fired = new Set<string>();
  for (let i = 0; i < due.length; i += 1_000) {
    const chunk = due.slice(i, i + 1_000);
    const rows = await q
      .select({ memberId: triggerFirings.memberId, period: triggerFirings.period })
      .from(triggerFirings)
      .where(
        and(
          eq(triggerFirings.brandId, brandId),
          eq(triggerFirings.kind, t.kind),
          inArray(triggerFirings.memberId, [...new Set(chunk.map((c) => c.memberId))]),
        ),
      );
    for (const r of rows) fired.add(occurrenceKey(t.kind, r.memberId, r.period));
  }
  return due.filter((c) => !fired.has(occurrenceKey(t.kind, c.memberId, c.period)));
}

/**
 * Tier marks: a member not seen yet is marked at their tier now (no message: an upgrade is a
 * change the trigger saw happen), and a member who dropped below their mark is marked lower, so
 * climbing back is an upgrade again. Upgrades move the mark when they fire (fire.ts).
 */
export async function settleTierMarks(db: Db, brandId: string, now: number): Promise<void> {
  await db.execute(sql`insert into ${triggerTierMarks} (member_id, tier, seen_at)
    select m.id, m.tier, ${new Date(now).toISOString()}::timestamptz from ${members} m
    where m.brand_id = ${brandId} and m.erased_at is null
      and not exists (select 1 from ${triggerTierMarks} t where t.member_id = m.id)
    on conflict (member_id) do nothing`);
  const order = sql.raw(`array[${TIER_CODES.map((c) => `'${c}'`).join(",")}]::text[]`);
  const rank = (col: string) => sql`array_position(${order}, ${sql.raw(col)})`;
  await db.execute(sql`update ${triggerTierMarks} t set tier = m.tier, seen_at = ${new Date(now).toISOString()}::timestamptz
    from ${members} m where m.id = t.member_id and m.brand_id = ${brandId} and ${rank("m.tier")} < ${rank("t.tier")}`);
}

/** Welcome: zns_care grants past the dispatcher's cursor whose member has no welcome yet (what its next pass sends). */
export async function pendingWelcomes(q: Db | Tx, brandId: string): Promise<Candidate[]> {
  const [cursor] = await q
    .select({ position: messageCursors.position })
    .from(messageCursors)
    .where(eq(messageCursors.name, `welcome:${brandId}`));
  // No cursor yet: the first pass starts it at the present and sends nothing for the past.
  if (!cursor) return [];
  const rows = await q
    .selectDistinct({ memberId: members.id })
    .from(consents)
    .innerJoin(members, eq(members.userId, consents.userId))
    .innerJoin(users, eq(users.id, members.userId))
    .where(
      and(
        live(brandId),
        eq(consents.purpose, "zns_care"),
        eq(consents.granted, true),
        gt(consents.id, cursor.position),
        sql`not exists (select 1 from ${messages} x where x.brand_id = ${brandId} and x.dedupe_key = 'welcome:' || ${members.id}::text)`,
      ),
    );
  return rows.map((r) => ({ memberId: r.memberId, period: "once" }));
}
