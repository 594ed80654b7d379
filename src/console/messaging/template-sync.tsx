import { useEffect, useState } from "react";
import type { z } from "zod";
import { ApiError } from "../../client/api-client";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import type { TemplateSyncView } from "../../contract/zalo-link";
import { useAuth } from "../auth-context";
import { errorMessageKey } from "../common/api-errors";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";

type Sync = z.infer<typeof TemplateSyncView>;
type Item = Sync["items"][number];
type Seed = {
  templateId: string;
  name: string;
  params: { name: string; type: Extract<Item, { state: "new" }>["suggested"][number]["type"] }[];
};

const BADGE: Record<Item["state"], string> = { matches: "badge-live", differs: "badge-warn", new: "", missing_at_zalo: "badge-warn" };

/**
 * "Đồng bộ từ Zalo" (managers): the OA's templates at Zalo beside the registry, read when the
 * panel opens. A new one is registered from here, prefilled (a marketer never types a ZNS id);
 * a differing one says what differs and opens for editing. Nothing is written by the sync itself.
 */
export function TemplateSync({
  onClose,
  onRegister,
  onOpen,
}: {
  onClose: () => void;
  onRegister: (seed: Seed) => void;
  onOpen: (id: string) => void;
}) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [state, setState] = useState<{ status: "loading" } | { status: "error"; message: string } | { status: "ready"; data: Sync }>({
    status: "loading",
  });

  useEffect(() => {
    let live = true;
    api
      .request(messagingEndpoints.syncTemplates, {})
      .then((data) => live && setState({ status: "ready", data }))
      .catch(
        (e: unknown) => live && setState({ status: "error", message: t(errorMessageKey(e instanceof ApiError ? e.code : "network")) }),
      );
    return () => {
      live = false;
    };
  }, [api, t]);

  return (
    <section className="sync-panel" aria-labelledby="sync-title" aria-busy={state.status === "loading"}>
      <header className="sync-header">
        <div>
          <h3 id="sync-title">{t("msg.sync.title")}</h3>
          {state.status === "ready" && <p className="muted small">{t("msg.sync.at", { at: formatDateTime(locale, state.data.at) })}</p>}
        </div>
        <button type="button" className="button button-secondary button-sm" onClick={onClose}>
          {t("msg.sync.close")}
        </button>
      </header>
      {state.status === "loading" && <p className="muted">{t("msg.sync.running")}</p>}
      {state.status === "error" && (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "ready" && state.data.items.length === 0 && <p className="muted">{t("msg.sync.empty")}</p>}
      {state.status === "ready" && state.data.items.length > 0 && (
        <ul className="sync-list">
          {state.data.items.map((item) => {
            const key = item.state === "missing_at_zalo" ? `gone-${item.registeredId}` : item.template.templateId;
            const title = item.state === "new" ? item.template.name : item.registeredName;
            const znsId = item.state === "missing_at_zalo" ? item.znsTemplateId : item.template.templateId;
            return (
              <li key={key} className="sync-item">
                <div className="sync-head">
                  <span className="strong">{title}</span>
                  <code className="mono small">{znsId}</code>
                  <span className={`badge ${BADGE[item.state]}`}>{t(`msg.sync.state.${item.state}`)}</span>
                </div>
                {item.state === "differs" && (
                  <ul className="sync-diffs">
                    {item.differences.map((d, i) => (
                      <li key={i}>{t(`msg.sync.diff.${d.code}`, { param: d.param ?? "", ours: d.ours ?? "", zalo: d.zalo ?? "" })}</li>
                    ))}
                  </ul>
                )}
                {item.state === "missing_at_zalo" && <p className="small muted">{t("msg.sync.missingHint")}</p>}
                {item.state === "new" && (
                  <button
                    type="button"
                    className="button button-primary button-sm"
                    onClick={() => onRegister({ templateId: item.template.templateId, name: item.template.name, params: item.suggested })}
                  >
                    {t("msg.sync.register")}
                  </button>
                )}
                {(item.state === "differs" || item.state === "missing_at_zalo") && (
                  <button type="button" className="button button-secondary button-sm" onClick={() => onOpen(item.registeredId)}>
                    {t("msg.templates.edit")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
