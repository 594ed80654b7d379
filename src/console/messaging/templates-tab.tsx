import { useState } from "react";
import type { TemplateView } from "../../contract/messaging";
import { MESSAGE_STATUSES } from "../../domain/messaging/messages";
import { Notice, useNotice } from "../common/notice";
import type { ResourceState } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatNumber } from "../format";
import type { Locale } from "../../domain/locale/locale";
import { INTL_LOCALE } from "../i18n";
import { useLocale } from "../locale-context";
import { EditIcon, PlusIcon } from "../shell/icons";
import { STATUS_KEYS, TAG_KEYS, TRIGGER_KEYS } from "./labels";
import { TemplateDialog } from "./template-dialog";
import { TemplateSync } from "./template-sync";
import { LoadError } from "../common/load-error";

type Props = {
  state: ResourceState<{ items: TemplateView[] }>;
  reload: () => void;
  onSaved: (saved: TemplateView, created: boolean) => void;
};

type Editing = { template: TemplateView | null; seed?: Parameters<typeof TemplateDialog>[0]["seed"] } | null;

/** The brand's registered ZNS templates; managers register and edit, marketers look. */
export function TemplatesTab({ state, reload, onSaved }: Props) {
  const { t, locale } = useLocale();
  const canManage = useCanManage();
  const [editing, setEditing] = useState<Editing>(null);
  const [syncing, setSyncing] = useState(false);
  const notice = useNotice();
  const templates = state.status === "ready" ? state.data.items : [];

  return (
    <div className="messaging-tab">
      <Notice notice={notice} />
      <section className="card" aria-labelledby="templates-title">
        <header className="card-header card-header-split">
          <div>
            <h2 id="templates-title">{t("msg.templates.title")}</h2>
            <p className="muted">{t(canManage ? "msg.templates.subtitle" : "msg.templates.readOnly")}</p>
          </div>
          {canManage && (
            <span className="card-header-actions">
              <button type="button" className="button button-secondary" onClick={() => setSyncing(true)} disabled={syncing}>
                {t("msg.sync.button")}
              </button>
              <button type="button" className="button button-primary" onClick={() => setEditing({ template: null })}>
                <PlusIcon />
                <span>{t("msg.templates.add")}</span>
              </button>
            </span>
          )}
        </header>
        {syncing && (
          <TemplateSync
            onClose={() => setSyncing(false)}
            onRegister={(seed) => setEditing({ template: null, seed })}
            onOpen={(id) => {
              const tpl = templates.find((x) => x.id === id);
              if (tpl) setEditing({ template: tpl });
            }}
          />
        )}
        {state.status === "loading" ? (
          <div className="skeleton-card" data-testid="templates-skeleton" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <span key={i} className="skeleton" />
            ))}
          </div>
        ) : state.status === "error" ? (
          <LoadError title={t("msg.templates.error")} code={state.error.code} onRetry={reload} />
        ) : templates.length === 0 ? (
          <div className="state">
            <p className="state-title">{t("msg.templates.empty")}</p>
            <p className="muted">{t("msg.templates.emptyHint")}</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table templates-table">
              <caption className="sr-only">{t("msg.templates.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("msg.templates.col.name")}</th>
                  <th scope="col">{t("msg.templates.col.tagTrigger")}</th>
                  <th scope="col">{t("msg.templates.col.active")}</th>
                  <th scope="col">{t("msg.templates.col.counts")}</th>
                  <th scope="col" className="cell-action">
                    <span className="sr-only">{t("msg.templates.col.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {templates.map((tpl) => {
                  const counts = MESSAGE_STATUSES.filter((s) => tpl.counts[s] > 0);
                  return (
                    <tr key={tpl.id} className={tpl.active ? undefined : "row-inactive"}>
                      <td className="cell-template">
                        <span className="cell-stack">
                          <span className="strong">{tpl.name}</span>
                          <span className="small muted">
                            {t("msg.templates.znsId")} <code className="mono">{tpl.znsTemplateId}</code>
                          </span>
                        </span>
                      </td>
                      <td className="cell-wrap">
                        {/* Type and trigger share a column so the table fits a tablet without scrolling. */}
                        <span className="cell-stack cell-tag">
                          <span className={`badge badge-tag-${tpl.tag}`}>{t(TAG_KEYS[tpl.tag])}</span>
                          {tpl.trigger ? (
                            <span className="small">{t("msg.templates.triggerOn", { trigger: t(TRIGGER_KEYS[tpl.trigger]) })}</span>
                          ) : (
                            <span className="small muted">{t("msg.trigger.none")}</span>
                          )}
                        </span>
                      </td>
                      <td>
                        <span className={`status ${tpl.active ? "status-on" : "status-off"}`}>
                          {t(tpl.active ? "msg.templates.on" : "msg.templates.off")}
                        </span>
                      </td>
                      <td className="cell-counts">
                        {counts.length === 0 ? (
                          <span className="muted">{t("msg.templates.noMessages")}</span>
                        ) : (
                          <span className="count-chips">
                            {counts.map((s) => (
                              <span key={s} className={`count-chip msg-status-${s}`}>
                                {t("msg.templates.count", {
                                  count: formatNumber(locale, tpl.counts[s]),
                                  status: lowerFirst(t(STATUS_KEYS[s]), locale),
                                })}
                              </span>
                            ))}
                          </span>
                        )}
                      </td>
                      <td className="cell-action">
                        <button
                          type="button"
                          className="button button-secondary button-sm"
                          onClick={() => setEditing({ template: tpl })}
                          aria-label={t(canManage ? "msg.templates.editOne" : "msg.templates.viewOne", { name: tpl.name })}
                        >
                          {canManage && <EditIcon />}
                          <span>{t(canManage ? "msg.templates.edit" : "msg.templates.view")}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {editing && (
        <TemplateDialog
          template={editing.template}
          seed={editing.seed}
          others={templates.filter((x) => x.id !== editing.template?.id)}
          readOnly={!canManage}
          onClose={() => setEditing(null)}
          onStale={reload}
          onSaved={(saved, created) => {
            setEditing(null);
            notice.show((tr) => tr(created ? "msg.templates.created" : "msg.templates.saved", { name: saved.name }));
            onSaved(saved, created);
          }}
        />
      )}
    </div>
  );
}

/** "Đã nhận" → "đã nhận" after a number; only the first letter, so "Zalo" keeps its capital. */
function lowerFirst(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleLowerCase(INTL_LOCALE[locale]) + text.slice(1);
}
