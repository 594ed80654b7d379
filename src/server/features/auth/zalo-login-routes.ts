/**
 * Zalo login for console users (docs/decisions/0040, addendum): OAuth v4 with PKCE against
 * Zalo's user endpoints, then Graph /me for the person's Zalo id.
 *
 * `start` (anyone) and `link` (a signed-in user binding their Zalo account) keep a PKCE verifier
 * and a random state server-side for ZALO_LOGIN_TTL_MS, set a browser-binding cookie whose hash
 * the state row keeps, and answer Zalo's consent URL. Zalo sends the browser back to `callback`
 * with a code and the state. The state is taken once whatever follows; the binding cookie must
 * be the one set when this browser started (so nobody can finish their own flow in someone
 * else's browser and sign them in as themselves); the code is exchanged with the verifier and the
 * token used once for /me. sign_in: the console user of this brand with that Zalo id gets a
 * session (refresh cookie) and the browser goes to the console, which resumes it like a new tab;
 * link: the Zalo id is bound to the user who started. Every result goes back as `?zalo=<result>`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, inArray, isNotNull, isNull, lte, ne } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createHash, randomBytes } from "node:crypto";
import { authEndpoints } from "../../../contract/endpoints/auth";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import { ZALO_LOGIN_TTL_MS, type ZaloLoginResult } from "../../../domain/identity/zalo-login";
import { isUniqueViolation } from "../../db/client";
import { auditEvents, consoleZaloStates, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { graphIdentity } from "../../zalo/identity";
import { pkceChallenge } from "../../zalo/oa-token";
import { exchangeUserCode, userConsentUrl } from "../../zalo/user-oauth";
import { secureFor, signInConsole } from "./console-session";
import { brandBySlug } from "./users";

const route = routesAt("/console");
const tags = ["Auth"];

const start = route(authEndpoints.consoleZaloStart, {
  tags,
  summary: "Start signing in to the console with Zalo (OAuth v4, PKCE): answers the consent URL to send the browser to",
  description: "Sets a browser-binding cookie (httpOnly, SameSite=Lax, 10 minutes) the callback checks.",
  access: "public",
  limit: "consoleSignIn",
  ok: "Consent URL",
  errors: { 409: "zalo_login_unavailable: no Zalo app is configured here; brand_not_set_up" },
});
const callback = route(authEndpoints.consoleZaloCallback, {
  tags,
  summary:
    "Zalo's redirect after consent: checks state and binding cookie, exchanges the code, reads /me; 302 to the console with ?zalo=<result>",
  access: "public",
  limit: "consoleSignIn",
  ok: "Not used: the answer is a 302 to the console",
  errors: { 302: "Redirect to the console with the result", 409: "zalo_login_unavailable" },
});
const status = route(authEndpoints.consoleZaloStatus, {
  tags: ["Console users"],
  summary: "Whether Zalo login is offered here and whether the signed-in user's Zalo account is linked",
  access: CONSOLE_ROLES,
  ok: "Status",
});
const link = route(authEndpoints.consoleZaloLink, {
  tags: ["Console users"],
  summary: "Link the signed-in user's Zalo account for Zalo login: answers the consent URL",
  access: CONSOLE_ROLES,
  limit: "consoleSignIn",
  ok: "Consent URL",
  errors: { 409: "zalo_login_unavailable" },
});
const unlink = route(authEndpoints.consoleZaloUnlink, {
  tags: ["Console users"],
  summary: "Unlink the signed-in user's Zalo account (sessions stay; the next sign-in needs a link or Zalo again)",
  access: CONSOLE_ROLES,
  ok: "Unlinked",
});

/** The path Zalo sends the browser back to; registered as is as the Zalo app's callback URL. */
export const ZALO_LOGIN_CALLBACK_PATH = "/api/console/auth/zalo/callback";
const BINDING_COOKIE = "ll_console_zalo";
const BINDING_PATH = "/api/console/auth/zalo";
const UNAVAILABLE = "This server has no Zalo app configured: sign in with a one-time link.";

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, "");
const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/**
 * Keeps the flow's verifier and state, sets the binding cookie. SameSite=Lax, not Strict: Zalo's
 * redirect to our callback is a cross-site top-level GET, which Lax cookies go with and Strict
 * ones do not.
 */
async function begin(c: Context<AppEnv>, flow: { purpose: "sign_in" | "link"; brandId: string; userId?: string; sessionId?: string }) {
  const { database, now, config, zaloLogin } = c.get("deps");
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(24).toString("base64url");
  const binding = randomBytes(24).toString("base64url");
  const at = now();
  const expiresAt = new Date(at + ZALO_LOGIN_TTL_MS);
  // Finished and abandoned flows are of no use once expired: the table holds only live ones.
  await database.db.delete(consoleZaloStates).where(lte(consoleZaloStates.expiresAt, new Date(at)));
  await database.db.insert(consoleZaloStates).values({
    stateHash: sha256(state),
    purpose: flow.purpose,
    brandId: flow.brandId,
    userId: flow.userId ?? null,
    sessionId: flow.sessionId ?? null,
    bindingHash: sha256(binding),
    codeVerifier: verifier,
    createdAt: new Date(at),
    expiresAt,
  });
  setCookie(c, BINDING_COOKIE, binding, {
    httpOnly: true,
    secure: secureFor(c),
    sameSite: "Lax",
    path: BINDING_PATH,
    maxAge: ZALO_LOGIN_TTL_MS / 1000,
  });
  const consentUrl = userConsentUrl(
    zaloLogin!.oauth,
    `${base(config.publicUrl)}${ZALO_LOGIN_CALLBACK_PATH}`,
    pkceChallenge(verifier),
    state,
  );
  return { consentUrl, expiresAt: expiresAt.toISOString() };
}

async function audit(
  c: Context<AppEnv>,
  row: { brandId: string; actorId: string; action: "console_zalo_linked" | "console_signed_in" },
  detail: Record<string, string>,
) {
  const { database, now } = c.get("deps");
  await database.db
    .insert(auditEvents)
    .values({ brandId: row.brandId, actorId: row.actorId, action: row.action, subjectId: row.actorId, at: new Date(now()), detail });
}

export const zaloLoginRoutes = new OpenAPIHono<AppEnv>()
  .openapi(start, async (c) => {
    const { database, config, zaloLogin } = c.get("deps");
    if (!zaloLogin) return fail(c, "zalo_login_unavailable", UNAVAILABLE);
    const brand = await brandBySlug(database.db, config.brandSlug);
    if (!brand) return fail(c, "brand_not_set_up", "No brand exists yet: open the setup link the server printed at start-up.");
    return c.json(await begin(c, { purpose: "sign_in", brandId: brand.id }), 200);
  })
  .openapi(callback, async (c) => {
    const { database, now, config, zaloLogin, log } = c.get("deps");
    if (!zaloLogin) return fail(c, "zalo_login_unavailable", UNAVAILABLE);
    const q = c.req.valid("query");
    const binding = getCookie(c, BINDING_COOKIE);
    deleteCookie(c, BINDING_COOKIE, { path: BINDING_PATH, secure: secureFor(c), httpOnly: true, sameSite: "Lax" });
    const back = (result: ZaloLoginResult, purpose: "sign_in" | "link" = "sign_in") => {
      const page = result === "signed_in" ? "/console/members" : purpose === "link" ? "/console/account/sessions" : "/console/login";
      return c.redirect(`${base(config.publicUrl)}${page}?zalo=${result}`, 302);
    };
    if (!q.state) return back("state_invalid");
    // Taken once, whatever follows: a replayed or leaked state finds it used.
    const [row] = await database.db
      .update(consoleZaloStates)
      .set({ usedAt: new Date(now()) })
      .where(and(eq(consoleZaloStates.stateHash, sha256(q.state)), isNull(consoleZaloStates.usedAt)))
      .returning();
    if (!row) return back("state_invalid");
    if (!binding || sha256(binding) !== row.bindingHash) return back("state_invalid", row.purpose);
    if (row.expiresAt.getTime() <= now()) return back("state_expired", row.purpose);
    if (row.purpose === "link" && !(await c.get("sessions").isLive(row.sessionId!, row.userId!, now()))) {
      return back("state_invalid", row.purpose);
    }
    if (q.error || !q.code) return back("denied", row.purpose);
    const token = await exchangeUserCode(zaloLogin.oauth, q.code, row.codeVerifier);
    const profile = token.ok ? await graphIdentity(zaloLogin.graph).verifyUser(token.value) : token;
    if (!profile.ok) {
      log.warn(
        { brandId: row.brandId, kind: profile.kind, zaloError: profile.zaloError, message: profile.message },
        "console Zalo login failed",
      );
      return back("exchange_failed", row.purpose);
    }
    const zaloId = profile.value.zaloId;

    if (row.purpose === "link") {
      const taken = await database.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.brandId, row.brandId), eq(users.consoleZaloId, zaloId), ne(users.id, row.userId!)));
      if (taken.length) return back("already_linked", "link");
      try {
        await database.db
          .update(users)
          .set({ consoleZaloId: zaloId, consoleZaloLinkedAt: new Date(now()), updatedAt: new Date(now()) })
          .where(eq(users.id, row.userId!));
      } catch (error) {
        // Two users linking the same Zalo account at once: the unique index lets one through.
        if (isUniqueViolation(error, "users_brand_console_zalo_uq")) return back("already_linked", "link");
        throw error;
      }
      await audit(c, { brandId: row.brandId, actorId: row.userId!, action: "console_zalo_linked" }, { change: "linked" });
      return back("linked", "link");
    }

    const [user] = await database.db
      .select()
      .from(users)
      .where(and(eq(users.brandId, row.brandId), eq(users.consoleZaloId, zaloId), inArray(users.role, CONSOLE_ROLES)));
    if (!user) return back("not_linked");
    if (user.deactivatedAt) return back("suspended");
    await signInConsole(c, user);
    await audit(c, { brandId: row.brandId, actorId: user.id, action: "console_signed_in" }, { method: "zalo" });
    return back("signed_in");
  })
  .openapi(status, async (c) => {
    const { database, zaloLogin } = c.get("deps");
    const [user] = await database.db
      .select({ linkedAt: users.consoleZaloLinkedAt, zaloId: users.consoleZaloId })
      .from(users)
      .where(eq(users.id, c.get("auth").userId));
    return c.json(
      { available: !!zaloLogin, linked: !!user?.zaloId, linkedAt: user?.zaloId ? (user.linkedAt?.toISOString() ?? null) : null },
      200,
    );
  })
  .openapi(link, async (c) => {
    if (!c.get("deps").zaloLogin) return fail(c, "zalo_login_unavailable", UNAVAILABLE);
    const auth = c.get("auth");
    return c.json(await begin(c, { purpose: "link", brandId: auth.brandId, userId: auth.userId, sessionId: auth.sessionId }), 200);
  })
  .openapi(unlink, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const [was] = await database.db
      .update(users)
      .set({ consoleZaloId: null, consoleZaloLinkedAt: null, updatedAt: new Date(now()) })
      .where(and(eq(users.id, auth.userId), isNotNull(users.consoleZaloId)))
      .returning({ id: users.id });
    if (was) await audit(c, { brandId: auth.brandId, actorId: auth.userId, action: "console_zalo_linked" }, { change: "unlinked" });
    return c.body(null, 204);
  });
