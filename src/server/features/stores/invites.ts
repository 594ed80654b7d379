/**
 * Cashier invitations (issue 16). An admin chooses stores; the server makes a random token
 * (32 bytes), keeps only its SHA-256, and answers the Mini App link with the token once (the
 * console draws it as a QR). The cashier opens the link, signs in with Zalo as usual and
 * accepts: the one accept that flips used_at wins (a conditional UPDATE, so 20 taps at once
 * make one cashier); the invite's stores are bound, the user becomes staff, and gets a new
 * session carrying the role.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { ConsoleInvite, InviteCreated, InvitePreview } from "../../../contract/stores";
import type { Db, Tx } from "../../db/client";
import { auditEvents, brands, staffInvites, staffProfiles, staffStores, stores, users } from "../../db/schema";
import { Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";
import { miniAppLink } from "../surveys/definitions";
import { checkStores, StaffInvalid } from "./staff";

/** Long enough to walk to the counter tomorrow; short enough that a lost link dies by itself. */
export const INVITE_TTL_MS = 72 * 3_600_000;
export const INVITE_PATH = "staff-invite";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type Actor = { userId: string; brandId: string };
type InviteRow = typeof staffInvites.$inferSelect;

async function inviteView(q: Db | Tx, row: InviteRow): Promise<ConsoleInvite> {
  const storeRows = row.storeIds.length
    ? await q.select({ id: stores.id, name: stores.name }).from(stores).where(inArray(stores.id, row.storeIds)).orderBy(asc(stores.name))
    : [];
  const [creator] = await q.select({ name: users.displayName }).from(users).where(eq(users.id, row.createdBy));
  return {
    id: row.id,
    label: row.label,
    stores: storeRows,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    createdBy: creator?.name ?? null,
  };
}

export async function createInvite(
  db: Db,
  deps: { now: number; publicUrl: string },
  actor: Actor,
  input: { storeIds: string[]; label?: string | null },
): Promise<Outcome<InviteCreated> | { ok: false; invalid: StaffInvalid["issues"] }> {
  try {
    const at = new Date(deps.now);
    const token = randomBytes(32).toString("base64url");
    return await refusalsAsOutcome(() =>
      db.transaction(async (tx) => {
        const chosen = await checkStores(tx, actor.brandId, input.storeIds);
        const [row] = await tx
          .insert(staffInvites)
          .values({
            brandId: actor.brandId,
            tokenHash: hashToken(token),
            storeIds: chosen.map((s) => s.id),
            label: input.label?.trim() || null,
            createdBy: actor.userId,
            createdAt: at,
            expiresAt: new Date(deps.now + INVITE_TTL_MS),
          })
          .returning();
        await tx.insert(auditEvents).values({
          brandId: actor.brandId,
          actorId: actor.userId,
          action: "staff_invited",
          subjectId: row!.id,
          at,
          detail: { stores: chosen.map((s) => s.id).join(","), label: row!.label },
        });
        const url = await miniAppLink(tx, actor.brandId, `${INVITE_PATH}?t=${token}`, deps.publicUrl);
        return { ...(await inviteView(tx, row!)), url };
      }),
    );
  } catch (error) {
    if (error instanceof StaffInvalid) return { ok: false, invalid: error.issues };
    throw error;
  }
}

/** Invites not used, revoked nor expired, newest first. */
export async function pendingInvites(db: Db, brandId: string, now: number): Promise<ConsoleInvite[]> {
  const rows = await db
    .select()
    .from(staffInvites)
    .where(
      and(
        eq(staffInvites.brandId, brandId),
        isNull(staffInvites.usedAt),
        isNull(staffInvites.revokedAt),
        gt(staffInvites.expiresAt, new Date(now)),
      ),
    )
    .orderBy(desc(staffInvites.createdAt))
    .limit(50);
  return Promise.all(rows.map((r) => inviteView(db, r)));
}

export async function revokeInvite(db: Db, now: number, actor: Actor, inviteId: string): Promise<Outcome<null>> {
  const done = await db
    .update(staffInvites)
    .set({ revokedAt: new Date(now) })
    .where(and(eq(staffInvites.id, inviteId), eq(staffInvites.brandId, actor.brandId), isNull(staffInvites.usedAt)))
    .returning({ id: staffInvites.id });
  return done.length ? { ok: true, value: null } : { ok: false, code: "staff_invite_not_found", message: "No such open invite." };
}

/** Why an invite cannot be used, in the order a cashier can do something about it. */
function refusalFor(row: InviteRow | undefined, brandId: string, now: number): Refusal | null {
  if (!row || row.brandId !== brandId || row.revokedAt)
    return new Refusal("staff_invite_not_found", "This invite does not exist or was withdrawn.");
  if (row.usedAt) return new Refusal("staff_invite_used", "This invite was already used; ask for a new one.");
  if (row.expiresAt.getTime() <= now) {
    return new Refusal("staff_invite_expired", "This invite has expired; ask for a new one.", { expiresAt: row.expiresAt.toISOString() });
  }
  return null;
}

async function byToken(q: Db | Tx, token: string) {
  const [row] = await q
    .select()
    .from(staffInvites)
    .where(eq(staffInvites.tokenHash, hashToken(token)));
  return row;
}

export async function previewInvite(db: Db, now: number, brandId: string, token: string): Promise<Outcome<InvitePreview>> {
  return refusalsAsOutcome(async () => {
    const row = await byToken(db, token);
    const refusal = refusalFor(row, brandId, now);
    if (refusal) throw refusal;
    const [brand] = await db.select({ name: brands.name }).from(brands).where(eq(brands.id, brandId));
    const view = await inviteView(db, row!);
    return { brandName: brand!.name, stores: view.stores, expiresAt: view.expiresAt };
  });
}

/** Accepts the invite for `userId`: single use, the user becomes staff of the invite's (still active) stores. */
export async function acceptInvite(db: Db, now: number, auth: Actor, token: string): Promise<Outcome<{ userId: string }>> {
  const at = new Date(now);
  return refusalsAsOutcome(() =>
    db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(staffInvites)
        .set({ usedAt: at, usedBy: auth.userId })
        .where(
          and(
            eq(staffInvites.tokenHash, hashToken(token)),
            eq(staffInvites.brandId, auth.brandId),
            isNull(staffInvites.usedAt),
            isNull(staffInvites.revokedAt),
            gt(staffInvites.expiresAt, at),
          ),
        )
        .returning();
      if (!claimed)
        throw refusalFor(await byToken(tx, token), auth.brandId, now) ?? new Refusal("staff_invite_used", "This invite was already used.");
      const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, auth.userId)).for("update");
      if (!user) throw new Refusal("unauthenticated", "This account no longer exists.");
      if (user.role !== "member" && user.role !== "staff") {
        throw new Refusal("staff_invite_role_conflict", "A console account cannot become a cashier; use another Zalo account.");
      }
      const [profile] = await tx.select().from(staffProfiles).where(eq(staffProfiles.userId, auth.userId));
      if (profile?.suspendedAt) throw new Refusal("staff_suspended", "This cashier account is suspended; ask an admin.");
      const active = await tx
        .select({ id: stores.id })
        .from(stores)
        .where(and(eq(stores.brandId, auth.brandId), eq(stores.active, true), inArray(stores.id, claimed.storeIds)));
      if (active.length === 0) throw new Refusal("staff_invite_not_found", "The invite's stores are closed; ask for a new invite.");
      if (user.role !== "staff") await tx.update(users).set({ role: "staff", updatedAt: at }).where(eq(users.id, auth.userId));
      await tx
        .insert(staffStores)
        .values(active.map((s) => ({ userId: auth.userId, storeId: s.id })))
        .onConflictDoNothing();
      await tx
        .insert(staffProfiles)
        .values({ userId: auth.userId, brandId: auth.brandId, invitedBy: claimed.createdBy, joinedAt: at })
        .onConflictDoNothing();
      await tx.insert(auditEvents).values({
        brandId: auth.brandId,
        actorId: auth.userId,
        action: "staff_joined",
        subjectId: auth.userId,
        at,
        detail: { invite: claimed.id, stores: active.map((s) => s.id).join(",") },
      });
      return { userId: auth.userId };
    }),
  );
}
