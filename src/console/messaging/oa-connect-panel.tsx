import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { OA_CONNECT_RESULTS, type OaConnectResult } from "../../domain/messaging/oa-connection";
import { useAuth } from "../auth-context";
import { useApiResource } from "../common/use-api-resource";
import { useRole } from "../common/use-role";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";

const isResult = (value: string | null): value is OaConnectResult => (OA_CONNECT_RESULTS as readonly (string | null)[]).includes(value);

/**
 * Connecting the brand's Zalo OA (admins only; the server refuses others): the connection's
 * state, and a button that starts OAuth on the server and sends the browser to Zalo's consent
 * page. Zalo sends it back to this page with `?oa=<result>`, said here in words.
 */
export function OaConnectPanel() {
  const role = useRole();
  if (role !== "admin") return null;
  return <Panel />;
}

/** Leaving the console for Zalo's page: an object so tests can replace it (jsdom does not navigate). */
export const browser = { go: (url: string) => window.location.assign(url) };

function Panel() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [params] = useSearchParams();
  const status = useApiResource(messagingEndpoints.oaStatus);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const result = params.get("oa");

  const connect = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const { consentUrl } = await api.request(messagingEndpoints.oaConnect, {});
      browser.go(consentUrl);
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <section className="card oa-connect" aria-labelledby="oa-connect-title">
      <header className="card-header">
        <h2 id="oa-connect-title">{t("msg.oaConnect.title")}</h2>
        <p className="muted">{t("msg.oaConnect.hint")}</p>
      </header>
      <div className="card-body">
        {isResult(result) && (
          <p className={`alert ${result === "connected" ? "alert-success" : "alert-error"}`} role="status">
            {t(`msg.oaConnect.result.${result}`)}
          </p>
        )}
        {status.state.status === "loading" && (
          <div aria-busy="true" data-testid="oa-connect-skeleton">
            <span className="skeleton" />
          </div>
        )}
        {status.state.status === "error" && (
          <p className="alert alert-error" role="alert">
            {t("msg.oaConnect.error")}
          </p>
        )}
        {status.state.status === "ready" &&
          (() => {
            const s = status.state.data;
            if (!s.connectable) return <p className="muted">{t("msg.oaConnect.unavailable")}</p>;
            return (
              <>
                <dl className="facts">
                  <dt>{t("msg.oaConnect.title")}</dt>
                  <dd>
                    <span className={`badge ${s.state === "connected" ? "badge-live" : "badge-warn"}`}>
                      {t(`msg.oaConnect.state.${s.state}`)}
                    </span>
                  </dd>
                  {s.oaId && (
                    <>
                      <dt>{t("msg.oaConnect.oaId")}</dt>
                      <dd>{s.oaId}</dd>
                    </>
                  )}
                  {s.expiresAt && (
                    <>
                      <dt>{t("msg.oaConnect.expiresAt")}</dt>
                      <dd>{formatDateTime(locale, s.expiresAt)}</dd>
                    </>
                  )}
                  {s.lastRefreshAt && (
                    <>
                      <dt>{t("msg.oaConnect.lastRefresh")}</dt>
                      <dd>{formatDateTime(locale, s.lastRefreshAt)}</dd>
                    </>
                  )}
                  <dt>{t("msg.oaConnect.redirectUri")}</dt>
                  <dd>
                    <code>{s.redirectUri}</code>
                  </dd>
                </dl>
                {failed && (
                  <p className="alert alert-error" role="alert">
                    {t("msg.oaConnect.startFailed")}
                  </p>
                )}
                {/* Connected: connecting again (another OA, fresh tokens) is possible but not the next step. */}
                <button
                  type="button"
                  className={`button ${s.state === "connected" ? "button-secondary" : "button-primary"}`}
                  onClick={() => void connect()}
                  disabled={busy}
                >
                  {busy
                    ? t("msg.oaConnect.starting")
                    : t(s.state === "not_connected" ? "msg.oaConnect.connect" : "msg.oaConnect.reconnect")}
                </button>
              </>
            );
          })()}
      </div>
    </section>
  );
}
