import { useState } from "react";
import type { CaseSummary } from "../../contract/cases";
import { caseEndpoints } from "../../contract/endpoints/cases";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatDateTime, formatNumber } from "../format";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";
import { CasePanel } from "./case-panel";
import { hoursText, slaText } from "./labels";
import "./strings/load";

type Status = "unclosed" | "open" | "contacted" | "closed";

/**
 * "Phản hồi cần xử lý": the cases low answers opened, oldest first with their SLA colour, and
 * the selected case beside the list with what the manager can do (case-panel.tsx).
 */
export function CasesPage() {
  const { t, locale } = useLocale();
  const canManage = useCanManage();
  const [storeId, setStoreId] = useState("");
  const [status, setStatus] = useState<Status>("unclosed");
  const [overdue, setOverdue] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const query = { status, ...(storeId && { storeId }), ...(overdue && { overdue: "true" as const }) };
  const list = useApiResource(caseEndpoints.listCases, { query });
  const metrics = useApiResource(caseEndpoints.caseMetrics, { query: { days: 30 } });
  const filtered = storeId !== "" || overdue || status !== "unclosed";
  const stores =
    list.state.status === "ready" ? list.state.data.stores : (list.state.status === "loading" && list.state.previous?.stores) || [];

  const changed = () => {
    list.reload();
    metrics.reload();
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("cases.title")}</h1>
        <p className="muted">{t("cases.subtitle")}</p>
      </header>

      <section className="stats-grid cases-stats" aria-label={t("cases.title")}>
        {metrics.state.status === "ready" ? (
          <>
            <Stat label={t("cases.metrics.open")} value={formatNumber(locale, metrics.state.data.brand.open)} />
            <Stat
              label={t("cases.metrics.overdue")}
              value={formatNumber(locale, metrics.state.data.brand.overdue)}
              warn={metrics.state.data.brand.overdue > 0}
            />
            <Stat label={t("cases.metrics.firstResponse")} value={hoursOrNone(metrics.state.data.brand.firstResponse.medianMs)} />
            <Stat label={t("cases.metrics.close")} value={hoursOrNone(metrics.state.data.brand.close.medianMs)} />
          </>
        ) : (
          [0, 1, 2, 3].map((i) => <div key={i} className="stat-card skeleton-block" aria-busy="true" />)
        )}
      </section>

      <div className="card-toolbar cases-filters" role="group" aria-label={t("cases.filters")}>
        <label className="filter">
          <span className="filter-label">{t("cases.store")}</span>
          <select className="select" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t("cases.allStores")}</option>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.open > 0 ? `${s.name} (${s.open})` : s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t("cases.status")}</span>
          <select className="select" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(["unclosed", "open", "contacted", "closed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
          <span>{t("cases.overdueOnly")}</span>
        </label>
        {!canManage && <p className="muted small">{t("cases.readOnly")}</p>}
      </div>

      <div className={selected ? "cases-layout cases-layout-open" : "cases-layout"}>
        <section className="card" aria-label={t("cases.title")}>
          {list.state.status === "loading" ? (
            <div className="skeleton-card" data-testid="cases-skeleton" aria-busy="true">
              {[0, 1, 2, 3, 4].map((i) => (
                <span key={i} className="skeleton" />
              ))}
            </div>
          ) : list.state.status === "error" ? (
            <LoadError title={t("cases.loadFailed")} code={list.state.error.code} onRetry={list.reload} />
          ) : list.state.data.items.length === 0 ? (
            <div className="state">
              <p className="state-title">{t(filtered ? "cases.emptyFiltered" : "cases.empty")}</p>
              <p className="muted">{t(filtered ? "cases.emptyFilteredHint" : "cases.emptyHint")}</p>
            </div>
          ) : (
            <>
              <CasesTable items={list.state.data.items} selected={selected} onSelect={setSelected} />
              <p className="muted small cases-shown">
                {t("cases.shown", { count: list.state.data.items.length, total: list.state.data.total })}
              </p>
            </>
          )}
        </section>
        {selected && <CasePanel caseId={selected} canManage={canManage} onClose={() => setSelected(null)} onChanged={changed} />}
      </div>
    </div>
  );

  function hoursOrNone(ms: number | null) {
    return ms === null ? t("cases.metrics.none") : t("cases.metrics.hours", { value: hoursText(locale, ms) });
  }
}

function Stat({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className="stat-card">
      <p className="stat-label">{label}</p>
      <p className={warn ? "stat-value stat-value-warn" : "stat-value"}>{value}</p>
    </div>
  );
}

function CasesTable({ items, selected, onSelect }: { items: CaseSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  const { t, locale } = useLocale();
  return (
    <div className="table-wrap">
      <table className="table table-compact cases-table">
        <thead>
          <tr>
            <th scope="col">{t("cases.col.sla")}</th>
            <th scope="col">{t("cases.col.member")}</th>
            <th scope="col" className="cases-wide">
              {t("cases.col.store")}
            </th>
            <th scope="col">{t("cases.col.score")}</th>
            <th scope="col" className="cases-wide">
              {t("cases.col.comment")}
            </th>
            <th scope="col" className="cases-wide">
              {t("cases.col.opened")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} className={c.id === selected ? "row-selected" : undefined} aria-selected={c.id === selected}>
              <td>
                <span className={`sla sla-${c.status === "closed" ? "closed" : c.sla.colour}`}>
                  <span className="sla-dot" aria-hidden="true" />
                  {slaText(t, locale, c)}
                </span>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => onSelect(c.id)}>
                  {c.member.name}
                </button>
                <span className="muted small"> · {t(tierKey(c.member.tier))}</span>
              </td>
              <td className="cases-wide">{c.store?.name ?? <span className="muted">{t("cases.noStore")}</span>}</td>
              <td>
                <span className="badge badge-danger">
                  {c.kind.toUpperCase()} {c.score}
                </span>
                {c.answerChanged && <span className="badge badge-warn badge-inline">{t("cases.answerChanged")}</span>}
              </td>
              <td className="cases-comment cases-wide">{c.comment ?? <span className="muted">—</span>}</td>
              <td className="small cases-wide">{formatDateTime(locale, c.openedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
