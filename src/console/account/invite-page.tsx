import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { authEndpoints } from "../../contract/endpoints/auth";
import { healthEndpoints } from "../../contract/endpoints/health";
import { toApiError } from "../common/api-errors";
import { useAuth } from "../auth-context";
import { useLocale } from "../locale-context";
import { AlertIcon, LogoMark } from "../shell/icons";
import { accountErrorKey } from "./account-errors";
import "./strings/load";

/**
 * /console/invite?token=…: accepts the invitation once (the token leaves the address bar first)
 * and opens the console — on the sessions page asking to link Zalo where Zalo login is offered.
 */
export function InvitePage() {
  const { api, completeSignIn } = useAuth();
  const { t } = useLocale();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [token] = useState(() => params.get("token"));
  const [error, setError] = useState<string | null>(token ? null : t("account.error.invite_invalid"));
  const started = useRef(false);

  useEffect(() => {
    // StrictMode runs effects twice; the invitation works once.
    if (!token || started.current) return;
    started.current = true;
    setParams({}, { replace: true });
    api
      .request(authEndpoints.consoleInviteAccept, { body: { token } }, { auth: false })
      .then(completeSignIn)
      // Where Zalo login is offered, the new user is asked to link Zalo at once: the invitation
      // link works once, and Zalo is how they sign in by themselves afterwards.
      .then(() => api.request(healthEndpoints.health).catch(() => null))
      .then((health) => navigate(health?.consoleZaloLogin ? "/account/sessions?welcome=1" : "/members", { replace: true }))
      .catch((e: unknown) => setError(t(accountErrorKey(toApiError(e).code))));
    // Runs once per mount by design (see the ref above).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="login">
      <main className="login-card">
        <div className="login-head">
          <LogoMark width={40} height={40} />
          <h1>{t("account.invite.title")}</h1>
        </div>
        {error ? (
          <>
            <div className="alert alert-error" role="alert">
              <AlertIcon />
              <span>{error}</span>
            </div>
            <Link to="/login" className="button button-secondary">
              {t("account.invite.toLogin")}
            </Link>
          </>
        ) : (
          <p className="login-status" role="status">
            {t("account.invite.accepting")}
          </p>
        )}
      </main>
    </div>
  );
}
