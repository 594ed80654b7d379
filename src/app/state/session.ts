import { atom } from "jotai";
import { atomWithLazy } from "jotai/utils";
import type { MeResponse } from "../../contract/auth";
import { isCounterRole } from "../../domain/identity/roles";
import { platformStorage, readJson } from "../platform/storage";
import { afterFirstPaint } from "../platform/after-paint";
import { loadZaloSdk } from "../platform/zalo-sdk";
import { startScreen } from "../routes";
import { SESSION_KEY, failureCode, hasStoredSession, sessionUser, setSessionUser, type FailureCode } from "./api-base";
import { isMeResponse } from "./cache-guards";
import { callApi, loadApi, loadedApi } from "./contract";
import { clearCardAtom } from "./card";
import { forgetCachedVouchers } from "./vouchers-cache-key";

const ME_KEY = "ll.me";
// The first paint inside Zalo reads it before zmp-sdk has arrived (platform/storage.ts).
platformStorage.mirror(ME_KEY);

/**
 * The last /me, so a shopper who opens the Mini App without network still gets their cached
 * card and QR (which verify offline) instead of an error screen.
 */
function readCachedMe(): MeResponse | null {
  const value = readJson(platformStorage, ME_KEY);
  // Before the contract's chunk is here (the start-up's first paint), by shape; after, by the contract.
  const contract = loadedApi();
  if (!contract) return isMeResponse(value) ? value : null;
  const parsed = contract.MeResponse.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function writeCachedMe(me: MeResponse | null) {
  if (me) platformStorage.setItem(ME_KEY, JSON.stringify(me));
  else platformStorage.removeItem(ME_KEY);
}

export type SessionState =
  { status: "loading" } | { status: "ready"; me: MeResponse } | { status: "error"; code: FailureCode } | { status: "signedOut" };

/** The cached /me a start-up may paint: only when the stored session is known to be that user's. */
function cachedStartupMe(): MeResponse | null {
  if (!hasStoredSession()) return null;
  const cached = readCachedMe();
  return cached && cached.user.id === sessionUser() ? cached : null;
}

/**
 * A returning member's app starts signed in as the cached /me, read when the state is first
 * needed: the first render is their card, not a skeleton and another render after the start-up's
 * effect (issue 12). The start-up (bootstrapSessionAtom) confirms it or replaces it.
 */
const sessionStateAtom = atomWithLazy<SessionState>(() => {
  const me = cachedStartupMe();
  return me ? { status: "ready", me } : { status: "loading" };
});

/** Whether the start-up ran in this store: only the first one may keep the cached /me on screen. */
const startedAtom = atom(false);

/** Where the app is: loading, signed in (with /me), failed, or signed out. */
export const sessionAtom = atom((get) => get(sessionStateAtom));

/** The signed-in user, brand and dev flag, or null while loading or signed out. */
export const meAtom = atom((get) => {
  const state = get(sessionStateAtom);
  return state.status === "ready" ? state.me : null;
});

/** Staff mode is for counter roles only (src/domain/identity/roles.ts). */
export const isCounterUserAtom = atom((get) => {
  const me = get(meAtom);
  return me !== null && isCounterRole(me.user.role);
});

/** What the start ("/") shows for this user (routes.ts startScreen): the start screen and the bottom bar agree. */
export const startScreenAtom = atom((get) => {
  const me = get(meAtom);
  return startScreen({ signedIn: me !== null, isMember: me?.user.isMember === true, isCounter: get(isCounterUserAtom) });
});

/** The start-up in progress, so a double mount (React StrictMode) signs in once, not twice. */
const bootstrapInFlightAtom = atom<Promise<void> | null>(null);

/**
 * Start-up: reuse the stored session when GET /me still accepts it, otherwise sign in with
 * Zalo first. Safe to call again (the "Thử lại" and "Đăng nhập lại" buttons do).
 */
export const bootstrapSessionAtom = atom(null, (get, set) => {
  const running = get(bootstrapInFlightAtom);
  if (running) return running;
  const run = (async () => {
    // A returning member sees their cached card at once (issue 12: the card on screen in under
    // 2 s on a phone on 4G); /me below confirms it or replaces it. Start-up only: a retry after
    // an error, or the sign-in after an erasure (which forgot the cache), shows the skeleton.
    // Only when the stored tokens are known to be that user's: a cached card is never shown to
    // another account.
    const shown = get(sessionStateAtom);
    const signedIn = hasStoredSession();
    // The state started from the cached /me (sessionStateAtom) only before the first start-up.
    const cachedAtStart = !get(startedAtom) && shown.status === "ready" ? shown.me : null;
    set(startedAtom, true);
    if (!cachedAtStart) set(sessionStateAtom, { status: "loading" });
    // A sign-in needs zmp-sdk's access token too: fetch its chunk alongside the contract's.
    // After the first paint, as the contract's chunk (state/contract.ts): the welcome paints first.
    if (!signedIn) void afterFirstPaint().then(() => loadZaloSdk().catch(() => undefined));
    if (!platformStorage.isSettled()) {
      // Inside Zalo that paint came from the localStorage mirror; nativeStorage is the truth
      // once zmp-sdk is here. If it holds no session, or another user's (another Zalo account
      // on this phone, a sign-out the mirror missed), the painted card goes now, before any
      // request, and the skeleton waits for /me.
      await platformStorage.settled();
      if (cachedAtStart) {
        const now = hasStoredSession() ? readCachedMe() : null;
        const same = now && now.user.id === sessionUser() && now.user.id === cachedAtStart.user.id;
        if (!same) set(sessionStateAtom, { status: "loading" });
      }
    }
    try {
      const { api, authEndpoints, signInWithZalo, withSession } = await loadApi();
      if (!api.tokens.get()) await signInWithZalo();
      const me = await withSession(() => api.request(authEndpoints.me));
      // Another Zalo account on this phone: the cached card is not theirs.
      if (readCachedMe()?.user.id !== me.user.id) {
        set(clearCardAtom);
        forgetCachedVouchers();
      }
      writeCachedMe(me);
      setSessionUser(me.user.id);
      set(sessionStateAtom, { status: "ready", me });
    } catch (err) {
      const code = failureCode(err);
      const cached = code === "network" && hasStoredSession() ? readCachedMe() : null;
      set(sessionStateAtom, cached ? { status: "ready", me: cached } : { status: "error", code });
    } finally {
      set(bootstrapInFlightAtom, null);
    }
  })();
  set(bootstrapInFlightAtom, run);
  return run;
});

/** Re-reads /me after something changed it (joining, a role switch); keeps the screen on failure. */
export const refreshMeAtom = atom(null, async (_get, set) => {
  const me = await callApi(({ api, authEndpoints }) => api.request(authEndpoints.me));
  writeCachedMe(me);
  set(sessionStateAtom, { status: "ready", me });
  return me;
});

/** Dev identity mode only: become a shopper or a staff member of the demo brand. */
export const switchDevRoleAtom = atom(null, async (_get, set, role: "member" | "staff") => {
  const { api, authEndpoints, withSession } = await loadApi();
  const login = await withSession(() => api.request(authEndpoints.devRole, { body: { role } }));
  // The role lives in the access token, so the new session replaces the old one.
  api.tokens.set(login.session);
  setSessionUser(login.user.id);
  await set(refreshMeAtom);
});

/** Forgets everything this device keeps about the signed-in user: tokens, /me, card, summary, vouchers. */
const forgetLocalSessionAtom = atom(null, (_get, set) => {
  platformStorage.removeItem(SESSION_KEY);
  setSessionUser(null);
  writeCachedMe(null);
  set(clearCardAtom);
  forgetCachedVouchers();
});

/** Ends the server session and forgets the local one, including the cached card. */
export const logoutAtom = atom(null, async (_get, set) => {
  // Best effort: signing out locally must work offline too (even before the chunk ever arrived).
  await loadApi()
    .then(({ api, authEndpoints }) => {
      const session = api.tokens.get();
      if (session) return api.request(authEndpoints.logout, { body: { refreshToken: session.refreshToken } });
    })
    .catch(() => undefined);
  set(forgetLocalSessionAtom);
  set(sessionStateAtom, { status: "signedOut" });
});

/**
 * After the account was erased: the server already ended every session, so nothing is sent.
 * The local copies go, then the app signs in again with Zalo as the non-member this Zalo user
 * now is, which routes to onboarding.
 */
export const afterAccountErasedAtom = atom(null, (_get, set) => {
  set(forgetLocalSessionAtom);
  return set(bootstrapSessionAtom);
});
