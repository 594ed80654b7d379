// First: zod's jitless setting, before any schema parses (client/strict-csp.ts).
import "../../client/strict-csp";
import { ApiError, createApiClient, storageTokenStore } from "../../client/api-client";
import type { LoginResponse } from "../../contract/auth";
import { authEndpoints } from "../../contract/endpoints/auth";
import { getZaloAccessToken } from "../platform/zalo-identity";
import { platformStorage } from "../platform/storage";
import { isDeviceId } from "../../domain/loyalty/actors";
import { DEVICE_KEY, SESSION_KEY, setSessionUser } from "./api-base";

/*
 * The API client and the sign-in: zod and the contract's schemas come with this module, so the
 * Mini App's first route reaches it through state/contract.ts (loaded on demand); lazy pages
 * import it directly. What the first route needs without zod is in state/api-base.ts.
 */
export {
  DEVICE_KEY,
  SESSION_KEY,
  SESSION_USER_KEY,
  failureCode,
  failureParams,
  sessionUser,
  setSessionUser,
  type FailureCode,
} from "./api-base";

/**
 * The one API client of the Mini App. The session lives in platform storage (nativeStorage
 * inside Zalo, localStorage outside), so reopening the Mini App does not sign in again.
 */
export const api = createApiClient({ tokens: storageTokenStore(safeStorage(), SESSION_KEY), deviceId: installId, baseUrl: apiBaseUrl() });

/**
 * Inside Zalo the Mini App is served from Zalo's origin (h5.zdn.vn), never from ours, so the
 * build that `zmp deploy` uploads must name the API's own address: `VITE_API_URL=https://api.brand.vn
 * npm run build` (docs/deploying.md). Unset (`npm start`, the browser tests), the API is on the
 * page's own origin. It is an address, not a secret.
 */
function apiBaseUrl(): string {
  const origin = (import.meta.env.VITE_API_URL as string | undefined)?.replace(/\/+$/, "");
  return origin ? `${origin}/api` : "/api";
}

/**
 * An address the API gave for an image: an uploaded reward image comes as a path under /api,
 * which inside Zalo must be fetched from the API's origin, not Zalo's; a full address is kept.
 */
export function mediaUrl(url: string): string {
  return url.startsWith("/api/") ? `${apiBaseUrl()}${url.slice("/api".length)}` : url;
}

/**
 * A random id made once per install and kept in platform storage: the ledger records it on
 * the earns a counter phone sends (decision 0017), so a manager can tell which phone it was.
 */
export function installId(): string | null {
  const stored = platformStorage.getItem(DEVICE_KEY);
  if (isDeviceId(stored)) return stored;
  const fresh = globalThis.crypto?.randomUUID?.();
  if (!fresh) return null;
  platformStorage.setItem(DEVICE_KEY, fresh);
  return fresh;
}

/**
 * storageTokenStore JSON.parses whatever is stored; a corrupt value would throw on every
 * request. Reading it through this guard turns garbage into "no session".
 */
function safeStorage() {
  return {
    getItem(key: string) {
      const raw = platformStorage.getItem(key);
      if (raw === null) return null;
      try {
        JSON.parse(raw);
        return raw;
      } catch {
        platformStorage.removeItem(key);
        return null;
      }
    },
    setItem: (key: string, value: string) => platformStorage.setItem(key, value),
    removeItem: (key: string) => platformStorage.removeItem(key),
  };
}

let signingIn: Promise<LoginResponse> | null = null;

/** Signs in with the Zalo access token (or the dev fallback outside Zalo) and keeps the session. */
export function signInWithZalo(): Promise<LoginResponse> {
  // One sign-in at a time: the start-up's /me and the cached card's refresh may both find the
  // stored session expired at once.
  signingIn ??= (async () => {
    const accessToken = await getZaloAccessToken();
    const login = await api.request(authEndpoints.zaloLogin, { body: { accessToken } }, { auth: false });
    api.tokens.set(login.session);
    setSessionUser(login.user.id);
    return login;
  })().finally(() => {
    signingIn = null;
  });
  return signingIn;
}

/**
 * Runs an authenticated call; when the session is gone for good (the client already tried a
 * refresh), signs in again with Zalo and retries once. Inside Zalo this is silent: the access
 * token needs no prompt (SDK ≥ 2.35).
 */
export async function withSession<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    await signInWithZalo();
    return call();
  }
}
