import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { CONSOLE_CSRF_HEADER, CONSOLE_CSRF_VALUE, type ConsoleAccess, type ConsoleLoginResponse } from "../../../contract/console-auth";
import type { Session } from "../../../contract/auth";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { startSession, userAgentOf } from "./sessions";
import { userView, type UserRow } from "./users";

/**
 * The console's refresh token lives in this cookie (docs/decisions/0040): httpOnly (scripts on
 * the page never see it), SameSite=Strict (no other site's page sends it), and scoped to
 * /api/console (the Mini App's and the public routes never receive it).
 */
export const REFRESH_COOKIE = "ll_console_refresh";
export const REFRESH_COOKIE_PATH = "/api/console";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Secure everywhere except plain http on this machine (local development and the browser
 * tests): a browser would drop a Secure cookie set over http from any other host, and behind
 * a TLS-terminating proxy the request's host is the real one, so production always gets it.
 */
export function secureFor(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

export function setRefreshCookie(c: Context<AppEnv>, session: Session) {
  const maxAge = Math.max(0, Math.floor((Date.parse(session.refreshTokenExpiresAt) - c.get("deps").now()) / 1000));
  setCookie(c, REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure: secureFor(c),
    sameSite: "Strict",
    path: REFRESH_COOKIE_PATH,
    maxAge,
  });
}

export function clearRefreshCookie(c: Context<AppEnv>) {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: secureFor(c), httpOnly: true, sameSite: "Strict" });
}

export const refreshCookieOf = (c: Context<AppEnv>) => getCookie(c, REFRESH_COOKIE) ?? null;

export const consoleAccess = (session: Session): ConsoleAccess => ({
  accessToken: session.accessToken,
  accessTokenExpiresAt: session.accessTokenExpiresAt,
});

/** Starts a console session: the refresh token goes to the cookie, the access token to the page. */
export async function signInConsole(c: Context<AppEnv>, user: UserRow): Promise<ConsoleLoginResponse> {
  const { database, config, now } = c.get("deps");
  const session = await startSession(database.db, config.sessionSecret, { id: user.id, brandId: user.brandId, role: user.role }, now(), {
    userAgent: userAgentOf(c.req.header("user-agent")),
  });
  setRefreshCookie(c, session);
  return { session: consoleAccess(session), user: await userView(database.db, user) };
}

/**
 * CSRF guard for the routes the cookie authenticates (docs/decisions/0040): the console's
 * custom header, which a cross-site form cannot send and a cross-site script can send only
 * after a CORS preflight this API never grants; and, where the browser says where the request
 * comes from (Sec-Fetch-Site), only the same origin.
 */
export const requireConsoleCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  const site = c.req.header("sec-fetch-site");
  if (c.req.header(CONSOLE_CSRF_HEADER) !== CONSOLE_CSRF_VALUE || (site !== undefined && site !== "same-origin" && site !== "none")) {
    return fail(c, "csrf_refused", "This request must come from the console itself.");
  }
  return next();
};
