import { useEffect, useRef, useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../../client/api-client";
import type { ConsoleLoginResponse } from "../../contract/console-auth";
import { authEndpoints } from "../../contract/endpoints/auth";
import { healthEndpoints } from "../../contract/endpoints/health";

import { useAuth } from "../auth-context";
import { useLocale } from "../locale-context";
import { AlertIcon, LogoMark } from "../shell/icons";
import { LanguageSwitch } from "../shell/language-switch";
import { leaveFor } from "../common/leave";
import type { MessageKey } from "../i18n";
import { extractLinkToken, loginErrorKey } from "./login-errors";
import { zaloResultOf } from "./zalo-results";

type DevRole = "manager" | "marketer";
type Pending = DevRole | "link" | "zalo" | null;

/** What the Zalo callback's refusals say here (`?zalo=<result>`, docs/decisions/0040 addendum). */
const ZALO_MESSAGES: Partial<Record<string, MessageKey>> = {
  not_linked: "login.zalo.not_linked",
  suspended: "login.zalo.suspended",
  state_invalid: "login.zalo.state_invalid",
  state_expired: "login.zalo.state_expired",
  denied: "login.zalo.denied",
  exchange_failed: "login.zalo.exchange_failed",
};

/** Where the route guard was sending the user before it bounced them here. */
function returnPath(state: unknown): string {
  const from = (state as { from?: { pathname?: string; search?: string } } | null)?.from;
  return from?.pathname && from.pathname !== "/login" ? `${from.pathname}${from.search ?? ""}` : "/members";
}

export function LoginPage() {
  const { state, api, completeSignIn } = useAuth();
  const { t } = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  // The token from a /console/login?token=… link, read once: it is single-use, so it is also
  // removed from the address bar (and history) before it is spent.
  const [urlToken] = useState(() => searchParams.get("token"));
  // Where the Zalo callback sent the browser back with a refusal: said once, then dropped from the URL.
  const [zaloMessage] = useState(() => ZALO_MESSAGES[zaloResultOf(searchParams.get("zalo")) ?? ""] ?? null);
  const [zaloAvailable, setZaloAvailable] = useState(false);
  const [pending, setPending] = useState<Pending>(urlToken ? "link" : null);
  const [errorCode, setErrorCode] = useState<ApiError["code"] | null>(null);
  const [devIdentity, setDevIdentity] = useState(false);
  const [code, setCode] = useState("");
  const startedUrlToken = useRef(false);
  const target = returnPath(location.state);

  async function signIn(kind: Exclude<Pending, null>, request: () => Promise<ConsoleLoginResponse>) {
    setPending(kind);
    setErrorCode(null);
    try {
      await completeSignIn(await request());
      navigate(target, { replace: true });
    } catch (error) {
      setErrorCode(error instanceof ApiError ? error.code : "internal");
      setPending(null);
    }
  }

  const linkSignIn = (token: string) =>
    signIn("link", () => api.request(authEndpoints.consoleLinkLogin, { body: { token } }, { auth: false }));

  useEffect(() => {
    let live = true;
    // Only decides whether to offer quick sign-in; if health fails the code form still works.
    api
      .request(healthEndpoints.health)
      .then((health) => {
        if (!live) return;
        setDevIdentity(health.devIdentity);
        setZaloAvailable(health.consoleZaloLogin);
      })
      .catch(() => live && setDevIdentity(false));
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (zaloMessage && !urlToken) setSearchParams({}, { replace: true, state: location.state });
    // Once, on arrival from the callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function zaloSignIn() {
    setPending("zalo");
    setErrorCode(null);
    try {
      const { consentUrl } = await api.request(authEndpoints.consoleZaloStart, {}, { auth: false });
      leaveFor(consentUrl);
    } catch (error) {
      setErrorCode(error instanceof ApiError ? error.code : "internal");
      setPending(null);
    }
  }

  useEffect(() => {
    // StrictMode runs effects twice in development; a second POST would find the link used.
    if (!urlToken || startedUrlToken.current) return;
    startedUrlToken.current = true;
    setSearchParams({}, { replace: true, state: location.state });
    void linkSignIn(urlToken);
    // Runs once per mount by design (see the ref above).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (state.status === "signedIn" && pending === null) return <Navigate to={target} replace />;

  const busy = pending !== null;
  const token = extractLinkToken(code);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token) void linkSignIn(token);
  };

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <div className="login-head">
          <LogoMark width={40} height={40} />
          <h1>{t("login.title")}</h1>
          <p className="muted">{t("login.subtitle")}</p>
        </div>

        {zaloMessage && !errorCode && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <span>{t(zaloMessage)}</span>
          </div>
        )}
        {errorCode && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <span>{t(loginErrorKey(errorCode))}</span>
          </div>
        )}
        {pending === "link" && urlToken && !errorCode && (
          <p className="login-status" role="status">
            {t("login.linkSigningIn")}
          </p>
        )}

        {zaloAvailable && (
          <section className="login-zalo" aria-labelledby="login-zalo-title">
            <h2 id="login-zalo-title">{t("login.zaloTitle")}</h2>
            <p className="login-hint">{t("login.zaloHint")}</p>
            <button
              type="button"
              className="button button-primary button-lg login-zalo-button"
              disabled={busy}
              aria-busy={pending === "zalo"}
              onClick={() => void zaloSignIn()}
            >
              {pending === "zalo" ? t("login.zaloGoing") : t("login.zaloButton")}
            </button>
          </section>
        )}

        {devIdentity && (
          <section className="login-dev" aria-labelledby="login-dev-title">
            <h2 id="login-dev-title">{t("login.devTitle")}</h2>
            <p className="login-hint">{t("login.devHint")}</p>
            <div className="login-dev-buttons">
              {(["manager", "marketer"] as const).map((role) => (
                <button
                  key={role}
                  type="button"
                  className="button button-primary button-lg"
                  disabled={busy}
                  aria-busy={pending === role}
                  onClick={() => void signIn(role, () => api.request(authEndpoints.consoleDevLogin, { body: { role } }, { auth: false }))}
                >
                  {t(role === "manager" ? "login.devManager" : "login.devMarketer")}
                </button>
              ))}
            </div>
          </section>
        )}

        <section className="login-link" aria-labelledby="login-link-title">
          <h2 id="login-link-title">{t("login.linkTitle")}</h2>
          <p className="login-hint">{t("login.linkHint")}</p>
          <form className="login-form" onSubmit={onSubmit}>
            <label htmlFor="login-code">{t("login.linkLabel")}</label>
            <div className="login-form-row">
              <input
                id="login-code"
                className="input"
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder={t("login.linkPlaceholder")}
                value={code}
                onChange={(event) => setCode(event.target.value)}
              />
              <button type="submit" className="button button-secondary" disabled={busy || !token}>
                {pending === "link" ? t("login.signingIn") : t("login.linkSubmit")}
              </button>
            </div>
          </form>
        </section>
      </main>
    </div>
  );
}
