import { OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { authEndpoints } from "../../../contract/endpoints/auth";
import type { ConsoleUserView } from "../../../contract/console-auth";
import { ADMINS, CONSOLE_ROLES } from "../../../domain/identity/roles";
import { auditEvents, consoleInvites, sessions, users } from "../../db/schema";
import { refused, ok, type Outcome } from "../../db/transaction";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { createInvite } from "./invites";

/** A console user's own sessions, and the admin's users and invitations: mounted at /console. */
const route = routesAt("/console");
const tags = ["Console users"];

const listSessions = route(authEndpoints.consoleSessions, {
  tags,
  summary: "The signed-in user's live sessions (device, created, last used)",
  access: CONSOLE_ROLES,
  ok: "Sessions, the most recently used first",
});
const endOne = route(authEndpoints.consoleEndSession, {
  tags,
  summary: "End one of the user's own sessions",
  access: CONSOLE_ROLES,
  ok: "Ended",
  errors: { 404: "Not one of this user's live sessions (not_found)" },
});
const endOthers = route(authEndpoints.consoleEndOtherSessions, {
  tags,
  summary: "End every session of the user but this one",
  access: CONSOLE_ROLES,
  ok: "How many ended",
});
const listUsers = route(authEndpoints.consoleUsers, {
  tags,
  summary: "Admins: the brand's console users and the invitations not yet used",
  access: ADMINS,
  ok: "Users and pending invitations",
});
const invite = route(authEndpoints.consoleInvite, {
  tags,
  summary: "Admins: invite a manager, marketer or admin; the link is in this answer only",
  access: ADMINS,
  ok: "The invitation's link, to send to the person",
});
const cancelInvite = route(authEndpoints.consoleCancelInvite, {
  tags,
  summary: "Admins: cancel a pending invitation; its link stops working at once",
  access: ADMINS,
  ok: "Cancelled",
  errors: { 404: "No pending invitation of this brand has this id (not_found): unknown, used, expired or already cancelled" },
});
const changeUser = route(authEndpoints.consoleChangeUser, {
  tags,
  summary: "Admins: change a console user's role, or deactivate (ending every session at once) and reactivate",
  access: ADMINS,
  ok: "The user as changed",
  errors: { 404: "No console user of this brand (not_found)", 409: "The brand would have no active admin (last_admin)" },
});

type UserRow = typeof users.$inferSelect;
const consoleUserView = (u: UserRow): ConsoleUserView => ({
  id: u.id,
  displayName: u.displayName,
  email: u.email,
  role: u.role as ConsoleUserView["role"],
  active: u.deactivatedAt === null,
  createdAt: u.createdAt.toISOString(),
});

export const consoleUserRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listSessions, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const rows = await database.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, auth.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(now()))))
      .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt));
    return c.json(
      {
        sessions: rows.map((s) => ({
          id: s.id,
          userAgent: s.userAgent,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: (s.lastUsedAt ?? s.createdAt).toISOString(),
          current: s.id === auth.sessionId,
        })),
      },
      200,
    );
  })
  .openapi(endOne, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const { sessionId } = c.req.valid("param");
    const ended = await database.db
      .update(sessions)
      .set({ revokedAt: new Date(now()) })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, auth.userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (!ended.length) return fail(c, "not_found", "No such session of yours.");
    c.get("sessions").forget([sessionId]);
    return c.body(null, 204);
  })
  .openapi(endOthers, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const ended = await database.db
      .update(sessions)
      .set({ revokedAt: new Date(now()) })
      .where(and(eq(sessions.userId, auth.userId), ne(sessions.id, auth.sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    c.get("sessions").forget(ended.map((r) => r.id));
    return c.json({ ended: ended.length }, 200);
  })
  .openapi(listUsers, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const [people, pending] = await Promise.all([
      database.db
        .select()
        .from(users)
        .where(and(eq(users.brandId, auth.brandId), inArray(users.role, CONSOLE_ROLES)))
        .orderBy(users.displayName),
      database.db
        .select()
        .from(consoleInvites)
        .where(
          and(
            eq(consoleInvites.brandId, auth.brandId),
            isNull(consoleInvites.usedAt),
            isNull(consoleInvites.cancelledAt),
            gt(consoleInvites.expiresAt, new Date(now())),
          ),
        )
        .orderBy(desc(consoleInvites.createdAt)),
    ]);
    return c.json(
      {
        users: people.map(consoleUserView),
        invites: pending.map((i) => ({
          id: i.id,
          role: i.role as ConsoleUserView["role"],
          displayName: i.displayName,
          expiresAt: i.expiresAt.toISOString(),
          createdAt: i.createdAt.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(invite, async (c) => {
    const { database, config, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const created = await createInvite(database.db, {
      brandId: auth.brandId,
      role: body.role,
      displayName: body.displayName,
      email: body.email,
      invitedBy: auth.userId,
      publicUrl: config.publicUrl,
      nowMillis: now(),
    });
    return c.json({ id: created.id, url: created.url, expiresAt: created.expiresAt.toISOString() }, 201);
  })
  .openapi(cancelInvite, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const at = new Date(now());
    // Conditional like the acceptance: of a cancel and an accept at once, exactly one wins.
    const [cancelled] = await database.db
      .update(consoleInvites)
      .set({ cancelledAt: at })
      .where(
        and(
          eq(consoleInvites.id, c.req.valid("param").inviteId),
          eq(consoleInvites.brandId, auth.brandId),
          isNull(consoleInvites.usedAt),
          isNull(consoleInvites.cancelledAt),
          gt(consoleInvites.expiresAt, at),
        ),
      )
      .returning();
    if (!cancelled) return fail(c, "not_found", "No pending invitation of this brand has this id.");
    await database.db.insert(auditEvents).values({
      brandId: auth.brandId,
      actorId: auth.userId,
      action: "console_invite_cancelled",
      subjectId: cancelled.id,
      at,
      detail: { role: cancelled.role, name: cancelled.displayName },
    });
    return c.body(null, 204);
  })
  .openapi(changeUser, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const { userId } = c.req.valid("param");
    const change = c.req.valid("json");
    const at = new Date(now());
    const outcome = await database.db.transaction(async (tx): Promise<Outcome<UserRow>> => {
      // The brand's active admins, locked: two admins demoting each other at once cannot
      // both succeed and leave the brand with none.
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.brandId, auth.brandId), eq(users.role, "admin"), isNull(users.deactivatedAt)))
        .for("update");
      const [target] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, userId), eq(users.brandId, auth.brandId), inArray(users.role, CONSOLE_ROLES)))
        .for("update");
      if (!target) return refused("not_found", "No console user of this brand has this id.");
      const staysAdmin = (change.role ?? target.role) === "admin" && (change.active ?? target.deactivatedAt === null);
      const isActiveAdmin = admins.some((a) => a.id === target.id);
      if (isActiveAdmin && !staysAdmin && admins.length <= 1) return refused("last_admin", "The brand must keep one active admin.");
      const [updated] = await tx
        .update(users)
        .set({
          ...(change.role && { role: change.role }),
          ...(change.active !== undefined && { deactivatedAt: change.active ? null : (target.deactivatedAt ?? at) }),
          updatedAt: at,
        })
        .where(eq(users.id, target.id))
        .returning();
      // Deactivation ends every session at once (their refresh tokens and access tokens).
      if (change.active === false)
        await tx
          .update(sessions)
          .set({ revokedAt: at })
          .where(and(eq(sessions.userId, target.id), isNull(sessions.revokedAt)));
      return ok(updated!);
    });
    if (!outcome.ok) return failOutcome(c, outcome);
    // Here at once; other processes within the session check's TTL (role and deactivation are read with the session).
    c.get("sessions").forgetUser(userId);
    return c.json(consoleUserView(outcome.value), 200);
  });
