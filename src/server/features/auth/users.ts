import { and, eq, sql } from "drizzle-orm";
import { activeMemberOf } from "../members/cards";
import type { UserView } from "../../../contract/auth";
import type { Db } from "../../db/client";
import { brands, members, staffStores, stores, users } from "../../db/schema";

export type UserRow = typeof users.$inferSelect;

/**
 * The name a shopper gets when Zalo gives none (zalo login). The member import fills a joined
 * member's name from the file only while it is this one (features/members/import.ts, mergeBatch).
 */
export const defaultDisplayName = (zaloId: string) => `Khách ${zaloId.slice(-4)}`;
/** defaultDisplayName in SQL, for `users` rows (a user without a Zalo id has no such name). */
export const hasDefaultDisplayName = sql`${users.displayName} = 'Khách ' || right(${users.zaloId}, 4)`;

export async function brandBySlug(db: Db, slug: string) {
  const [brand] = await db.select().from(brands).where(eq(brands.slug, slug));
  return brand ?? null;
}

export async function brandById(db: Db, id: string) {
  const [brand] = await db.select().from(brands).where(eq(brands.id, id));
  return brand ?? null;
}

export async function userView(db: Db, user: UserRow): Promise<UserView> {
  // Managers and admins act for every store of the brand (and read the history of closed ones);
  // staff only for their own open stores: a switched-off store takes nothing at the counter.
  const storeRows =
    user.role === "manager" || user.role === "admin"
      ? await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, user.brandId)).orderBy(stores.name)
      : await db
          .select({ id: stores.id, name: stores.name })
          .from(staffStores)
          .innerJoin(stores, eq(stores.id, staffStores.storeId))
          .where(and(eq(staffStores.userId, user.id), eq(stores.active, true)))
          .orderBy(stores.name);
  const [member] = await db.select({ id: members.id }).from(members).where(activeMemberOf(user.id));
  return {
    id: user.id,
    brandId: user.brandId,
    role: user.role,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    stores: storeRows,
    isMember: Boolean(member),
  };
}

export async function userById(db: Db, id: string): Promise<UserRow | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** Binds a user to stores, replacing previous bindings. */
export async function setStaffStores(db: Db, userId: string, storeIds: string[]) {
  await db.delete(staffStores).where(eq(staffStores.userId, userId));
  if (storeIds.length) await db.insert(staffStores).values(storeIds.map((storeId) => ({ userId, storeId })));
}

export async function storesOfBrand(db: Db, brandId: string, ids?: string[]) {
  const q = db.select().from(stores).where(eq(stores.brandId, brandId));
  const rows = await q.orderBy(stores.name);
  return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
}
