/**
 * A wheel campaign's results (console) and its draw log as CSV or XLSX (issue 14; decision 0031).
 *
 * Results count the draw log itself (not the campaign counters), so a day range is exact:
 * spins, unique players, wins by segment, points and vouchers given with the points' value at
 * the brand's redemption rate, plays granted per action and points spent buying plays. Next to
 * them, the brand's check-ins (streaks) and referral funnel over the same period (decision 0037).
 *
 * The CSV holds what replays a draw through domain/game/draw replayDraw (version, random value,
 * effective weights, the state: stock left, counters, member wins, rewards available) and its
 * outcome; the member is a per-campaign pseudonym (sha256 of campaign and member ids), so the
 * file can go to an auditor without naming anyone and still count draws per member.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import type { ExportFormat } from "../../../contract/exports";
import type { GameResults } from "../../../contract/game";
import { PLAY_GRANT_SOURCES, type PlayGrantSource, type WheelCampaignConfig } from "../../../domain/game/wheel";
import type { Locale } from "../../../domain/locale/locale";
import { civilDateText, DAY_MS, vietnamDate, vietnamDayNumber, startOfVietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import type { Db } from "../../db/client";
import {
  checkins,
  gameCampaigns,
  gameCampaignVersions,
  gameDraws,
  gamePlayGrants,
  gamePrizeStock,
  ledgerEntries,
  loyaltySettings,
  rewards,
} from "../../db/schema";
import { referralFunnel } from "../referrals/funnel";
import { exportBody, exportFilename, recordExport, type Exporter, type ExportFile, type Sheet } from "../exports/export-stream";

/** A VietnamDay ("YYYY-MM-DD") as the day number game_draws.day holds (days since 1970-01-01 in UTC+7). */
export const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayText = (n: number) => civilDateText(vietnamDate(n * DAY_MS));

async function campaignRow(db: Db, brandId: string, campaignId: string) {
  const [row] = await db
    .select()
    .from(gameCampaigns)
    .where(and(eq(gameCampaigns.id, campaignId), eq(gameCampaigns.brandId, brandId)));
  return row ?? null;
}

export async function gameResults(
  db: Db,
  brandId: string,
  campaignId: string,
  range: { from?: string; to?: string },
  now: number,
): Promise<GameResults | null> {
  const campaign = await campaignRow(db, brandId, campaignId);
  if (!campaign) return null;
  const inRange = (day: typeof gameDraws.day | typeof gamePlayGrants.day) =>
    and(range.from ? gte(day, dayNumber(range.from)) : undefined, range.to ? lte(day, dayNumber(range.to)) : undefined);
  const drawScope = and(eq(gameDraws.campaignId, campaignId), inRange(gameDraws.day));
  const [versions, stockRows, [totals], bySegment, byDay, grants, [bought], [settings], [voucherCost]] = await Promise.all([
    db
      .select({ version: gameCampaignVersions.version, config: gameCampaignVersions.config })
      .from(gameCampaignVersions)
      .where(eq(gameCampaignVersions.campaignId, campaignId))
      .orderBy(asc(gameCampaignVersions.version)),
    db.select().from(gamePrizeStock).where(eq(gamePrizeStock.campaignId, campaignId)),
    db
      .select({
        spins: sql<number>`count(*)::int`,
        players: sql<number>`count(distinct ${gameDraws.memberId})::int`,
        wins: sql<number>`(count(*) filter (where ${gameDraws.prize} <> 'nothing'))::int`,
        points: sql<number>`coalesce(sum(${gameDraws.points}), 0)::bigint`,
        vouchers: sql<number>`(count(*) filter (where ${gameDraws.prize} = 'reward'))::int`,
      })
      .from(gameDraws)
      .where(drawScope),
    db
      .select({ segmentId: gameDraws.segmentId, draws: sql<number>`count(*)::int` })
      .from(gameDraws)
      .where(drawScope)
      .groupBy(gameDraws.segmentId),
    db
      .select({
        day: gameDraws.day,
        spins: sql<number>`count(*)::int`,
        wins: sql<number>`(count(*) filter (where ${gameDraws.prize} <> 'nothing'))::int`,
        points: sql<number>`coalesce(sum(${gameDraws.points}), 0)::bigint`,
      })
      .from(gameDraws)
      .where(drawScope)
      .groupBy(gameDraws.day)
      .orderBy(asc(gameDraws.day)),
    db
      .select({ source: gamePlayGrants.source, plays: sql<number>`coalesce(sum(${gamePlayGrants.plays}), 0)::int` })
      .from(gamePlayGrants)
      .where(and(eq(gamePlayGrants.campaignId, campaignId), inRange(gamePlayGrants.day)))
      .groupBy(gamePlayGrants.source),
    db
      .select({ points: sql<number>`coalesce(sum(abs(${ledgerEntries.points})), 0)::bigint` })
      .from(gamePlayGrants)
      .innerJoin(ledgerEntries, eq(ledgerEntries.id, gamePlayGrants.ledgerEntryId))
      .where(and(eq(gamePlayGrants.campaignId, campaignId), eq(gamePlayGrants.source, "bought"), inRange(gamePlayGrants.day))),
    db.select({ pointValueVnd: loyaltySettings.pointValueVnd }).from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId)),
    db
      .select({ points: sql<number>`coalesce(sum(${rewards.pointsCost}), 0)::bigint` })
      .from(gameDraws)
      .innerJoin(rewards, eq(rewards.id, gameDraws.rewardId))
      .where(and(drawScope, eq(gameDraws.prize, "reward"))),
  ]);
  // Segments of the version in force, in wheel order, then any a later version dropped that still has draws.
  const current = versions[versions.length - 1]!.config;
  const seen = new Map<string, WheelCampaignConfig["segments"][number]>();
  for (const v of [...versions].reverse()) for (const s of v.config.segments) if (!seen.has(s.id)) seen.set(s.id, s);
  const drawn = new Map(bySegment.map((r) => [r.segmentId, Number(r.draws)]));
  const ids = [...current.segments.map((s) => s.id), ...[...drawn.keys()].filter((id) => !current.segments.some((s) => s.id === id))];
  const stock = new Map(stockRows.map((r) => [r.segmentId, r.stockLeft]));
  const playsGranted = Object.fromEntries(PLAY_GRANT_SOURCES.map((s) => [s, 0])) as Record<PlayGrantSource, number>;
  for (const g of grants) playsGranted[g.source] = Number(g.plays);
  const period = resultsPeriod(current, range, now);
  const [checkinStats, referralStats] = await Promise.all([checkinResults(db, brandId, period), referralResults(db, brandId, period)]);
  const pointsGiven = Number(totals?.points ?? 0);
  const rate = settings?.pointValueVnd ?? null;
  return {
    campaignId,
    spins: Number(totals?.spins ?? 0),
    uniquePlayers: Number(totals?.players ?? 0),
    wins: Number(totals?.wins ?? 0),
    bySegment: ids.map((id) => {
      const s = seen.get(id)!;
      return {
        segmentId: id,
        label: s.label,
        prize: s.prize,
        draws: drawn.get(id) ?? 0,
        stockLeft: s.prize === "nothing" ? null : stock.has(id) ? stock.get(id)! : s.stock,
      };
    }),
    pointsGiven,
    pointsValueVnd: rate === null ? null : pointsGiven * rate,
    pointValueVnd: rate,
    vouchersGiven: Number(totals?.vouchers ?? 0),
    playsGranted,
    pointsSpentOnPlays: Number(bought?.points ?? 0),
    byDay: byDay.map((d) => ({ day: dayText(d.day), spins: Number(d.spins), wins: Number(d.wins), points: Number(d.points) })),
    vouchersPointsCost: Number(voucherCost?.points ?? 0),
    period: { from: dayText(period.from), to: dayText(period.to) },
    checkins: checkinStats,
    referrals: referralStats,
  };
}

/** Day numbers, both ends included. */
type Period = { from: number; to: number };

/** The query's days, else the campaign's window up to today (a campaign not yet started: its first day). */
function resultsPeriod(config: WheelCampaignConfig, range: { from?: string; to?: string }, now: number): Period {
  const start = vietnamDayNumber(config.startsAt);
  // endsAt is exclusive: a window ending at midnight ends the day before.
  const to = range.to ? dayNumber(range.to) : Math.max(start, Math.min(vietnamDayNumber(config.endsAt - 1), vietnamDayNumber(now)));
  const from = range.from ? dayNumber(range.from) : Math.min(start, to);
  return { from, to };
}

async function checkinResults(db: Db, brandId: string, period: Period): Promise<GameResults["checkins"]> {
  const inPeriod = and(eq(checkins.brandId, brandId), gte(checkins.day, dayText(period.from)), lte(checkins.day, dayText(period.to)));
  // A streak is alive on the last day when the member checked in that day or the day before;
  // their latest of those two rows says where in the 7-day cycle they stand.
  const latest = db
    .selectDistinctOn([checkins.memberId], { memberId: checkins.memberId, cycleDay: checkins.cycleDay })
    .from(checkins)
    .where(and(eq(checkins.brandId, brandId), inArray(checkins.day, [dayText(period.to - 1), dayText(period.to)])))
    .orderBy(checkins.memberId, desc(checkins.day))
    .as("latest");
  const [[totals], byDay, streaks] = await Promise.all([
    db
      .select({
        checkins: sql<number>`count(*)::int`,
        members: sql<number>`count(distinct ${checkins.memberId})::int`,
        points: sql<number>`coalesce(sum(${checkins.points}), 0)::bigint`,
      })
      .from(checkins)
      .where(inPeriod),
    db
      .select({ day: checkins.day, checkins: sql<number>`count(*)::int` })
      .from(checkins)
      .where(inPeriod)
      .groupBy(checkins.day)
      .orderBy(asc(checkins.day)),
    db
      .select({ cycleDay: latest.cycleDay, members: sql<number>`count(*)::int` })
      .from(latest)
      .groupBy(latest.cycleDay),
  ]);
  const atDay = new Map(streaks.map((r) => [r.cycleDay, Number(r.members)]));
  return {
    checkins: Number(totals?.checkins ?? 0),
    members: Number(totals?.members ?? 0),
    pointsGiven: Number(totals?.points ?? 0),
    streaks: [1, 2, 3, 4, 5, 6, 7].map((cycleDay) => ({ cycleDay, members: atDay.get(cycleDay) ?? 0 })),
    byDay: byDay.map((d) => ({ day: d.day, checkins: Number(d.checkins) })),
  };
}

/** The period's referral funnel: the same query as the console's referral results (referrals/funnel). */
async function referralResults(db: Db, brandId: string, period: Period): Promise<GameResults["referrals"]> {
  const startOf = (day: number) => new Date(startOfVietnamDayNumber(day));
  const { referrerPoints, friendPoints, ...funnel } = await referralFunnel(db, brandId, startOf(period.from), startOf(period.to + 1));
  return { ...funnel, pointsGiven: referrerPoints + friendPoints };
}

// ── Draw log CSV ───────────────────────────────────────────────────────────────────────────

export const DRAW_LOG_COLUMNS = [
  "seq",
  "draw_id",
  "drawn_at",
  "day",
  "version",
  "member_ref",
  "play_source",
  "random",
  "weights",
  "stock_left",
  "wins_today",
  "wins_total",
  "points_today",
  "member_wins",
  "reward_available",
  "segment_index",
  "segment_id",
  "prize",
  "points",
  "voucher_issued",
] as const;

const HEADERS: Record<Locale, Record<(typeof DRAW_LOG_COLUMNS)[number], string>> = {
  en: Object.fromEntries(DRAW_LOG_COLUMNS.map((c) => [c, c])) as Record<(typeof DRAW_LOG_COLUMNS)[number], string>,
  vi: {
    seq: "stt",
    draw_id: "ma_luot_quay",
    drawn_at: "thoi_diem",
    day: "ngay",
    version: "phien_ban",
    member_ref: "ma_an_danh_khach",
    play_source: "nguon_luot",
    random: "so_ngau_nhien",
    weights: "trong_so",
    stock_left: "ton_kho",
    wins_today: "giai_trong_ngay",
    wins_total: "tong_giai",
    points_today: "diem_trong_ngay",
    member_wins: "giai_cua_khach",
    reward_available: "qua_con_phat",
    segment_index: "chi_so_o",
    segment_id: "ma_o",
    prize: "loai_giai",
    points: "diem",
    voucher_issued: "co_voucher",
  },
};

const memberRef = (campaignId: string, memberId: string) =>
  createHash("sha256").update(`${campaignId}:${memberId}`).digest("hex").slice(0, 16);

/**
 * The campaign's draw log, oldest first, read in batches by seq through the shared export
 * mechanism; null: no such campaign. The file names no one (pseudonyms), yet each export is
 * recorded in the audit log like every other export.
 */
export async function drawLogExport(
  db: Db,
  actor: Exporter,
  campaignId: string,
  { locale, format }: { locale: Locale; format: ExportFormat },
  now: number,
  batch = 500,
): Promise<ExportFile | null> {
  const campaign = await campaignRow(db, actor.brandId, campaignId);
  if (!campaign) return null;
  // The log as it stood when asked: draws made while the file streams are left out, so the count holds.
  const [top] = await db
    .select({ seq: sql<number | string | null>`max(${gameDraws.seq})`, n: sql<number | string>`count(*)` })
    .from(gameDraws)
    .where(eq(gameDraws.campaignId, campaignId));
  const upTo = Number(top?.seq ?? 0);
  const rows = Number(top?.n ?? 0);
  await recordExport(db, now, actor, {
    action: "data_exported",
    subjectId: campaignId,
    detail: { export: "game_draws", rows, locale, format },
  });
  const sheet: Sheet<typeof gameDraws.$inferSelect, number> = {
    header: DRAW_LOG_COLUMNS.map((c) => HEADERS[locale][c]),
    read: (after, limit) =>
      db
        .select()
        .from(gameDraws)
        .where(and(eq(gameDraws.campaignId, campaignId), gt(gameDraws.seq, after ?? 0), lte(gameDraws.seq, upTo)))
        .orderBy(asc(gameDraws.seq))
        .limit(limit),
    key: (d) => d.seq,
    cells: (d) => [
      d.seq,
      d.id,
      d.drawnAt.toISOString(),
      dayText(d.day),
      d.version,
      memberRef(campaignId, d.memberId),
      d.playSource,
      d.random,
      JSON.stringify(d.weights),
      JSON.stringify(d.state.stockLeft),
      d.state.winsToday,
      d.state.winsTotal,
      d.state.pointsToday,
      d.state.memberWins,
      d.state.rewardAvailable ? JSON.stringify(d.state.rewardAvailable) : "",
      d.segmentIndex,
      d.segmentId,
      d.prize,
      d.points,
      d.voucherId ? 1 : 0,
    ],
  };
  const base = `vong-quay_${campaignId.slice(0, 8)}_${civilDateText(vietnamDate(now))}`;
  return { rows, format, filename: exportFilename(base, format), body: exportBody(sheet, format, { batch, sheetName: "vong-quay" }) };
}
