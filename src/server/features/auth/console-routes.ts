import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { authEndpoints } from "../../../contract/endpoints/auth";
import { loginLinks, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { sha256Hex, startSession } from "./sessions";
import { brandBySlug, userById, userView } from "./users";

/** Console sign-in (one-click in dev identity mode, one-time links otherwise): mounted at /console. */
const route = routesAt("/console");
const tags = ["Auth"];

const consoleDevLogin = route(authEndpoints.consoleDevLogin, {
  tags,
  summary: "Dev identity mode only: one-click console sign-in as the demo manager, marketer or admin",
  access: "public",
  limit: "consoleSignIn",
  ok: "Signed in",
});

const consoleLinkLogin = route(authEndpoints.consoleLinkLogin, {
  tags,
  summary: "Console sign-in with a one-time link token issued by `npm run console:link`",
  access: "public",
  limit: "consoleSignIn",
  ok: "Signed in",
});

export const authConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(consoleDevLogin, async (c) => {
    const { database, config, now } = c.get("deps");
    if (!config.devIdentity) return fail(c, "dev_identity_disabled", "One-click sign-in exists only in dev identity mode.");
    const brand = await brandBySlug(database.db, config.brandSlug);
    if (!brand) return fail(c, "internal", "The brand is not configured.");
    const { role } = c.req.valid("json");
    const [user] = await database.db
      .select()
      .from(users)
      .where(and(eq(users.brandId, brand.id), eq(users.role, role)))
      .orderBy(users.createdAt)
      .limit(1);
    if (!user) return fail(c, "not_found", `No ${role} account exists for this brand; seed the demo data.`);
    const session = await startSession(database.db, config.sessionSecret, { id: user.id, brandId: user.brandId, role }, now());
    return c.json({ session, user: await userView(database.db, user) }, 200);
  })
  .openapi(consoleLinkLogin, async (c) => {
    const { database, config, now } = c.get("deps");
    const tokenHash = sha256Hex(c.req.valid("json").token);
    // Claim the link atomically: of two simultaneous uses, exactly one updates the row.
    const [link] = await database.db
      .update(loginLinks)
      .set({ usedAt: new Date(now()) })
      .where(and(eq(loginLinks.tokenHash, tokenHash), isNull(loginLinks.usedAt)))
      .returning();
    if (!link || link.expiresAt.getTime() <= now()) return fail(c, "login_link_invalid", "This sign-in link is invalid, used or expired.");
    const user = await userById(database.db, link.userId);
    if (!user || !["marketer", "manager", "admin"].includes(user.role)) {
      return fail(c, "login_link_invalid", "This sign-in link is invalid, used or expired.");
    }
    const session = await startSession(database.db, config.sessionSecret, { id: user.id, brandId: user.brandId, role: user.role }, now());
    return c.json({ session, user: await userView(database.db, user) }, 200);
  });
