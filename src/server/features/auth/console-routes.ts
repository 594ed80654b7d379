import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, gt, isNotNull, isNull } from "drizzle-orm";
import { authEndpoints } from "../../../contract/endpoints/auth";
import { CONSOLE_ROLES, isConsoleRole } from "../../../domain/identity/roles";
import { consoleInvites, loginLinks, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { clearRefreshCookie, consoleAccess, refreshCookieOf, requireConsoleCsrf, setRefreshCookie, signInConsole } from "./console-session";
import { endSession, refreshSession, sha256Hex } from "./sessions";
import { brandBySlug, userById } from "./users";

/**
 * Console sign-in (one-click in dev identity mode, one-time links, invitations), the cookie
 * refresh and sign-out: mounted at /console. docs/decisions/0040.
 */
const route = routesAt("/console");
const tags = ["Auth"];

const consoleDevLogin = route(authEndpoints.consoleDevLogin, {
  tags,
  summary: "Dev identity mode only: one-click console sign-in as the demo manager, marketer or admin",
  description: "Sets the console's refresh cookie; the body carries the access token.",
  access: "public",
  limit: "consoleSignIn",
  ok: "Signed in",
});

const consoleLinkLogin = route(authEndpoints.consoleLinkLogin, {
  tags,
  summary: "Console sign-in with a one-time link token issued by `npm run console:link`",
  description: "Sets the console's refresh cookie; the body carries the access token.",
  access: "public",
  limit: "consoleSignIn",
  ok: "Signed in",
});

const consoleInviteAccept = route(authEndpoints.consoleInviteAccept, {
  tags,
  summary: "Accept a console invitation: creates the invited user with the invited role and signs them in",
  description: "The invitation works once, even when two requests present it together.",
  access: "public",
  limit: "consoleSignIn",
  ok: "Signed in",
});

const consoleRefresh = route(authEndpoints.consoleRefresh, {
  tags,
  summary: "A new access token from the console's refresh cookie (the cookie's token rotates)",
  description: `Needs the header x-loyalloop-console: 1 (CSRF). A refresh token presented after it was rotated ends its session.`,
  access: "public",
  limit: "tokenRefresh",
  guards: [requireConsoleCsrf],
  ok: "New access token",
});

const consoleLogout = route(authEndpoints.consoleLogout, {
  tags,
  summary: "Sign out of the console: ends this session on the server and clears the cookie",
  access: CONSOLE_ROLES,
  ok: "Signed out",
});

const INVALID_LINK = "This sign-in link is invalid, used or expired.";

export const authConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(consoleDevLogin, async (c) => {
    const { database, config } = c.get("deps");
    if (!config.devIdentity) return fail(c, "dev_identity_disabled", "One-click sign-in exists only in dev identity mode.");
    const brand = await brandBySlug(database.db, config.brandSlug);
    if (!brand) return fail(c, "brand_not_set_up", "No brand exists yet: open the setup link the server printed at start-up.");
    const { role } = c.req.valid("json");
    const [user] = await database.db
      .select()
      .from(users)
      .where(and(eq(users.brandId, brand.id), eq(users.role, role), isNull(users.deactivatedAt)))
      .orderBy(users.createdAt)
      .limit(1);
    if (!user) return fail(c, "not_found", `No ${role} account exists for this brand; seed the demo data.`);
    return c.json(await signInConsole(c, user), 200);
  })
  .openapi(consoleLinkLogin, async (c) => {
    const { database, now } = c.get("deps");
    const tokenHash = sha256Hex(c.req.valid("json").token);
    // Claim the link atomically: of two simultaneous uses, exactly one updates the row.
    const [link] = await database.db
      .update(loginLinks)
      .set({ usedAt: new Date(now()) })
      .where(and(eq(loginLinks.tokenHash, tokenHash), isNull(loginLinks.usedAt)))
      .returning();
    if (!link || link.expiresAt.getTime() <= now()) return fail(c, "login_link_invalid", INVALID_LINK);
    const user = await userById(database.db, link.userId);
    if (!user || !isConsoleRole(user.role) || user.deactivatedAt) return fail(c, "login_link_invalid", INVALID_LINK);
    return c.json(await signInConsole(c, user), 200);
  })
  .openapi(consoleInviteAccept, async (c) => {
    const { database, now } = c.get("deps");
    const tokenHash = sha256Hex(c.req.valid("json").token);
    const at = new Date(now());
    const user = await database.db.transaction(async (tx) => {
      // The conditional update is the claim: of two requests with the same token, one row
      // update succeeds and the other finds it used (PGlite and PostgreSQL alike).
      const [invite] = await tx
        .update(consoleInvites)
        .set({ usedAt: at })
        .where(
          and(
            eq(consoleInvites.tokenHash, tokenHash),
            isNull(consoleInvites.usedAt),
            isNull(consoleInvites.cancelledAt),
            gt(consoleInvites.expiresAt, at),
            isNotNull(consoleInvites.brandId),
          ),
        )
        .returning();
      if (!invite) return null;
      const [created] = await tx
        .insert(users)
        .values({
          brandId: invite.brandId!,
          role: invite.role,
          email: invite.email,
          displayName: invite.displayName ?? "Console",
        })
        .returning();
      await tx.update(consoleInvites).set({ userId: created!.id }).where(eq(consoleInvites.id, invite.id));
      return created!;
    });
    if (!user) return fail(c, "invite_invalid", "This invitation is invalid, used or expired; ask the admin for a new one.");
    return c.json(await signInConsole(c, user), 200);
  })
  .openapi(consoleRefresh, async (c) => {
    const { database, config, now } = c.get("deps");
    const token = refreshCookieOf(c);
    if (!token) return fail(c, "refresh_invalid", "Not signed in to the console.");
    const result = await refreshSession(database.db, config.sessionSecret, token, now(), (sessionId) =>
      c.get("sessions").forget([sessionId]),
    );
    if (!result.ok) {
      clearRefreshCookie(c);
      return fail(c, result.code, result.message);
    }
    setRefreshCookie(c, result.value);
    return c.json(consoleAccess(result.value), 200);
  })
  .openapi(consoleLogout, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    // The access token's session, and the cookie's if it is another of the same user's.
    const ended = await endSession(database.db, auth.userId, auth.sessionId, refreshCookieOf(c) ?? "", now());
    c.get("sessions").forget(ended);
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
