import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { ResourceState } from "../common/use-api-resource";
import { LoadError } from "../common/load-error";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { PeriodPicker } from "./period-picker";

type Copy = {
  title: MessageKey;
  subtitle: MessageKey;
  loadFailed: MessageKey;
  empty: MessageKey;
  emptyHint: MessageKey;
  /** The next step from the empty state: a link and its words. */
  emptyAction: { to: string; label: MessageKey };
};

/**
 * What both insights pages share: the title with the period picker, then a skeleton while the
 * figures load, the error with a retry, the empty state with a next step, or the figures.
 */
export function InsightsFrame<T>({
  copy,
  period: [days, onDays],
  resource: { state, reload },
  isEmpty,
  testId,
  children,
}: {
  copy: Copy;
  /** usePeriodDays(): the period in the URL and its setter. */
  period: readonly [number, (days: number) => void];
  /** useApiResource() of the page's endpoint for that period. */
  resource: { state: ResourceState<T>; reload: () => void };
  isEmpty: (data: T) => boolean;
  testId: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useLocale();
  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t(copy.title)}</h1>
          <p className="muted">{t(copy.subtitle)}</p>
        </div>
        <PeriodPicker days={days} onChange={onDays} />
      </header>

      {state.status === "loading" ? (
        <InsightsSkeleton label={t("app.loading")} testId={testId} />
      ) : state.status === "error" ? (
        <section className="card">
          <LoadError title={t(copy.loadFailed)} code={state.error.code} onRetry={reload} />
        </section>
      ) : isEmpty(state.data) ? (
        <section className="card">
          <div className="state">
            <p className="state-title">{t(copy.empty)}</p>
            <p className="muted">{t(copy.emptyHint)}</p>
            <Link className="button button-secondary" to={copy.emptyAction.to}>
              {t(copy.emptyAction.label)}
            </Link>
          </div>
        </section>
      ) : (
        <div aria-busy={state.refreshing} className="insights-stack">
          {children(state.data)}
        </div>
      )}
    </div>
  );
}

/** Three stat cards and a table's worth of lines: the shape both pages settle into. */
function InsightsSkeleton({ label, testId }: { label: string; testId: string }) {
  return (
    <div role="status" aria-label={label} data-testid={testId} className="insights-stack">
      <div className="summary-grid">
        {[0, 1, 2].map((i) => (
          <div key={i} className="stat-card">
            <span className="skeleton" />
            <span className="skeleton skeleton-title" />
          </div>
        ))}
      </div>
      <div className="card skeleton-card">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <span key={i} className="skeleton" />
        ))}
      </div>
    </div>
  );
}

/** A stat card: a label, the figure, a line saying what it counts. */
export function StatCard({
  label,
  value,
  note,
  testId,
  warn,
}: {
  label: string;
  value: ReactNode;
  note: string;
  testId?: string;
  warn?: boolean;
}) {
  return (
    <div className="stat-card">
      <p className="stat-label">{label}</p>
      <p className={`stat-value${warn ? " stat-value-warn" : ""}`} data-testid={testId}>
        {value}
      </p>
      <p className="muted">{note}</p>
    </div>
  );
}
