/**
 * Writing to the points ledger. Every function here runs inside the caller's transaction and
 * starts from a locked member row (SELECT … FOR UPDATE), so concurrent writers for one member
 * queue up and each sees the balance the previous one left. The member's cached balance, the
 * ledger row (with balance_after) and the lots change together or not at all; CHECK
 * constraints (balance ≥ 0, lot remaining within 0..original) are the last line of defence.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { ErrorCode } from "../../../contract/errors";
import { consumeFifo, lotExpiresAt, type Lot } from "../../../domain/loyalty/lots";
import { receiptKey } from "../../../domain/loyalty/receipt";
import type { TierCode } from "../../../domain/loyalty/tiers";
import type { Tx } from "../../db/client";
import { Refusal } from "../../db/transaction";
import { idempotencyKeys, ledgerEntries, lotTakes, members, pointLots, users } from "../../db/schema";

/**
 * Who acts: the signed-in staff member, manager or member (their session's Auth), and for
 * counter requests the device they came from (the x-device-id header, when valid).
 */
export type Actor = {
  userId: string;
  brandId: string;
  role: string;
  sessionId?: string;
  deviceId?: string | null;
  /**
   * A store's POS through its API key (features/integrations): `userId` is then the key's id,
   * which no user has, so the ledger records no person (actor_id null, actor_kind `pos`) and
   * the device `pos:<key prefix>`.
   */
  pos?: { keyId: string; prefix: string };
};

/** The person recorded on a ledger entry or a voucher: none for a POS. */
export const actorUserId = (actor: Actor): string | null => (actor.pos ? null : actor.userId);

/** The device recorded on an earn: the Mini App's per-install id, else the session (decision 0017). */
export function actorDevice(actor: Actor): string | null {
  if (actor.pos) return `pos:${actor.pos.prefix}`;
  if (actor.deviceId) return actor.deviceId;
  return actor.sessionId ? `session:${actor.sessionId}` : null;
}

export type LockedMember = {
  id: string;
  brandId: string;
  userId: string;
  displayName: string;
  balance: number;
  tier: TierCode;
  tierPendingSince: Date | null;
};

export async function lockMember(tx: Tx, memberId: string): Promise<LockedMember | null> {
  const [m] = await tx
    .select({
      id: members.id,
      brandId: members.brandId,
      userId: members.userId,
      balance: members.pointsBalance,
      tier: members.tier,
      tierPendingSince: members.tierPendingSince,
      displayName: users.displayName,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.id, memberId))
    .for("update", { of: members });
  return m ?? null;
}

type EntryFields = {
  kind: (typeof ledgerEntries.$inferInsert)["kind"];
  /** Who caused it; required, so no writer can forget to say (decision 0017). */
  actorKind: (typeof ledgerEntries.$inferInsert)["actorKind"];
  actorDevice?: string | null;
  memberReason?: (typeof ledgerEntries.$inferInsert)["memberReason"];
  at: number;
  storeId?: string | null;
  actorId?: string | null;
  receiptNo?: string | null;
  billVnd?: number | null;
  reason?: string | null;
  refEntryId?: string | null;
  voucherId?: string | null;
  idempotencyKey?: string | null;
};

async function insertEntry(tx: Tx, member: LockedMember, points: number, f: EntryFields) {
  const balanceAfter = member.balance + points;
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      brandId: member.brandId,
      memberId: member.id,
      kind: f.kind,
      points,
      balanceAfter,
      occurredAt: new Date(f.at),
      storeId: f.storeId ?? null,
      actorId: f.actorId ?? null,
      actorKind: f.actorKind,
      actorDevice: f.actorDevice ?? null,
      memberReason: f.memberReason ?? null,
      receiptNo: f.receiptNo ?? null,
      // Imported history and the demo seed come through here: their receipts are compared as
      // the counter's are. One that is no receipt number at all keeps its text as its key.
      receiptKey: f.receiptNo ? (receiptKey(f.receiptNo) ?? f.receiptNo) : null,
      billVnd: f.billVnd ?? null,
      reason: f.reason ?? null,
      refEntryId: f.refEntryId ?? null,
      voucherId: f.voucherId ?? null,
      idempotencyKey: f.idempotencyKey ?? null,
    })
    .returning();
  await tx.update(members).set({ pointsBalance: balanceAfter }).where(eq(members.id, member.id));
  member.balance = balanceAfter;
  return entry!;
}

/**
 * Adds points: one ledger row and one expiry lot (same id). The lot expires `validityMonths`
 * after the entry, or at `expiresAt` when given (a refund keeps the life the points had).
 */
export async function credit(
  tx: Tx,
  member: LockedMember,
  points: number,
  f: EntryFields & ({ validityMonths: number; expiresAt?: undefined } | { expiresAt: number; validityMonths?: undefined }),
) {
  if (!Number.isInteger(points) || points <= 0) throw new Error(`credit needs a positive integer, got ${points}`);
  const entry = await insertEntry(tx, member, points, f);
  await tx.insert(pointLots).values({
    id: entry.id,
    memberId: member.id,
    original: points,
    remaining: points,
    earnedAt: new Date(f.at),
    expiresAt: new Date(f.expiresAt ?? lotExpiresAt(f.at, f.validityMonths!)),
  });
  return entry;
}

export async function openLots(tx: Tx, memberId: string, lock = false): Promise<Lot[]> {
  const q = tx
    .select({ id: pointLots.id, remaining: pointLots.remaining, earnedAt: pointLots.earnedAt, expiresAt: pointLots.expiresAt })
    .from(pointLots)
    .where(and(eq(pointLots.memberId, memberId), gt(pointLots.remaining, 0)))
    .orderBy(asc(pointLots.expiresAt), asc(pointLots.earnedAt), asc(pointLots.id));
  const rows = lock ? await q.for("update") : await q;
  return rows.map((r) => ({ id: r.id, remaining: r.remaining, earnedAt: r.earnedAt.getTime(), expiresAt: r.expiresAt.getTime() }));
}

/** Removes points from the oldest spendable lots first (domain/loyalty/lots consumeFifo). */
export async function debit(tx: Tx, member: LockedMember, points: number, f: EntryFields) {
  if (!Number.isInteger(points) || points <= 0) throw new Error(`debit needs a positive integer, got ${points}`);
  const lots = await openLots(tx, member.id, true);
  const plan = consumeFifo(lots, points, f.at);
  if (!plan.ok) throw new Refusal("insufficient_points", `Only ${plan.available} points are available.`);
  const entry = await insertEntry(tx, member, -points, f);
  await tx.insert(lotTakes).values(plan.takes.map((t) => ({ entryId: entry.id, lotId: t.lotId, points: t.points })));
  for (const take of plan.takes) {
    await tx
      .update(pointLots)
      .set({ remaining: sql`${pointLots.remaining} - ${take.points}` })
      .where(eq(pointLots.id, take.lotId));
  }
  return entry;
}

/** Expires the given lots of one member, one ledger row each (idempotent by `expire:<lot>`). */
export async function expireLots(tx: Tx, member: LockedMember, lotIds: string[], at: number) {
  if (!lotIds.length) return 0;
  const due = await tx
    .select()
    .from(pointLots)
    .where(and(inArray(pointLots.id, lotIds), eq(pointLots.memberId, member.id), gt(pointLots.remaining, 0)))
    .for("update");
  let expired = 0;
  for (const lot of due) {
    if (lot.expiresAt.getTime() > at) continue;
    const entry = await insertEntry(tx, member, -lot.remaining, {
      kind: "expire",
      actorKind: "system",
      at,
      idempotencyKey: `expire:${lot.id}`,
      refEntryId: lot.id,
    });
    await tx.insert(lotTakes).values({ entryId: entry.id, lotId: lot.id, points: lot.remaining });
    await tx.update(pointLots).set({ remaining: 0 }).where(eq(pointLots.id, lot.id));
    expired += lot.remaining;
  }
  return expired;
}

export const requestFingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * Applies a request at most once per (brand, scope, key): the first caller runs `run` and its
 * result is stored in the same transaction; a replay with the same request gets the stored
 * result; the same key with a different request is refused (Stripe's idempotency model).
 * Concurrent first calls serialise on the primary key: the loser waits, then reads the winner.
 */
export async function idempotent<T>(tx: Tx, k: IdempotencyRequest, run: () => Promise<T>): Promise<{ value: T; replayed: boolean }> {
  const stored = await claimKey<T>(tx, k);
  if (stored) return { value: stored.value, replayed: true };
  const value = await run();
  await storeKeyResult(tx, k, value);
  return { value, replayed: false };
}

export type IdempotencyRequest = { brandId: string; scope: string; key: string; request: unknown; conflict?: ErrorCode };

/**
 * `idempotent` in two halves, for an operation that must store its answer before its last
 * statement (the spin writes its shared counters last, decision 0031): claims the key, or
 * answers the stored result of the request that claimed it (a different request is refused).
 */
export async function claimKey<T>(tx: Tx, k: IdempotencyRequest): Promise<{ value: T } | null> {
  const requestHash = requestFingerprint(k.request);
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ brandId: k.brandId, scope: k.scope, key: k.key, requestHash, status: 0, body: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length) return null;
  const [stored] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.brandId, k.brandId), eq(idempotencyKeys.scope, k.scope), eq(idempotencyKeys.key, k.key)));
  if (!stored || stored.requestHash !== requestHash) {
    throw new Refusal(k.conflict ?? "idempotency_conflict", "This key was already used for a different request.");
  }
  return { value: stored.body as T };
}

/** Stores the answer of a claimed key, in the claiming transaction. */
export async function storeKeyResult(tx: Tx, k: IdempotencyRequest, value: unknown) {
  await tx
    .update(idempotencyKeys)
    .set({ status: 200, body: value })
    .where(and(eq(idempotencyKeys.brandId, k.brandId), eq(idempotencyKeys.scope, k.scope), eq(idempotencyKeys.key, k.key)));
}

/** Qualifying spend in the rolling window: bills earned minus bills reversed. */
export async function qualifyingSpend(tx: Tx, memberId: string, sinceMillis: number): Promise<number> {
  const [row] = await tx
    .select({
      spend: sql<string>`coalesce(sum(case when ${ledgerEntries.kind} = 'earn' then ${ledgerEntries.billVnd} when ${ledgerEntries.kind} = 'reversal' then -${ledgerEntries.billVnd} else 0 end), 0)`,
    })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.memberId, memberId),
        inArray(ledgerEntries.kind, ["earn", "reversal"]),
        gt(ledgerEntries.occurredAt, new Date(sinceMillis)),
      ),
    );
  return Math.max(0, Number(row?.spend ?? 0));
}
