import { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { authEndpoints } from "../../../contract/endpoints/auth";
import { ROLES } from "../../../domain/identity/roles";
import { users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { endSession, refreshSession, startSession } from "./sessions";
import { brandById, brandBySlug, defaultDisplayName, setStaffStores, storesOfBrand, userById, userView } from "./users";

/** Sessions of every audience (sign-in from the Mini App, refresh, sign-out, who am I): mounted at /. */
const route = routesAt("");
const tags = ["Auth"];

const zaloLogin = route(authEndpoints.zaloLogin, {
  tags,
  summary: "Sign in a Mini App user with the Zalo access token from getAccessToken()",
  description:
    "The server verifies the token with the Graph API (/v2.0/me with appsecret_proof) and returns its own session. " +
    "In dev identity mode (no Zalo app secret configured) it accepts `dev:<id>` tokens instead.",
  access: "public",
  limit: "signIn",
  ok: "Signed in",
  errors: { 502: "Zalo could not be reached (zalo_unavailable)" },
});

const refresh = route(authEndpoints.refresh, {
  tags,
  summary: "Exchange a refresh token for a new session (the refresh token rotates)",
  access: "public",
  limit: "tokenRefresh",
  ok: "New session",
});

const logout = route(authEndpoints.logout, {
  tags,
  summary: "End the session of this refresh token",
  access: ROLES,
  ok: "Signed out",
});

const me = route(authEndpoints.me, {
  tags,
  summary: "Who am I: user, role, stores, membership, brand",
  access: ROLES,
  ok: "The signed-in user",
});

const devRole = route(authEndpoints.devRole, {
  tags: ["Dev"],
  summary: "Dev identity mode only: switch between member and staff to try staff mode",
  access: ["member", "staff"],
  ok: "New session with the new role",
});

export const authSessionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(zaloLogin, async (c) => {
    const { database, identity, config, now, log } = c.get("deps");
    const { db } = database;
    const verified = await identity.verifyUser(c.req.valid("json").accessToken);
    if (!verified.ok) {
      log.warn({ reqId: c.get("requestId"), zaloError: verified.zaloError, why: verified.message }, "zalo login refused");
      return verified.kind === "unavailable"
        ? fail(c, "zalo_unavailable", "Zalo could not be reached; try again.")
        : fail(c, "zalo_token_invalid", "Zalo did not accept this access token.");
    }
    const brand = await brandBySlug(db, config.brandSlug);
    if (!brand) return fail(c, "brand_not_set_up", "No brand exists yet: open the setup link the server printed at start-up.");
    const profile = verified.value;
    const [user] = await db
      .insert(users)
      .values({
        brandId: brand.id,
        zaloId: profile.zaloId,
        displayName: profile.name ?? defaultDisplayName(profile.zaloId),
        avatarUrl: profile.avatarUrl,
      })
      .onConflictDoUpdate({
        target: [users.brandId, users.zaloId],
        // Zalo's profile is authoritative and may change between visits.
        set: profile.name
          ? { displayName: profile.name, avatarUrl: profile.avatarUrl, updatedAt: new Date(now()) }
          : { updatedAt: new Date(now()) },
      })
      .returning();
    const session = await startSession(db, config.sessionSecret, { id: user!.id, brandId: user!.brandId, role: user!.role }, now());
    return c.json({ session, user: await userView(db, user!) }, 200);
  })
  .openapi(refresh, async (c) => {
    const { database, config, now } = c.get("deps");
    const result = await refreshSession(database.db, config.sessionSecret, c.req.valid("json").refreshToken, now(), (sessionId) =>
      c.get("sessions").forget([sessionId]),
    );
    return result.ok ? c.json(result.value, 200) : fail(c, result.code, result.message);
  })
  .openapi(logout, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    c.get("sessions").forget(await endSession(database.db, auth.userId, auth.sessionId, c.req.valid("json").refreshToken, now()));
    return c.body(null, 204);
  })
  .openapi(me, async (c) => {
    const { database, config } = c.get("deps");
    const auth = c.get("auth");
    const user = await userById(database.db, auth.userId);
    const brand = await brandById(database.db, auth.brandId);
    if (!user || !brand) return fail(c, "unauthenticated", "This account no longer exists.");
    return c.json(
      {
        user: await userView(database.db, user),
        brand: { id: brand.id, name: brand.name, slug: brand.slug },
        devIdentity: config.devIdentity,
      },
      200,
    );
  })
  .openapi(devRole, async (c) => {
    const { database, config, now } = c.get("deps");
    if (!config.devIdentity) return fail(c, "dev_identity_disabled", "Role switching exists only in dev identity mode.");
    const auth = c.get("auth");
    const { role } = c.req.valid("json");
    const [user] = await database.db
      .update(users)
      .set({ role, updatedAt: new Date(now()) })
      .where(eq(users.id, auth.userId))
      .returning();
    const firstStore = (await storesOfBrand(database.db, auth.brandId))[0];
    await setStaffStores(database.db, auth.userId, role === "staff" && firstStore ? [firstStore.id] : []);
    const session = await startSession(database.db, config.sessionSecret, { id: user!.id, brandId: user!.brandId, role }, now());
    return c.json({ session, user: await userView(database.db, user!) }, 200);
  });
