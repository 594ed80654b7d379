import { useState } from "react";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { ConsoleStore } from "../../contract/stores";
import { WEEKDAYS } from "../../domain/stores/stores";
import { LoadError } from "../common/load-error";
import { Notice, useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { useLocale } from "../locale-context";
import { EditIcon, PlusIcon } from "../shell/icons";
import { StoreDialog } from "./store-dialog";

/** Hours in one line: "T2–T6 07:00–22:00" would need grouping; a compact per-day list reads fine at 1366 and 768. */
function HoursSummary({ store }: { store: ConsoleStore }) {
  const { t } = useLocale();
  if (!store.openingHours) return <span className="muted">{t("stores.noHours")}</span>;
  const hours = store.openingHours;
  return (
    <ul className="hours-summary">
      {WEEKDAYS.map((d) => (
        <li key={d}>
          <span className="hours-day">{t(`stores.day.${d}`)}</span>{" "}
          {hours[d] ? `${hours[d].open}–${hours[d].close}` : <span className="muted">{t("stores.closedDay")}</span>}
        </li>
      ))}
    </ul>
  );
}

export function StoresTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useLocale();
  const { state, reload, update } = useApiResource(storeConsoleEndpoints.storeAdminList);
  const [editing, setEditing] = useState<{ store: ConsoleStore | null } | null>(null);
  const notice = useNotice();

  return (
    <section className="card" aria-label={t("stores.caption")}>
      {canEdit && (
        <header className="card-header card-header-actions">
          <span />
          <button type="button" className="button button-primary" onClick={() => setEditing({ store: null })}>
            <PlusIcon />
            <span>{t("stores.add")}</span>
          </button>
        </header>
      )}
      <Notice notice={notice} />
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true" data-testid="stores-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : state.data.stores.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("stores.empty")}</p>
          <p className="muted">{t("stores.emptyHint")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact store-table">
            <caption className="sr-only">{t("stores.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stores.col.name")}</th>
                <th scope="col">{t("stores.col.hours")}</th>
                <th scope="col">{t("stores.col.contact")}</th>
                <th scope="col" className="num">
                  {t("stores.col.staff")}
                </th>
                <th scope="col">{t("stores.col.status")}</th>
                {canEdit && (
                  <th scope="col">
                    <span className="sr-only">{t("stores.edit")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {state.data.stores.map((s) => (
                <tr key={s.id}>
                  <td>
                    <strong>{s.name}</strong>
                    {s.address && <div className="muted">{s.address}</div>}
                  </td>
                  <td>
                    <HoursSummary store={s} />
                  </td>
                  <td>
                    {s.phone && <div>{s.phone}</div>}
                    {s.mapUrl && (
                      <a href={s.mapUrl} target="_blank" rel="noopener noreferrer">
                        {t("stores.map")}
                      </a>
                    )}
                  </td>
                  <td className="num">{s.staffCount}</td>
                  <td>
                    <span className={`badge ${s.active ? "badge-live" : "badge-muted"}`}>
                      {t(s.active ? "stores.active" : "stores.inactive")}
                    </span>
                  </td>
                  {canEdit && (
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-ghost button-sm"
                        aria-label={t("stores.editLabel", { name: s.name })}
                        onClick={() => setEditing({ store: s })}
                      >
                        <EditIcon />
                        <span>{t("stores.edit")}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <StoreDialog
          store={editing.store}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            notice.show((tr) => tr(created ? "stores.created" : "stores.saved", { name: saved.name }));
            if (created) reload();
            else update((d) => ({ stores: d.stores.map((s) => (s.id === saved.id ? saved : s)) }));
          }}
        />
      )}
    </section>
  );
}
