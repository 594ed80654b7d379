import { useEffect, useState } from "react";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { STATUS_KEYS } from "./labels";
import { ZnsBubble } from "./zns-bubble";
import { LoadError } from "../common/load-error";

/**
 * With the sandbox transport nothing reaches Zalo: each message lands here instead, shown as
 * the member would have read it on their phone, newest first.
 */
export function SandboxInbox() {
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(messagingEndpoints.sandbox);
  // "Updated at" is when this screen last heard from the server, in the brand's time.
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const data = state.status === "ready" ? state.data : null;
  const refreshing = state.status === "ready" && state.refreshing;
  useEffect(() => {
    if (data && !refreshing) setCheckedAt(new Date().toISOString());
  }, [data, refreshing]);

  return (
    <section className="card" aria-labelledby="inbox-title">
      <header className="card-header card-header-split">
        <div>
          <h2 id="inbox-title">{t("msg.inbox.title")}</h2>
          <p className="muted">{t("msg.inbox.subtitle")}</p>
        </div>
        <div className="inbox-actions">
          {checkedAt && <span className="small muted">{t("msg.inbox.checkedAt", { time: formatDateTime(locale, checkedAt) })}</span>}
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={reload}
            disabled={state.status === "loading"}
            aria-busy={refreshing}
          >
            {t("msg.refresh")}
          </button>
        </div>
      </header>
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true" data-testid="inbox-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("msg.inbox.error")} code={state.error.code} onRetry={reload} />
      ) : state.data.items.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("msg.inbox.empty")}</p>
          <p className="muted">{t("msg.inbox.emptyHint")}</p>
        </div>
      ) : (
        <ol className="inbox" aria-label={t("msg.inbox.listLabel")}>
          {[...state.data.items]
            .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))
            .map((item) => {
              const name = item.memberName ?? t("msg.inbox.unknownMember");
              return (
                <li key={item.msgId}>
                  <article
                    className="inbox-item"
                    aria-label={t("msg.inbox.itemLabel", { name, time: formatDateTime(locale, item.receivedAt) })}
                  >
                    <div className="inbox-to">
                      <span className="strong">{name}</span>
                      <span className="mono small">{item.phoneMasked}</span>
                    </div>
                    <div className="phone phone-sm">
                      <ZnsBubble
                        footer={
                          <time dateTime={item.receivedAt} className="small">
                            {formatDateTime(locale, item.receivedAt)}
                          </time>
                        }
                      >
                        {item.text}
                      </ZnsBubble>
                    </div>
                    <div className="inbox-meta">
                      <span className="small muted">
                        {item.templateName ? t("msg.inbox.template", { name: item.templateName }) : t("msg.inbox.noTemplate")}
                      </span>
                      {item.status && <span className={`status msg-status-${item.status}`}>{t(STATUS_KEYS[item.status])}</span>}
                    </div>
                  </article>
                </li>
              );
            })}
        </ol>
      )}
    </section>
  );
}
