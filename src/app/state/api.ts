import { ApiError, createApiClient, storageTokenStore } from "../../client/api-client";
import { LoginResponse } from "../../contract/auth";
import { authEndpoints } from "../../contract/endpoints/auth";
import { getZaloAccessToken, ZaloUnavailableError } from "../platform/zalo-identity";
import { platformStorage } from "../platform/storage";
import { isDeviceId } from "../../domain/loyalty/actors";

export const SESSION_KEY = "ll.session";
export const DEVICE_KEY = "ll.device";
/** Whose session ll.session is (a user id): the cached /me is only shown at start-up for them. */
export const SESSION_USER_KEY = "ll.sessionUser";

export function sessionUser(): string | null {
  return platformStorage.getItem(SESSION_USER_KEY);
}

/** Records (or with null forgets) whose tokens are stored; call wherever the tokens change hands. */
export function setSessionUser(userId: string | null) {
  if (userId) platformStorage.setItem(SESSION_USER_KEY, userId);
  else platformStorage.removeItem(SESSION_USER_KEY);
}

/**
 * The one API client of the Mini App. The session lives in platform storage (nativeStorage
 * inside Zalo, localStorage outside), so reopening the Mini App does not sign in again.
 */
export const api = createApiClient({ tokens: storageTokenStore(safeStorage(), SESSION_KEY), deviceId: installId });

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

/** A stable, translatable error code for anything an API call or Zalo can throw. */
export type FailureCode = ApiError["code"] | "zalo";

export function failureCode(err: unknown): FailureCode {
  if (err instanceof ApiError) return err.code;
  if (err instanceof ZaloUnavailableError) return "zalo";
  return "internal";
}

/** The values a refusal's sentence needs (receipt_already_used: at, staff, points); {} for anything else. */
export function failureParams(err: unknown): Readonly<Record<string, string | number>> {
  return err instanceof ApiError ? err.params : {};
}
