import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, createApiClient, storageTokenStore, type ApiClient } from "../client/api-client";
import { MeResponse, type LoginResponse } from "../contract/auth";
import { authEndpoints } from "../contract/endpoints/auth";
import { isConsoleRole } from "../domain/identity/roles";

/**
 * The console session. Tokens live in sessionStorage (not localStorage) so closing the tab on
 * a shared shop computer ends the session; reloading the tab keeps it.
 */
export const SESSION_STORAGE_KEY = "loyalloop.console.session";

export type AuthState =
  { status: "checking" } | { status: "signedOut" } | { status: "signedIn"; me: MeResponse } | { status: "failed"; error: ApiError };

type AuthContextValue = {
  state: AuthState;
  api: ApiClient;
  /** Stores the session of a successful login and loads who the user is. */
  completeSignIn: (login: LoginResponse) => Promise<void>;
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
      tokens: storageTokenStore(sessionStorage, SESSION_STORAGE_KEY),
      onSignedOut: () => setState({ status: "signedOut" }),
    }),
  );

  const loadMe = useCallback(async (): Promise<MeResponse> => {
    const me = await api.request(authEndpoints.me);
    if (!isConsoleRole(me.user.role)) throw new ApiError(403, "forbidden", "This account has no console access.");
    return me;
  }, [api]);

  const check = useCallback(async () => {
    if (!api.tokens.get()) {
      setState({ status: "signedOut" });
      return;
    }
    setState({ status: "checking" });
    try {
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
    async (login: LoginResponse) => {
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
    const session = api.tokens.get();
    if (session) {
      // Best effort: the server ends the refresh token; locally we sign out regardless.
      await api.request(authEndpoints.logout, { body: { refreshToken: session.refreshToken } }).catch(() => undefined);
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
