import { lazy, Suspense, useState, type ReactNode } from "react";
import { surveyDashboardEndpoints } from "../../contract/endpoints/survey-dashboard";
import type { SurveyDashboard as Dashboard } from "../../contract/survey-dashboard";
import { BANDS } from "../../domain/surveys/kinds";
import { DASHBOARD_WEEKS } from "../../domain/surveys/dashboard";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatNumber, formatPercent } from "../format";
import { useLocale } from "../locale-context";
import { SurveyComments } from "./survey-comments";
import { formatMargin, formatMean, formatScore, scoreInterval, type DashboardScope } from "./survey-format";

const TrendChart = lazy(() => import("./survey-charts").then((m) => ({ default: m.TrendChart })));
const ScoreBars = lazy(() => import("./survey-charts").then((m) => ({ default: m.ScoreBars })));
const ReasonBars = lazy(() => import("./survey-charts").then((m) => ({ default: m.ReasonBars })));
const ChannelBars = lazy(() => import("./survey-charts").then((m) => ({ default: m.ChannelBars })));

const WEEK_CHOICES = [4, DASHBOARD_WEEKS.default, 26, 52] as const;
const ROW = 34;

/**
 * One survey's or one kind's dashboard: the score with its margin, the weekly trend, by store,
 * by touchpoint, top reasons, response rate per channel, then the comments. The figures load
 * first; the chart code arrives behind placeholders of the same height, so nothing moves.
 */
export function SurveyDashboard({ scope }: { scope: DashboardScope }) {
  const { t } = useLocale();
  const [weeks, setWeeks] = useState<number>(DASHBOARD_WEEKS.default);
  const { state, reload } = useApiResource(surveyDashboardEndpoints.surveyDashboard, {
    query: { ...(scope.surveyId ? { surveyId: scope.surveyId } : { kind: scope.kind }), weeks },
  });

  return (
    <div className="survey-dashboard">
      <div className="survey-dash-toolbar">
        <label className="field-inline">
          <span>{t("surveys.dash.weeks")}</span>
          <select className="select" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {WEEK_CHOICES.map((w) => (
              <option key={w} value={w}>
                {t("surveys.dash.weeksOption", { weeks: w })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === "loading" ? (
        <DashboardSkeleton />
      ) : state.status === "error" ? (
        <section className="card">
          <LoadError title={t("surveys.dash.loadFailed")} code={state.error.code} onRetry={reload} />
        </section>
      ) : (
        <DashboardFigures data={state.data} />
      )}
      <SurveyComments scope={scope} reasons={state.status === "ready" ? state.data.reasons : []} />
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div className="survey-dash-grid" aria-busy="true" data-testid="dashboard-skeleton">
      {[0, 1, 2, 3].map((i) => (
        <section key={i} className="card skeleton-card">
          <span className="skeleton skeleton-title" />
          <span className="skeleton skeleton-block" style={{ height: 180 }} />
        </section>
      ))}
    </div>
  );
}

function DashboardFigures({ data }: { data: Dashboard }) {
  const { t, locale } = useLocale();
  const kind = data.kind;
  if (data.total.n === 0 && data.channels.length === 0)
    return (
      <section className="card">
        <div className="state">
          <p className="state-title">{t("surveys.dash.empty")}</p>
          <p className="muted">{t("surveys.dash.emptyHint")}</p>
        </div>
      </section>
    );
  const bands = BANDS[kind];
  const sentimentOf = (band: string) => bands.find((b) => b.id === band)?.sentiment ?? "neutral";
  const trend = data.weekly.map((w) => ({
    label: formatDate(locale, `${w.week}T00:00:00+07:00`).replace(/\/\d{4}$/, ""),
    score: w.score.score,
    interval: scoreInterval(kind, w.score),
    margin: w.score.marginOfError,
    n: w.score.n,
  }));
  const bars = (rows: { label: string; score: Dashboard["total"] }[]) =>
    rows
      .filter((r) => r.score.score !== null)
      .map((r) => ({ label: r.label, score: r.score.score!, margin: r.score.marginOfError ?? 0, n: r.score.n }));
  const stores = bars(data.byStore.map((s) => ({ label: s.storeName ?? t("surveys.dash.noStore"), score: s.score })));
  const touchpoints = bars(data.byTouchpoint.map((s) => ({ label: t(`surveys.touchpoint.${s.touchpoint}`), score: s.score })));
  const reasons = data.reasons.map((r) => ({ label: r.label?.[locale] ?? r.reason, count: r.count, sentiment: sentimentOf(r.band) }));
  const channels = data.channels.map((c) => ({ label: t(`surveys.channel.${c.channel}`), asks: c.asks, answered: c.answered }));

  return (
    <>
      <section className="card survey-total" aria-label={t(`surveys.scoreName.${kind}`)}>
        <div className="survey-total-figure">
          <p className="muted">{t(`surveys.scoreName.${kind}`)}</p>
          <p className="survey-total-score" data-testid="total-score">
            {formatScore(locale, kind, data.total.score)}
            <span className="survey-total-moe">{formatMargin(locale, data.total.marginOfError)}</span>
          </p>
          <p className="muted">
            {t("surveys.dash.responses", { count: formatNumber(locale, data.total.n) })}
            {kind === "ces" && ` · ${t("surveys.dash.cesMean", { mean: formatMean(locale, data.total.mean) })}`}
          </p>
        </div>
        <div className="survey-total-split" aria-hidden="true">
          <span className="split-neg" style={{ flexGrow: data.total.negative }} />
          <span className="split-mid" style={{ flexGrow: data.total.n - data.total.negative - data.total.positive }} />
          <span className="split-pos" style={{ flexGrow: data.total.positive }} />
        </div>
        <ul className="survey-total-legend">
          {bands.map((b) => {
            const count =
              b.sentiment === "negative"
                ? data.total.negative
                : b.sentiment === "positive"
                  ? data.total.positive
                  : data.total.n - data.total.negative - data.total.positive;
            return (
              <li key={b.id} className={`legend-${b.sentiment}`}>
                {t(`surveys.band.${b.id}`)}: <strong>{formatPercent(locale, count, data.total.n)}</strong>
              </li>
            );
          })}
        </ul>
      </section>

      <div className="survey-dash-grid">
        <section className="card survey-dash-wide">
          <header className="card-header">
            <h2>{t("surveys.dash.trend")}</h2>
            <p className="muted">{t("surveys.dash.moeNote")}</p>
          </header>
          <Suspense fallback={<div className="chart-placeholder" style={{ height: 260 }} />}>
            <TrendChart
              data={trend}
              kind={kind}
              locale={locale}
              strings={{ score: t("surveys.dash.score"), count: t("surveys.dash.count") }}
            />
          </Suspense>
        </section>
        <ChartCard
          title={t("surveys.dash.byStore")}
          height={stores.length * ROW + 24}
          empty={stores.length === 0 ? t("surveys.dash.empty") : null}
        >
          <ScoreBars data={stores} kind={kind} locale={locale} />
        </ChartCard>
        <ChartCard
          title={t("surveys.dash.byTouchpoint")}
          height={touchpoints.length * ROW + 24}
          empty={touchpoints.length === 0 ? t("surveys.dash.empty") : null}
        >
          <ScoreBars data={touchpoints} kind={kind} locale={locale} />
        </ChartCard>
        <ChartCard
          title={t("surveys.dash.reasons")}
          height={reasons.length * ROW + 16}
          empty={reasons.length === 0 ? t("surveys.dash.noReasons") : null}
        >
          <ReasonBars data={reasons} locale={locale} />
        </ChartCard>
        <ChartCard
          title={t("surveys.dash.channels")}
          height={220}
          empty={channels.length === 0 ? t("surveys.dash.noAsks") : null}
          after={
            <>
              <ul className="survey-rates">
                {data.channels.map((c) => (
                  <li key={c.channel}>
                    {t(`surveys.channel.${c.channel}`)}:{" "}
                    {t("surveys.dash.rate", {
                      answered: formatNumber(locale, c.answered),
                      asks: formatNumber(locale, c.asks),
                      rate: formatPercent(locale, c.answered, c.asks),
                    })}
                  </li>
                ))}
              </ul>
              {data.sources.length > 0 && (
                <p className="muted survey-sources">
                  {t("surveys.dash.sources")}:{" "}
                  {data.sources.map((s) => `${t(`surveys.source.${s.source}`)} ${formatNumber(locale, s.answers)}`).join(" · ")}
                </p>
              )}
            </>
          }
        >
          <ChannelBars data={channels} locale={locale} strings={{ asks: t("surveys.dash.asks"), answered: t("surveys.dash.answered") }} />
        </ChartCard>
      </div>
    </>
  );
}

type ChartCardProps = { title: string; height: number; empty: string | null; children: ReactNode; after?: ReactNode };

/** A chart in a card; the chart's code loads behind a placeholder of its height, what is `after` it shows at once. */
function ChartCard({ title, height, empty, children, after }: ChartCardProps) {
  return (
    <section className="card">
      <header className="card-header">
        <h2>{title}</h2>
      </header>
      {empty ? (
        <p className="muted survey-chart-empty">{empty}</p>
      ) : (
        <Suspense fallback={<div className="chart-placeholder" style={{ height }} />}>{children}</Suspense>
      )}
      {after}
    </section>
  );
}
