import { useEffect, useState } from "react";
import { surveyDashboardEndpoints } from "../../contract/endpoints/survey-dashboard";
import type { SurveyDashboard } from "../../contract/survey-dashboard";
import { BANDS, type BandId } from "../../domain/surveys/kinds";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { useDebouncedCallback } from "../members/use-debounced-callback";
import type { DashboardScope } from "./survey-format";
import { useStores } from "./use-stores";

type Filters = { band: BandId | ""; storeId: string; reason: string; from: string; to: string; q: string };
const NO_FILTERS: Filters = { band: "", storeId: "", reason: "", from: "", to: "", q: "" };

/** Verbatim comments, newest first, with the filters the CX team asks for; 20 a page. */
export function SurveyComments({ scope, reasons }: { scope: DashboardScope; reasons: SurveyDashboard["reasons"] }) {
  const { t, locale } = useLocale();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [typed, setTyped] = useState("");
  const [page, setPage] = useState(1);
  const stores = useStores();
  const kind = scope.kind;
  const search = useDebouncedCallback((q: string) => set({ q }), 300).call;
  const set = (change: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };
  useEffect(() => setPage(1), [scope.surveyId, scope.kind]);

  const query = {
    ...(scope.surveyId ? { surveyId: scope.surveyId } : { kind: scope.kind }),
    ...(filters.band && { band: filters.band }),
    ...(filters.storeId && { storeId: filters.storeId }),
    ...(filters.reason && { reason: filters.reason }),
    ...(filters.from && { from: filters.from }),
    ...(filters.to && { to: filters.to }),
    ...(filters.q.trim() && { q: filters.q.trim() }),
    page,
  };
  const { state, reload } = useApiResource(surveyDashboardEndpoints.surveyComments, { query });
  const bandIds = kind ? BANDS[kind].map((b) => b.id) : Array.from(new Set(Object.values(BANDS).flatMap((bs) => bs.map((b) => b.id))));
  const reasonLabel = (id: string) => reasons.find((r) => r.reason === id)?.label?.[locale] ?? id;
  const pages = state.status === "ready" ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;

  return (
    <section className="card survey-comments" aria-labelledby="survey-comments-title">
      <header className="card-header">
        <h2 id="survey-comments-title">{t("surveys.comments.title")}</h2>
        {state.status === "ready" && (
          <p className="muted">{t("surveys.comments.count", { total: formatNumber(locale, state.data.total) })}</p>
        )}
      </header>
      <div className="survey-comment-filters">
        <label className="field-inline">
          <span>{t("surveys.comments.band")}</span>
          <select className="select" value={filters.band} onChange={(e) => set({ band: e.target.value as BandId | "" })}>
            <option value="">{t("surveys.comments.allBands")}</option>
            {bandIds.map((b) => (
              <option key={b} value={b}>
                {t(`surveys.band.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t("surveys.comments.store")}</span>
          <select className="select" value={filters.storeId} onChange={(e) => set({ storeId: e.target.value })}>
            <option value="">{t("surveys.comments.allStores")}</option>
            {(stores.status === "ready" ? stores.data.stores : []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t("surveys.comments.reason")}</span>
          <select className="select" value={filters.reason} onChange={(e) => set({ reason: e.target.value })}>
            <option value="">{t("surveys.comments.allReasons")}</option>
            {reasons.map((r) => (
              <option key={`${r.band}:${r.reason}`} value={r.reason}>
                {r.label?.[locale] ?? r.reason}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t("surveys.comments.from")}</span>
          <input
            className="input"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="field-inline">
          <span>{t("surveys.comments.to")}</span>
          <input
            className="input"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label className="field-inline survey-comment-search">
          <span>{t("surveys.comments.search")}</span>
          <input
            className="input"
            type="search"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              search(e.target.value);
            }}
          />
        </label>
      </div>
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true" data-testid="comments-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("surveys.comments.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : state.data.comments.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("surveys.comments.empty")}</p>
          <p className="muted">{t("surveys.comments.emptyHint")}</p>
        </div>
      ) : (
        <>
          <ul className="survey-comment-list">
            {state.data.comments.map((c) => {
              const sentiment = Object.values(BANDS)
                .flat()
                .find((b) => b.id === c.band)?.sentiment;
              return (
                <li key={c.answerId} className="survey-comment">
                  <span className={`survey-score-pill pill-${sentiment ?? "neutral"}`}>{c.score}</span>
                  <div>
                    <p className="survey-comment-text">{c.comment}</p>
                    <p className="muted survey-comment-meta">
                      {formatDateTime(locale, c.answeredAt)} · {c.storeName ?? t("surveys.dash.noStore")} ·{" "}
                      {t(`surveys.touchpoint.${c.touchpoint}`)}
                      {c.reasons.length > 0 && ` · ${c.reasons.map(reasonLabel).join(", ")}`}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
          {pages > 1 && (
            <div className="pager">
              <span className="pager-summary">{t("surveys.comments.page", { page, pages })}</span>
              <div className="pager-nav">
                <button type="button" className="button button-secondary button-sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  {t("surveys.comments.prev")}
                </button>
                <button
                  type="button"
                  className="button button-secondary button-sm"
                  disabled={page >= pages}
                  onClick={() => setPage(page + 1)}
                >
                  {t("surveys.comments.next")}
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
