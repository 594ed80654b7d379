import { lazy, Suspense, useId } from "react";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { PreferenceStats } from "../../contract/preferences";
import { useApiResource } from "../common/use-api-resource";
import { formatNumber, formatPercent } from "../format";
import type { Locale } from "../../domain/locale/locale";
import { useLocale } from "../locale-context";
import { kindKey } from "./labels";
import { LoadError } from "../common/load-error";

// recharts is most of the weight of a chart: it loads with the stats tab, not with the console.
const OptionsChart = lazy(() => import("./stats-charts").then((m) => ({ default: m.OptionsChart })));
const MonthsChart = lazy(() => import("./stats-charts").then((m) => ({ default: m.MonthsChart })));

type QuestionStats = PreferenceStats["questions"][number];

/** "T1"…"T12" on a Vietnamese axis (Intl's "thg 1" is longer and less usual); "Jan"… in English. */
export function monthLabel(locale: Locale, month: number, long = false): string {
  if (locale === "vi") return long ? `Tháng ${month}` : `T${month}`;
  return new Intl.DateTimeFormat("en", { month: long ? "long" : "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, month - 1, 15)));
}

/** How far members got with their profile, then what they answered, question by question. */
export function StatsPanel() {
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(preferenceEndpoints.stats);

  if (state.status === "loading") {
    return (
      <div className="summary-grid" data-testid="stats-skeleton" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="stat-card">
            <span className="skeleton" />
            <span className="skeleton skeleton-title" />
          </div>
        ))}
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <section className="card">
        <LoadError title={t("stats.loadFailed")} code={state.error.code} onRetry={reload} />
      </section>
    );
  }

  const stats = state.data;
  const n = (value: number) => formatNumber(locale, value);
  return (
    <div className="stats">
      <div className="summary-grid" role="group" aria-label={t("stats.summaryLabel")}>
        <RateCard
          label={t("stats.completed")}
          part={stats.completed}
          whole={stats.members}
          note={t("stats.ofMembers", { part: n(stats.completed), whole: n(stats.members) })}
        />
        <RateCard
          label={t("stats.started")}
          part={stats.started}
          whole={stats.members}
          note={t("stats.ofMembers", { part: n(stats.started), whole: n(stats.members) })}
        />
        <div className="stat-card">
          <p className="stat-label">{t("stats.members")}</p>
          <p className="stat-value">{n(stats.members)}</p>
          <p className="stat-note muted">{t("stats.formVersion", { version: stats.formVersion })}</p>
        </div>
      </div>

      {stats.members === 0 ? (
        <section className="card">
          <div className="state">
            <p className="state-title">{t("stats.noMembers")}</p>
            <p className="muted">{t("stats.noMembersHint")}</p>
          </div>
        </section>
      ) : (
        <div className="stats-grid">
          {stats.questions.map((q) => (
            <QuestionStatsCard key={q.id} question={q} members={stats.members} />
          ))}
        </div>
      )}
    </div>
  );
}

function RateCard({ label, part, whole, note }: { label: string; part: number; whole: number; note: string }) {
  const { locale } = useLocale();
  const percent = whole > 0 ? Math.round((part / whole) * 100) : 0;
  return (
    <div className="stat-card">
      <p className="stat-label">{label}</p>
      <p className="stat-value">{formatPercent(locale, part, whole)}</p>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="stat-note">{note}</p>
    </div>
  );
}

/**
 * One question's answers. The bars are for the eye; the same numbers are in the table under
 * "Xem dạng bảng", which is what assistive technology reads (the chart is aria-hidden).
 */
function QuestionStatsCard({ question: q, members }: { question: QuestionStats; members: number }) {
  const { t, locale } = useLocale();
  const titleId = useId();
  const n = (value: number) => formatNumber(locale, value);
  const kind = kindKey(q.kind);
  const months = q.months && q.months.length === 12 ? q.months : null;
  const options = q.options.map((o) => ({ label: o.label[locale] || o.id, count: o.count }));

  return (
    <section className="card stats-question" aria-labelledby={titleId}>
      <header className="card-header">
        <div className="stats-question-title">
          <h3 id={titleId}>{q.label[locale] || q.id}</h3>
          {kind && <span className="badge badge-kind">{t(kind)}</span>}
        </div>
        <p className="muted">{t("stats.answered", { count: n(q.answered), percent: formatPercent(locale, q.answered, members) })}</p>
      </header>
      <div className="stats-question-body">
        {q.answered === 0 ? (
          <p className="muted">{t("stats.noAnswers")}</p>
        ) : months ? (
          <>
            <Suspense fallback={<div className="chart-placeholder" style={{ height: 220 }} />}>
              <div aria-hidden="true">
                <MonthsChart data={months.map((count, i) => ({ label: monthLabel(locale, i + 1), count }))} locale={locale} />
              </div>
            </Suspense>
            <details className="expiry-details">
              <summary>{t("liability.showTable")}</summary>
              <table className="table table-compact" aria-labelledby={titleId}>
                <thead>
                  <tr>
                    <th scope="col">{t("stats.col.month")}</th>
                    <th scope="col" className="num">
                      {t("stats.col.members")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {months.map((count, i) => (
                    <tr key={i}>
                      <td>{monthLabel(locale, i + 1, true)}</td>
                      <td className="num">{n(count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : options.length > 0 ? (
          <>
            <Suspense fallback={<div className="chart-placeholder" style={{ height: options.length * 34 + 16 }} />}>
              <div aria-hidden="true">
                <OptionsChart data={options} locale={locale} />
              </div>
            </Suspense>
            <details className="expiry-details">
              <summary>{t("liability.showTable")}</summary>
              <table className="table table-compact" aria-labelledby={titleId}>
                <thead>
                  <tr>
                    <th scope="col">{t("stats.col.option")}</th>
                    <th scope="col" className="num">
                      {t("stats.col.members")}
                    </th>
                    <th scope="col" className="num">
                      {t("stats.col.share")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {q.options.map((o) => (
                    <tr key={o.id}>
                      <td>{o.label[locale] || o.id}</td>
                      <td className="num">{n(o.count)}</td>
                      <td className="num">{formatPercent(locale, o.count, q.answered)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {q.kind === "multi" && <p className="field-hint">{t("stats.multiNote")}</p>}
          </>
        ) : (
          <p className="muted">{t(q.kind === "text" ? "stats.textNote" : q.kind === "store" ? "stats.storeNote" : "stats.noBreakdown")}</p>
        )}
      </div>
    </section>
  );
}
