import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { authEndpoints } from "../../contract/endpoints/auth";
import { zaloResultOf } from "../login/zalo-results";
import { toApiError } from "../common/api-errors";
import { leaveFor } from "../common/leave";
import { useApiResource } from "../common/use-api-resource";
import { useAuth } from "../auth-context";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { accountErrorKey } from "./account-errors";
import "./strings/load";

/** What the Zalo callback's `?zalo=<result>` says on this page after linking (docs/decisions/0040 addendum). */
const RESULTS: Partial<Record<string, { key: MessageKey; ok: boolean }>> = {
  linked: { key: "account.zalo.result.linked", ok: true },
  already_linked: { key: "account.zalo.result.already_linked", ok: false },
  state_invalid: { key: "login.zalo.state_invalid", ok: false },
  state_expired: { key: "login.zalo.state_expired", ok: false },
  denied: { key: "login.zalo.denied", ok: false },
  exchange_failed: { key: "login.zalo.exchange_failed", ok: false },
};

/**
 * "Đăng nhập bằng Zalo" on the sessions page: link the user's Zalo account so they can sign in
 * alone next time, or unlink it. Hidden where the server offers no Zalo login.
 */
export function ZaloLinkCard({ welcome = false }: { welcome?: boolean }) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(authEndpoints.consoleZaloStatus);
  const [params, setParams] = useSearchParams();
  const [result] = useState(() => RESULTS[zaloResultOf(params.get("zalo")) ?? ""] ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (result) setParams({}, { replace: true });
    // Once, on arrival from the callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (state.status !== "ready" || !state.data.available) return null;
  const { linked, linkedAt } = state.data;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(t(accountErrorKey(toApiError(e).code)));
      setBusy(false);
    }
  }

  return (
    <section className="card account-section zalo-link" aria-labelledby="zalo-link-title">
      <h2 id="zalo-link-title">{t("account.zalo.title")}</h2>
      {result && (
        <p className={`alert ${result.ok ? "alert-success" : "alert-error"}`} role={result.ok ? "status" : "alert"}>
          {t(result.key)}
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted">
        {linked
          ? t("account.zalo.linked", { at: linkedAt ? formatDateTime(locale, linkedAt) : "" })
          : t(welcome ? "account.zalo.welcome" : "account.zalo.notLinked")}
      </p>
      <div>
        {linked ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await api.request(authEndpoints.consoleZaloUnlink);
                setBusy(false);
                reload();
              })
            }
          >
            {t("account.zalo.unlink")}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const { consentUrl } = await api.request(authEndpoints.consoleZaloLink);
                leaveFor(consentUrl);
              })
            }
          >
            {busy ? t("login.zaloGoing") : t("account.zalo.link")}
          </button>
        )}
      </div>
    </section>
  );
}
