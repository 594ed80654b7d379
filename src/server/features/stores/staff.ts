/**
 * Cashiers (issue 16): the console lists them with what they did, suspends and reinstates them,
 * moves them between stores. Each change is audited (staff_changed). A suspended cashier's
 * counter actions are refused with staff_suspended (isStaffSuspended, read on every counter
 * request, uncached: the suspension holds from the next request).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { ConsoleStaff, StaffActivity } from "../../../contract/stores";
import { problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { auditEvents, ledgerEntries, members, rewards, staffProfiles, staffStores, stores, users, vouchers } from "../../db/schema";
import { Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";

type Actor = { userId: string; brandId: string };
const DAY_MS = 86_400_000;

export async function isStaffSuspended(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ suspendedAt: staffProfiles.suspendedAt }).from(staffProfiles).where(eq(staffProfiles.userId, userId));
  return Boolean(row?.suspendedAt);
}

/** The brand's active stores among `ids`; refuses unknown, inactive or foreign ones and an empty list. */
export async function checkStores(q: Db | Tx, brandId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new StaffInvalid([problem("staff_stores_required", "storeIds")]);
  const rows = await q
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(and(eq(stores.brandId, brandId), eq(stores.active, true), inArray(stores.id, unique)))
    .orderBy(asc(stores.name));
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new StaffInvalid([problem("store_unknown", `storeIds.${ids.indexOf(unique[missing]!)}`)]);
  return rows;
}

/** Invalid store choices: a 422 staff_invalid with issues, nothing changed. */
export class StaffInvalid extends Error {
  constructor(readonly issues: ReturnType<typeof problem>[]) {
    super("staff_invalid");
  }
}

async function staffRows(q: Db | Tx, brandId: string, now: number, only?: string) {
  const people = await q
    .select({
      userId: users.id,
      displayName: users.displayName,
      avatarUrl: users.avatarUrl,
      joinedAt: staffProfiles.joinedAt,
      suspendedAt: staffProfiles.suspendedAt,
    })
    .from(users)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, users.id))
    .where(and(eq(users.brandId, brandId), eq(users.role, "staff"), only ? eq(users.id, only) : undefined))
    .orderBy(asc(users.displayName), asc(users.id));
  if (people.length === 0) return [];
  const ids = people.map((p) => p.userId);
  const bindings = await q
    .select({ userId: staffStores.userId, id: stores.id, name: stores.name })
    .from(staffStores)
    .innerJoin(stores, eq(stores.id, staffStores.storeId))
    .where(inArray(staffStores.userId, ids))
    .orderBy(asc(stores.name));
  const since = new Date(now - 30 * DAY_MS);
  const earns = await q
    .select({
      actorId: ledgerEntries.actorId,
      last: sql<Date>`max(${ledgerEntries.occurredAt})`,
      n30: sql<number>`count(*) filter (where ${ledgerEntries.kind} = 'earn' and ${ledgerEntries.occurredAt} >= ${since})`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.brandId, brandId), inArray(ledgerEntries.actorId, ids)))
    .groupBy(ledgerEntries.actorId);
  const uses = await q
    .select({
      usedBy: vouchers.usedBy,
      last: sql<Date>`max(${vouchers.usedAt})`,
      n30: sql<number>`count(*) filter (where ${vouchers.usedAt} >= ${since})`,
    })
    .from(vouchers)
    .where(and(inArray(vouchers.usedBy, ids), isNotNull(vouchers.usedAt)))
    .groupBy(vouchers.usedBy);
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  return people.map((p): ConsoleStaff => {
    const e = earns.find((r) => r.actorId === p.userId);
    const u = uses.find((r) => r.usedBy === p.userId);
    const last =
      [iso(e?.last), iso(u?.last)]
        .filter((x): x is string => x !== null)
        .sort()
        .at(-1) ?? null;
    return {
      userId: p.userId,
      displayName: p.displayName,
      avatarUrl: p.avatarUrl,
      stores: bindings.filter((b) => b.userId === p.userId).map(({ id, name }) => ({ id, name })),
      suspended: Boolean(p.suspendedAt),
      joinedAt: iso(p.joinedAt),
      lastActivityAt: last,
      earns30d: Number(e?.n30 ?? 0),
      voucherUses30d: Number(u?.n30 ?? 0),
    };
  });
}

export function consoleStaff(db: Db, brandId: string, now: number) {
  return staffRows(db, brandId, now);
}

export type StaffOutcome = Outcome<ConsoleStaff> | { ok: false; invalid: ReturnType<typeof problem>[] };

/** Suspend/reinstate and/or move a cashier; the same state again changes and records nothing. */
export async function updateStaff(
  db: Db,
  now: number,
  actor: Actor,
  userId: string,
  change: { suspended?: boolean; storeIds?: string[] },
): Promise<StaffOutcome> {
  const at = new Date(now);
  try {
    return await refusalsAsOutcome(() =>
      db.transaction(async (tx) => {
        const [user] = await tx
          .select({ id: users.id, role: users.role })
          .from(users)
          .where(and(eq(users.id, userId), eq(users.brandId, actor.brandId)))
          .for("update");
        if (!user || user.role !== "staff") throw new Refusal("staff_not_found", "No such cashier.");
        const [profile] = await tx.select().from(staffProfiles).where(eq(staffProfiles.userId, userId));
        if (change.suspended !== undefined && Boolean(profile?.suspendedAt) !== change.suspended) {
          await tx
            .insert(staffProfiles)
            // A cashier from before invitations (the seed) gets a profile when first changed.
            .values({ userId, brandId: actor.brandId, joinedAt: at, suspendedAt: change.suspended ? at : null })
            .onConflictDoUpdate({ target: staffProfiles.userId, set: { suspendedAt: change.suspended ? at : null } });
          await tx.insert(auditEvents).values({
            brandId: actor.brandId,
            actorId: actor.userId,
            action: "staff_changed",
            subjectId: userId,
            at,
            detail: { change: change.suspended ? "suspended" : "reinstated" },
          });
        }
        if (change.storeIds !== undefined) {
          const chosen = await checkStores(tx, actor.brandId, change.storeIds);
          const current = await tx.select({ storeId: staffStores.storeId }).from(staffStores).where(eq(staffStores.userId, userId));
          const from = current.map((r) => r.storeId).sort();
          const to = chosen.map((r) => r.id).sort();
          if (from.join() !== to.join()) {
            await tx.delete(staffStores).where(eq(staffStores.userId, userId));
            await tx.insert(staffStores).values(to.map((storeId) => ({ userId, storeId })));
            await tx.insert(auditEvents).values({
              brandId: actor.brandId,
              actorId: actor.userId,
              action: "staff_changed",
              subjectId: userId,
              at,
              detail: { change: "moved", from: from.join(","), to: to.join(",") },
            });
          }
        }
        const [row] = await staffRows(tx, actor.brandId, now, userId);
        return row!;
      }),
    );
  } catch (error) {
    if (error instanceof StaffInvalid) return { ok: false, invalid: error.issues };
    throw error;
  }
}

/** The cashier's last 50 counter actions: ledger entries they made and vouchers they used, newest first. */
export async function staffActivity(db: Db, brandId: string, userId: string): Promise<Outcome<StaffActivity>> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.brandId, brandId), eq(users.role, "staff")));
  if (!user) return { ok: false, code: "staff_not_found", message: "No such cashier." };
  const entries = await db
    .select({
      kind: ledgerEntries.kind,
      at: ledgerEntries.occurredAt,
      memberName: users.displayName,
      storeName: stores.name,
      points: ledgerEntries.points,
      billVnd: ledgerEntries.billVnd,
      receiptNo: ledgerEntries.receiptNo,
      reason: ledgerEntries.reason,
    })
    .from(ledgerEntries)
    .innerJoin(members, eq(members.id, ledgerEntries.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
    .where(and(eq(ledgerEntries.brandId, brandId), eq(ledgerEntries.actorId, userId)))
    .orderBy(desc(ledgerEntries.seq))
    .limit(50);
  const uses = await db
    .select({ at: vouchers.usedAt, memberName: users.displayName, storeName: stores.name, rewardName: rewards.name })
    .from(vouchers)
    .innerJoin(members, eq(members.id, vouchers.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .leftJoin(stores, eq(stores.id, vouchers.usedStoreId))
    .where(and(eq(vouchers.usedBy, userId), eq(vouchers.brandId, brandId), gte(vouchers.usedAt, new Date(0))))
    .orderBy(desc(vouchers.usedAt))
    .limit(50);
  const items: StaffActivity["items"] = [
    ...entries.map((e) => ({
      kind: (e.kind === "earn" || e.kind === "redeem" ? e.kind : "adjust") as "earn" | "redeem" | "adjust",
      at: e.at.toISOString(),
      memberName: e.memberName,
      storeName: e.storeName,
      points: e.points,
      billVnd: e.billVnd,
      receiptNo: e.receiptNo,
      rewardName: e.kind === "redeem" ? e.reason : null,
    })),
    ...uses.map((u) => ({
      kind: "voucher_use" as const,
      at: u.at!.toISOString(),
      memberName: u.memberName,
      storeName: u.storeName,
      points: null,
      billVnd: null,
      receiptNo: null,
      rewardName: u.rewardName,
    })),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { ok: true, value: { items: items.slice(0, 50) } };
}
