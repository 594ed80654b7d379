/** Referrals in the console: the brand's configuration (managers write, audited) and the funnel. */
import { eq, sql } from "drizzle-orm";
import type { ConsoleReferralConfig, ReferralConfigSchema, ReferralResults } from "../../../contract/referrals";
import { DEFAULT_REFERRAL_CONFIG, validateReferralConfig } from "../../../domain/game/referral";
import { addDays } from "../../../domain/loyalty/vietnam-time";
import { queryRows, type Db } from "../../db/client";
import { auditEvents, referralSettings, users } from "../../db/schema";
import type { Auth } from "../../http/context";
import { periodOf, type SaveConfigOutcome } from "../checkin/console";
import { referralFunnel } from "./funnel";

export async function consoleReferralConfig(db: Db, brandId: string): Promise<ConsoleReferralConfig> {
  const [row] = await db
    .select({
      enabled: referralSettings.enabled,
      referrerPoints: referralSettings.referrerPoints,
      friendPoints: referralSettings.friendPoints,
      monthlyCap: referralSettings.monthlyCap,
      updatedAt: referralSettings.updatedAt,
      updatedBy: users.displayName,
    })
    .from(referralSettings)
    .leftJoin(users, eq(users.id, referralSettings.updatedBy))
    .where(eq(referralSettings.brandId, brandId));
  if (!row) return { ...DEFAULT_REFERRAL_CONFIG, updatedAt: null, updatedBy: null };
  return { ...row, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy ?? null };
}

export async function saveReferralConfig(
  db: Db,
  now: number,
  auth: Auth,
  input: ReferralConfigSchema,
): Promise<SaveConfigOutcome<ConsoleReferralConfig>> {
  const issues = validateReferralConfig(input);
  if (issues.length) return { ok: false, issues };
  const before = await consoleReferralConfig(db, auth.brandId);
  const at = new Date(now);
  await db.transaction(async (tx) => {
    const values = { ...input, updatedAt: at, updatedBy: auth.userId };
    await tx
      .insert(referralSettings)
      .values({ brandId: auth.brandId, ...values })
      .onConflictDoUpdate({ target: referralSettings.brandId, set: values });
    await tx.insert(auditEvents).values({
      brandId: auth.brandId,
      actorId: auth.userId,
      action: "referral_config_changed",
      subjectId: auth.brandId,
      at,
      detail: {
        enabledBefore: before.enabled,
        enabledAfter: input.enabled,
        referrerPointsBefore: before.referrerPoints,
        referrerPointsAfter: input.referrerPoints,
        friendPointsBefore: before.friendPoints,
        friendPointsAfter: input.friendPoints,
        monthlyCapBefore: before.monthlyCap,
        monthlyCapAfter: input.monthlyCap,
      },
    });
  });
  return { ok: true, value: await consoleReferralConfig(db, auth.brandId) };
}

const startOfVietnamDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+07:00`));

/** The funnel of the invites made in the period (Vietnam days), their points, and the top referrers. */
export async function referralResults(db: Db, now: number, brandId: string, q: { from?: string; to?: string }): Promise<ReferralResults> {
  const { from, to } = periodOf(now, q);
  const [y, m, d] = to.split("-").map(Number) as [number, number, number];
  const next = addDays({ year: y, month: m, day: d }, 1);
  const since = startOfVietnamDay(from);
  const until = new Date(Date.UTC(next.year, next.month - 1, next.day) - 7 * 3_600_000);
  const { referrerPoints, friendPoints, ...funnel } = await referralFunnel(db, brandId, since, until);
  const top = await queryRows<{
    member_id: string;
    display_name: string;
    invited: string | number;
    rewarded: string | number;
    points: string | number;
  }>(
    db,
    sql`select r.referrer_member_id as member_id, u.display_name, count(*) as invited,
          count(*) filter (where r.state = 'rewarded') as rewarded,
          coalesce(sum(case when r.state = 'reversed' then r.referrer_shortfall else r.referrer_points end), 0) as points
        from referrals r join members m on m.id = r.referrer_member_id join users u on u.id = m.user_id
        where r.brand_id = ${brandId} and r.invited_at >= ${since.toISOString()} and r.invited_at < ${until.toISOString()}
        group by r.referrer_member_id, u.display_name
        order by rewarded desc, invited desc, u.display_name limit 10`,
  );
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  return {
    from,
    to,
    funnel,
    points: { referrers: referrerPoints, friends: friendPoints },
    topReferrers: top.map((r) => ({
      memberId: r.member_id,
      displayName: r.display_name,
      invited: n(r.invited),
      rewarded: n(r.rewarded),
      points: n(r.points),
    })),
  };
}
