import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { LedgerItem, MemberSummary, VoucherView } from "../../../contract/loyalty";
import type { Locale } from "../../../domain/locale/locale";
import { availablePoints, nextExpiry } from "../../../domain/loyalty/lots";
import { tierDef, tierProgress, tierRulesText, type TierCode, type TierRules } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { voucherQrPayload } from "../../../domain/loyalty/vouchers";
import type { Db, Tx } from "../../db/client";
import { ledgerEntries, members, rewards, stores, vouchers } from "../../db/schema";
import { openLots, qualifyingSpend } from "./posting";
import { loyaltySettingsOf } from "./settings";

function tierInfo(rules: TierRules, code: TierCode, locale: Locale) {
  const t = tierDef(rules, code);
  return { code: t.code, name: t.name[locale], thresholdVnd: t.thresholdVnd, earnBps: t.earnBps, benefits: t.benefits[locale] };
}

export async function memberSummary(db: Db | Tx, memberId: string, now: number, locale: Locale): Promise<MemberSummary | null> {
  const [m] = await db.select().from(members).where(eq(members.id, memberId));
  if (!m) return null;
  const settings = await loyaltySettingsOf(db, m.brandId);
  const rules = settings.tierRules;
  const lots = await openLots(db as Tx, memberId);
  const spend = await qualifyingSpend(db as Tx, memberId, now - rules.windowDays * DAY_MS);
  const progress = tierProgress(spend, m.tier, rules);
  const expiry = nextExpiry(lots, now);
  return {
    memberId,
    balance: m.pointsBalance,
    available: availablePoints(lots, now),
    tier: tierInfo(rules, m.tier, locale),
    nextTier: progress.next ? tierInfo(rules, progress.next, locale) : null,
    remainingVnd: progress.remainingVnd,
    progress: progress.ratio,
    spendVnd: spend,
    nextExpiry: expiry ? { points: expiry.points, expiresAt: new Date(expiry.expiresAt).toISOString() } : null,
    tierRules: tierRulesText(rules, locale),
  };
}

/** Newest first, keyset-paginated on the ledger's append order. */
export async function ledgerPage(
  db: Db | Tx,
  memberId: string,
  limit: number,
  after?: string,
): Promise<{ items: LedgerItem[]; nextCursor: string | null }> {
  let cursorFilter = undefined;
  if (after) {
    const [c] = await db.select({ seq: ledgerEntries.seq }).from(ledgerEntries).where(eq(ledgerEntries.id, after));
    if (c) cursorFilter = lt(ledgerEntries.seq, c.seq);
  }
  const rows = await db
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      points: ledgerEntries.points,
      balanceAfter: ledgerEntries.balanceAfter,
      occurredAt: ledgerEntries.occurredAt,
      storeName: stores.name,
      receiptNo: ledgerEntries.receiptNo,
      billVnd: ledgerEntries.billVnd,
      reason: ledgerEntries.reason,
      reversed: sql<boolean>`exists (select 1 from ${ledgerEntries} r where r.ref_entry_id = ${ledgerEntries.id} and r.kind = 'reversal')`,
    })
    .from(ledgerEntries)
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .where(and(eq(ledgerEntries.memberId, memberId), cursorFilter))
    .orderBy(desc(ledgerEntries.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString(), reversed: Boolean(r.reversed) }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export async function memberVouchers(db: Db | Tx, memberId: string, now: number, ids?: string[]): Promise<VoucherView[]> {
  const rows = await db
    .select({ v: vouchers, rewardName: rewards.name })
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .where(and(eq(vouchers.memberId, memberId), ids ? inArray(vouchers.id, ids) : undefined))
    .orderBy(desc(vouchers.issuedAt))
    .limit(200);
  return rows.map(({ v, rewardName }) => toVoucherView(v, rewardName, now));
}

export function toVoucherView(v: typeof vouchers.$inferSelect, rewardName: string, now: number): VoucherView {
  const status = v.status === "issued" && v.expiresAt.getTime() <= now ? "expired" : v.status;
  return {
    id: v.id,
    code: v.code,
    qrPayload: voucherQrPayload(v.code),
    rewardId: v.rewardId,
    rewardName,
    status,
    issuedAt: v.issuedAt.toISOString(),
    expiresAt: v.expiresAt.toISOString(),
    usedAt: v.usedAt?.toISOString() ?? null,
  };
}
