import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ConsoleLedgerItem, LedgerItem, MemberSummary, VoucherView } from "../../../contract/loyalty";
import { MEMBER_READABLE_REASON_KINDS, type ActorKind } from "../../../domain/loyalty/actors";
import type { Locale } from "../../../domain/locale/locale";
import { availablePoints, nextExpiry } from "../../../domain/loyalty/lots";
import { tierDef, tierProgress, tierRulesText, type TierCode, type TierRules } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { voucherQrPayload } from "../../../domain/loyalty/vouchers";
import type { Db, Tx } from "../../db/client";
import { ledgerEntries, members, rewards, stores, users, vouchers } from "../../db/schema";
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

/**
 * The kinds whose `reason` is a label the member may read (the reward, the campaign). On
 * corrections it is the manager's internal note, which never reaches the member (decision 0017).
 */
const MEMBER_READABLE_REASON = inArray(ledgerEntries.kind, [...MEMBER_READABLE_REASON_KINDS]);
/**
 * The member's own ledger also reads the system's adjustments' reasons: codes the system wrote
 * (domain SYSTEM_REASONS, e.g. referral_clawback), translated by the Mini App, never a person's note.
 */
const MEMBER_READABLE_REASON_OWN = or(MEMBER_READABLE_REASON, and(eq(ledgerEntries.kind, "adjust"), eq(ledgerEntries.actorKind, "system")));

const entryColumns = {
  id: ledgerEntries.id,
  seq: ledgerEntries.seq,
  kind: ledgerEntries.kind,
  points: ledgerEntries.points,
  balanceAfter: ledgerEntries.balanceAfter,
  occurredAt: ledgerEntries.occurredAt,
  storeName: stores.name,
  receiptNo: ledgerEntries.receiptNo,
  billVnd: ledgerEntries.billVnd,
  memberReason: ledgerEntries.memberReason,
  reversed: sql<boolean>`exists (select 1 from ${ledgerEntries} r where r.ref_entry_id = ${ledgerEntries.id} and r.kind = 'reversal')`,
};

/** Rows after the cursor (an entry id), newest first. */
async function cursorBefore(db: Db | Tx, after: string | undefined): Promise<SQL | undefined> {
  if (!after) return undefined;
  const [c] = await db.select({ seq: ledgerEntries.seq }).from(ledgerEntries).where(eq(ledgerEntries.id, after));
  return c ? lt(ledgerEntries.seq, c.seq) : undefined;
}

function page<R extends { id: string; seq: number }, T>(rows: R[], limit: number, view: (r: R) => T) {
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** The member's own ledger (Mini App): newest first, keyset-paginated on the ledger's append order. */
export async function ledgerPage(
  db: Db | Tx,
  memberId: string,
  limit: number,
  after?: string,
): Promise<{ items: LedgerItem[]; nextCursor: string | null }> {
  const rows = await db
    .select({ ...entryColumns, reason: sql<string | null>`case when ${MEMBER_READABLE_REASON_OWN} then ${ledgerEntries.reason} end` })
    .from(ledgerEntries)
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .where(and(eq(ledgerEntries.memberId, memberId), await cursorBefore(db, after)))
    .orderBy(desc(ledgerEntries.seq))
    .limit(limit + 1);
  return page(rows, limit, ({ seq: _seq, ...r }) => ({ ...r, occurredAt: r.occurredAt.toISOString(), reversed: Boolean(r.reversed) }));
}

const actorUsers = alias(users, "actor_users");
const memberUsers = alias(users, "member_users");

/** What the console's ledger is narrowed to: the brand (or one member of it), who, and which Vietnam days. */
export type ConsoleLedgerFilter = {
  brandId: string;
  memberId?: string;
  actorId?: string;
  actorKind?: ActorKind;
  /** Vietnam days "YYYY-MM-DD", both included. */
  from?: string;
  to?: string;
  /** Entries appended after this one are left out (an export reads the ledger as it stood when asked). */
  throughSeq?: number;
};

/** The first instant of a Vietnam day (UTC+7 all year). */
const vietnamDayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

function consoleLedgerWhere(q: ConsoleLedgerFilter): SQL | undefined {
  return and(
    eq(ledgerEntries.brandId, q.brandId),
    q.memberId ? eq(ledgerEntries.memberId, q.memberId) : undefined,
    q.actorId ? eq(ledgerEntries.actorId, q.actorId) : undefined,
    q.actorKind ? eq(ledgerEntries.actorKind, q.actorKind) : undefined,
    q.from ? gte(ledgerEntries.occurredAt, vietnamDayStart(q.from)) : undefined,
    q.to ? lt(ledgerEntries.occurredAt, new Date(vietnamDayStart(q.to).getTime() + DAY_MS)) : undefined,
    q.throughSeq !== undefined ? lte(ledgerEntries.seq, q.throughSeq) : undefined,
  );
}

/**
 * The console's rows, newest first (append order), below `beforeSeq` when given: the page and
 * the CSV export read the same rows.
 */
export function consoleLedgerRows(db: Db | Tx, q: ConsoleLedgerFilter, limit: number, beforeSeq?: SQL) {
  return db
    .select({
      ...entryColumns,
      reason: sql<string | null>`case when ${MEMBER_READABLE_REASON} then ${ledgerEntries.reason} end`,
      note: sql<string | null>`case when ${MEMBER_READABLE_REASON} then null else ${ledgerEntries.reason} end`,
      memberId: ledgerEntries.memberId,
      memberName: memberUsers.displayName,
      memberSeq: members.memberSeq,
      actorKind: ledgerEntries.actorKind,
      actorId: ledgerEntries.actorId,
      actorName: actorUsers.displayName,
      actorRole: actorUsers.role,
      actorDevice: ledgerEntries.actorDevice,
    })
    .from(ledgerEntries)
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .leftJoin(actorUsers, eq(actorUsers.id, ledgerEntries.actorId))
    .innerJoin(members, eq(members.id, ledgerEntries.memberId))
    .innerJoin(memberUsers, eq(memberUsers.id, members.userId))
    .where(and(consoleLedgerWhere(q), beforeSeq))
    .orderBy(desc(ledgerEntries.seq))
    .limit(limit);
}
export type ConsoleLedgerRow = Awaited<ReturnType<typeof consoleLedgerRows>>[number];

/** How many entries match, counting no further than `atMost` (an export's ceiling plus one). */
export async function countConsoleLedger(db: Db | Tx, q: ConsoleLedgerFilter, atMost: number): Promise<number> {
  const matching = db
    .select({ one: sql`1` })
    .from(ledgerEntries)
    .where(consoleLedgerWhere(q))
    .limit(atMost)
    .as("matching");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  return Number(row?.n ?? 0);
}

/** Rows strictly older (in append order) than the entry with sequence number `seq`. */
export const olderThanSeq = (seq: number) => lt(ledgerEntries.seq, seq);

/**
 * The console's ledger of a brand (or one member of it), newest first, with who caused each
 * entry and the internal note; filterable by a user (one cashier), a kind of actor and days.
 */
export async function consoleLedgerPage(
  db: Db | Tx,
  q: ConsoleLedgerFilter & { limit: number; after?: string },
): Promise<{ items: ConsoleLedgerItem[]; nextCursor: string | null }> {
  const rows = await consoleLedgerRows(db, q, q.limit + 1, await cursorBefore(db, q.after));
  return page(rows, q.limit, ({ seq: _seq, memberSeq: _memberSeq, actorKind, actorId, actorName, actorRole, actorDevice, ...r }) => ({
    ...r,
    occurredAt: r.occurredAt.toISOString(),
    reversed: Boolean(r.reversed),
    actor: { kind: actorKind, userId: actorId, name: actorName, role: actorRole, device: actorDevice },
  }));
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
    cancelledAt: v.cancelledAt?.toISOString() ?? null,
  };
}
