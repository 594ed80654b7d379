/** The console's reads of loyalty: member detail, rewards, points liability. */
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { vietnamDayNumberSql } from "../../db/vietnam-day";
import type { Liability, MemberDetail } from "../../../contract/loyalty";
import { expiryProfile } from "../../../domain/loyalty/liability";
import { maskVnPhone } from "../../../domain/messaging/phone";
import type { Db } from "../../db/client";
import { ledgerEntries, loyaltySettings, members, pointLots, rewards, stores } from "../../db/schema";
import { formatMemberNo, memberWithUser } from "../members/cards";
import { rewardView } from "./rewards-view";
import { consoleLedgerPage, memberSummary, memberVouchers } from "./summary";
import { toConsoleVoucher } from "./voucher-reveal";

/** The detail carries this many latest ledger entries; the rest page through the member ledger endpoint. */
export const MEMBER_DETAIL_LEDGER_LIMIT = 50;

/** A member of the brand with balance, open lots, latest ledger entries and vouchers; null when not in this brand. */
export async function memberDetail(
  db: Db,
  brandId: string,
  memberId: string,
  now: number,
  locale: Parameters<typeof memberSummary>[3],
): Promise<MemberDetail | null> {
  const [m] = await memberWithUser(db).where(and(eq(members.id, memberId), eq(members.brandId, brandId)));
  if (!m) return null;
  const lots = await db
    .select()
    .from(pointLots)
    .where(and(eq(pointLots.memberId, memberId), gt(pointLots.remaining, 0)))
    .orderBy(asc(pointLots.expiresAt));
  const ledger = await consoleLedgerPage(db, { brandId, memberId, limit: MEMBER_DETAIL_LEDGER_LIMIT });
  return {
    memberId: m.id,
    memberNo: formatMemberNo(m.memberSeq),
    displayName: m.displayName,
    avatarUrl: m.avatarUrl,
    phoneMasked: m.phone ? maskVnPhone(m.phone) : null,
    joinedAt: m.joinedAt.toISOString(),
    summary: (await memberSummary(db, memberId, now, locale))!,
    lots: lots.map((l) => ({
      id: l.id,
      original: l.original,
      remaining: l.remaining,
      earnedAt: l.earnedAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
    })),
    ledger: ledger.items,
    ledgerNextCursor: ledger.nextCursor,
    // Masked: a live code is a bearer token (voucher-reveal.ts).
    vouchers: (await memberVouchers(db, memberId, now)).map(toConsoleVoucher),
  };
}

/** Whether the member belongs to the brand. */
export async function memberInBrand(db: Db, brandId: string, memberId: string): Promise<boolean> {
  const [m] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)));
  return Boolean(m);
}

/** All rewards of the brand, active first. */
export async function rewardList(db: Db, brandId: string) {
  const rows = await db.select().from(rewards).where(eq(rewards.brandId, brandId)).orderBy(desc(rewards.active), asc(rewards.pointsCost));
  return { items: rows.map(rewardView) };
}

/**
 * Open points by where and by whom they were earned, over the whole brand: the liability rule
 * of `liability()` (a lot's store is the store of the entry that created it), split further by
 * that entry's person (the scanner at the counter; null for imports, bonuses, adjustments'
 * system rows). One grouped read; the store loop view (features/insights) sums it per store.
 */
export async function openPointsByStoreAndActor(
  db: Db,
  brandId: string,
): Promise<{ storeId: string | null; actorId: string | null; points: number }[]> {
  const rows = await db
    .select({ storeId: ledgerEntries.storeId, actorId: ledgerEntries.actorId, points: sql<string>`sum(${pointLots.remaining})` })
    .from(pointLots)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, pointLots.id))
    .where(and(eq(ledgerEntries.brandId, brandId), gt(pointLots.remaining, 0)))
    .groupBy(ledgerEntries.storeId, ledgerEntries.actorId);
  return rows.map((r) => ({ storeId: r.storeId, actorId: r.actorId, points: Number(r.points) }));
}

/**
 * Outstanding points per store (where they were earned), one page of stores at a time, and
 * their expiry profile by month. Every read is bounded: the stores by the page, the lots by
 * summing them per Vietnam day of expiry in SQL (at most a year and a bit of days).
 */
export async function liability(
  db: Db,
  brandId: string,
  now: number,
  page: { storeLimit: number; storesAfter?: string },
): Promise<Liability> {
  const offset = Number(page.storesAfter ?? 0);
  // A lot's store is the store of the entry that created it (adjustments and bonuses have none).
  const byStore = await db
    .select({ storeId: ledgerEntries.storeId, storeName: stores.name, points: sql<string>`sum(${pointLots.remaining})` })
    .from(pointLots)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, pointLots.id))
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .where(and(eq(ledgerEntries.brandId, brandId), gt(pointLots.remaining, 0)))
    .groupBy(ledgerEntries.storeId, stores.name)
    .orderBy(stores.name, ledgerEntries.storeId)
    .limit(page.storeLimit + 1)
    .offset(offset);
  const open = and(eq(members.brandId, brandId), gt(pointLots.remaining, 0));
  const [total] = await db
    .select({ points: sql<string>`coalesce(sum(${pointLots.remaining}), 0)` })
    .from(pointLots)
    .innerJoin(members, eq(members.id, pointLots.memberId))
    .where(open);
  // One row per Vietnam day of expiry, with its earliest expiry: the same months as lot by lot.
  const vietnamDay = vietnamDayNumberSql(pointLots.expiresAt);
  const days = await db
    .select({ remaining: sql<string>`sum(${pointLots.remaining})`, expiresAt: sql<Date | string>`min(${pointLots.expiresAt})` })
    .from(pointLots)
    .innerJoin(members, eq(members.id, pointLots.memberId))
    .where(open)
    .groupBy(vietnamDay);
  const [settings] = await db
    .select({ pointValueVnd: loyaltySettings.pointValueVnd })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  const storeRows = byStore
    .slice(0, page.storeLimit)
    .map((r) => ({ storeId: r.storeId, storeName: r.storeName, points: Number(r.points) }));
  return {
    outstandingPoints: Number(total?.points ?? 0),
    byStore: storeRows,
    byStoreNextCursor: byStore.length > page.storeLimit ? String(offset + page.storeLimit) : null,
    expiryProfile: expiryProfile(
      days.map((d) => ({ remaining: Number(d.remaining), expiresAt: new Date(d.expiresAt).getTime() })),
      now,
    ),
    pointValueVnd: settings?.pointValueVnd ?? null,
  };
}
