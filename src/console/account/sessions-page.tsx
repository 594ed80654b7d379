import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { authEndpoints } from "../../contract/endpoints/auth";
import { describeUserAgent } from "../../domain/identity/user-agent";
import { toApiError } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useAuth } from "../auth-context";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { accountErrorKey } from "./account-errors";
import { ZaloLinkCard } from "./zalo-link-card";
import "./strings/load";

/** "Phiên đăng nhập": the user's own sessions, each one endable, or all but this one. */
export function SessionsPage() {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(authEndpoints.consoleSessions);
  const [busy, setBusy] = useState<string | null>(null);
  // Just accepted an invitation (invite-page.tsx): the Zalo card asks to link now.
  const [params] = useSearchParams();
  const [welcome] = useState(() => params.get("welcome") === "1");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(key: string, run: () => Promise<string | null>) {
    setBusy(key);
    setError(null);
    setNotice(null);
    try {
      setNotice(await run());
      reload();
    } catch (e) {
      setError(t(accountErrorKey(toApiError(e).code)));
    } finally {
      setBusy(null);
    }
  }

  const sessions = state.status === "ready" ? state.data.sessions : [];
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="page">
      <header className="page-header">
        <div className="page-title-row">
          <h1>{t("account.sessions.title")}</h1>
        </div>
        <p className="muted">{t("account.sessions.intro")}</p>
      </header>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <ZaloLinkCard welcome={welcome} />
      {state.status === "error" ? (
        <LoadError title={t("account.sessions.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : (
        <section className="card">
          <div className="table-wrap">
            <table className="table" aria-busy={state.status === "loading"}>
              <thead>
                <tr>
                  <th scope="col">{t("account.sessions.device")}</th>
                  <th scope="col">{t("account.sessions.created")}</th>
                  <th scope="col">{t("account.sessions.lastUsed")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("account.sessions.end")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.status === "loading" &&
                  [0, 1].map((i) => (
                    <tr key={i} className="skeleton-row">
                      <td colSpan={4}>
                        <span className="skeleton" />
                      </td>
                    </tr>
                  ))}
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td title={s.userAgent ?? undefined}>
                      {describeUserAgent(s.userAgent) ?? t("account.sessions.unknownDevice")}
                      {s.current && <span className="badge badge-ok session-current">{t("account.sessions.current")}</span>}
                    </td>
                    <td>{formatDateTime(locale, s.createdAt)}</td>
                    <td>{formatDateTime(locale, s.lastUsedAt)}</td>
                    <td className="table-actions">
                      {!s.current && (
                        <button
                          type="button"
                          className="button button-secondary button-sm"
                          disabled={busy !== null}
                          onClick={() =>
                            void act(s.id, async () => {
                              await api.request(authEndpoints.consoleEndSession, { params: { sessionId: s.id } });
                              return null;
                            })
                          }
                        >
                          {t("account.sessions.end")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {others > 0 && (
            <div className="card-footer">
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                onClick={() =>
                  void act("others", async () => {
                    const { ended } = await api.request(authEndpoints.consoleEndOtherSessions);
                    return t("account.sessions.endedOthers", { count: ended });
                  })
                }
              >
                {t("account.sessions.endOthers")}
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
