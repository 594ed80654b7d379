import { useState } from "react";
import { integrationConsoleEndpoints } from "../../contract/endpoints/integrations-console";
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryView } from "../../contract/integrations-console";
import { useAuth } from "../auth-context";
import { useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey, Params } from "../i18n";
import { useLocale } from "../locale-context";
import { eventKey, ListCard, problemKey } from "./shared";

type Status = WebhookDeliveryView["status"];
const BADGE: Record<Status, string> = { queued: "badge-muted", sending: "badge-soon", delivered: "badge-live", failed: "badge-danger" };

/** The worker's last error (a code it wrote: timeout, network, endpoint_removed, http_<status>) in words. */
function errorWords(d: WebhookDeliveryView): [MessageKey, Params?] | null {
  if (!d.lastError) return null;
  if (d.lastError === "timeout" || d.lastError === "network" || d.lastError === "endpoint_removed") {
    return [`deliveries.error.${d.lastError}`];
  }
  const status = d.lastStatus ?? Number(/^http_(\d{3})$/.exec(d.lastError)?.[1]);
  if (status >= 500) return ["deliveries.error.http5", { status }];
  if (status >= 300) return ["deliveries.error.http4", { status }];
  return ["deliveries.error.other"];
}

/** The newest deliveries (the server keeps the last 200 in view), by status; a failed one can be sent again. */
export function DeliveriesTab() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [status, setStatus] = useState<Status | "">("");
  const { state, reload, update } = useApiResource(integrationConsoleEndpoints.listDeliveries, {
    query: status ? { status } : {},
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const notice = useNotice();

  const retry = async (d: WebhookDeliveryView) => {
    setBusy(d.id);
    setFailure(null);
    try {
      const saved = await api.request(integrationConsoleEndpoints.retryDelivery, { params: { deliveryId: d.id } });
      update((data) => ({ deliveries: data.deliveries.map((x) => (x.id === saved.id ? saved : x)) }));
      notice.show((tr) => tr("deliveries.retried"));
    } catch (error) {
      setFailure(problemKey(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <ListCard
      label={t("deliveries.caption")}
      filter={
        <label className="filter">
          <span className="filter-label">{t("deliveries.filter")}</span>
          <select className="select input" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">{t("deliveries.all")}</option>
            {WEBHOOK_DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`deliveries.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      }
      notice={notice}
      failure={failure}
      state={state}
      reload={reload}
      empty={(d) =>
        d.deliveries.length
          ? null
          : status
            ? { title: t("deliveries.emptyFiltered") }
            : { title: t("deliveries.empty"), hint: t("deliveries.emptyHint") }
      }
      columns={[
        "deliveries.col.time",
        "deliveries.col.event",
        "deliveries.col.endpoint",
        "deliveries.col.status",
        "deliveries.col.attempts",
        "deliveries.col.error",
      ]}
      numeric="deliveries.col.attempts"
    >
      {(data) =>
        data.deliveries.map((d) => {
          const words = errorWords(d);
          const at = formatDateTime(locale, d.createdAt);
          return (
            <tr key={d.id}>
              <td>{at}</td>
              <td>{t(eventKey(d.event))}</td>
              <td className="integrations-url">{d.url}</td>
              <td>
                <div className="integrations-status">
                  <span className={`badge ${BADGE[d.status]}`}>{t(`deliveries.status.${d.status}`)}</span>
                  {d.status === "failed" && (
                    <button
                      type="button"
                      className="button button-ghost button-sm"
                      disabled={busy === d.id}
                      aria-label={t("deliveries.retryLabel", { event: t(eventKey(d.event)), at })}
                      onClick={() => void retry(d)}
                    >
                      {t("deliveries.retry")}
                    </button>
                  )}
                </div>
                {d.nextAttemptAt && (
                  <div className="muted small">{t("deliveries.next", { at: formatDateTime(locale, d.nextAttemptAt) })}</div>
                )}
              </td>
              <td className="num">{d.attempts}</td>
              <td>{words ? t(...words) : <span className="muted">—</span>}</td>
            </tr>
          );
        })
      }
    </ListCard>
  );
}
