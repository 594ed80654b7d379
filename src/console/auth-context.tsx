import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, createApiClient, storageTokenStore, type ApiClient } from "../client/api-client";
import type { MeResponse } from "../contract/auth";
import { ConsoleAccess, type ConsoleLoginResponse } from "../contract/console-auth";
import { authEndpoints } from "../contract/endpoints/auth";
import { isConsoleRole } from "../domain/identity/roles";

/**
 * The console session (docs/decisions/0040). The refresh token is an httpOnly cookie the page
 * never sees; it survives a new tab and a browser restart, and only the server ends it
 * (sign-out, the sessions list, an admin's deactivation). The 15-minute access token is kept
 * per tab in sessionStorage so a reload does not need a refresh; a new tab has none and gets
 * one from the cookie.
 */
export const SESSION_STORAGE_KEY = "loyalloop.console.session";

export type AuthState =
  { status: "checking" } | { status: "signedOut" } | { status: "signedIn"; me: MeResponse } | { status: "failed"; error: ApiError };

type AuthContextValue = {
  state: AuthState;
  api: ApiClient;
  /** Stores the session of a successful login and loads who the user is. */
  completeSignIn: (login: ConsoleLoginResponse) => Promise<void>;
  signOut: () => Promise<void>;
  /** Loads /me again after a failure that was not about the session (e.g. network). */
  retry: () => void;
};

const AuthContext = createContext<AuthContextValue | null>(null);

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "internal", String(error));
}

/** A 401/403 on /me means the stored session is no good; anything else may be transient. */
function endsSession(error: ApiError): boolean {
  return error.status === 401 || error.status === 403;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "checking" });
  // One client for the provider's lifetime: it holds the shared in-flight refresh.
  const [api] = useState(() =>
    createApiClient({
      tokens: storageTokenStore(sessionStorage, SESSION_STORAGE_KEY, ConsoleAccess),
      renew: "cookie",
      onSignedOut: () => setState({ status: "signedOut" }),
    }),
  );

  const loadMe = useCallback(async (): Promise<MeResponse> => {
    const me = await api.request(authEndpoints.me);
    if (!isConsoleRole(me.user.role)) throw new ApiError(403, "forbidden", "This account has no console access.");
    return me;
  }, [api]);

  const check = useCallback(async () => {
    setState({ status: "checking" });
    try {
      // A new tab or a restarted browser: no access token here yet, perhaps a session cookie.
      if (!api.tokens.get() && !(await api.resume())) {
        setState({ status: "signedOut" });
        return;
      }
      setState({ status: "signedIn", me: await loadMe() });
    } catch (error) {
      const apiError = toApiError(error);
      if (endsSession(apiError)) {
        api.tokens.set(null);
        setState({ status: "signedOut" });
      } else {
        setState({ status: "failed", error: apiError });
      }
    }
  }, [api, loadMe]);

  useEffect(() => {
    void check();
  }, [check]);

  const completeSignIn = useCallback(
    async (login: ConsoleLoginResponse) => {
      api.tokens.set(login.session);
      try {
        setState({ status: "signedIn", me: await loadMe() });
      } catch (error) {
        // Half a sign-in is worse than none: do not keep tokens we could not use.
        api.tokens.set(null);
        throw toApiError(error);
      }
    },
    [api, loadMe],
  );

  const signOut = useCallback(async () => {
    if (api.tokens.get()) {
      // The server ends the session and clears the cookie; locally we sign out regardless.
      await api.request(authEndpoints.consoleLogout).catch(() => undefined);
    }
    api.tokens.set(null);
    setState({ status: "signedOut" });
  }, [api]);

  const value = useMemo<AuthContextValue>(
    () => ({ state, api, completeSignIn, signOut, retry: () => void check() }),
    [state, api, completeSignIn, signOut, check],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
