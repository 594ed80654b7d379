import { useId } from "react";
import { insightEndpoints } from "../../contract/endpoints/insights";
import type { Retention } from "../../contract/insights";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatMonth, formatNumber, formatPercent } from "../format";
import { useLocale } from "../locale-context";
import { InsightsFrame, StatCard } from "./insights-frame";
import { usePeriodDays } from "./period-picker";
import "./strings/load";

/**
 * Retention (issue 13, "Retention and churn beside them"): repeat-visit rate over the chosen
 * period, the monthly cohort grid as a heat map, and the members who stopped coming. Visits
 * come from the points ledger (docs/decisions/0025).
 */
export function RetentionPage() {
  const { t } = useLocale();
  const period = usePeriodDays();
  const resource = useApiResource(insightEndpoints.retention, { query: { days: period[0] } });
  return (
    <InsightsFrame
      copy={COPY}
      period={period}
      resource={resource}
      isEmpty={(data) => data.churn.everVisited === 0}
      testId="retention-skeleton"
    >
      {(data) => (
        <>
          <Summary data={data} />
          <CohortGrid cohorts={data.cohorts} />
          <p className="muted insights-footnote">
            {t("insights.visitNote")} {t("retention.npsNote")}
          </p>
        </>
      )}
    </InsightsFrame>
  );
}

const COPY = {
  title: "retention.title",
  subtitle: "retention.subtitle",
  loadFailed: "retention.loadFailed",
  empty: "retention.empty",
  emptyHint: "retention.emptyHint",
  emptyAction: { to: "/ledger", label: "retention.emptyAction" },
} as const;

function Summary({ data }: { data: Retention }) {
  const { t, locale } = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  const { repeat, churn, period } = data;
  // NPS is a whole number with its sign, as the CX team writes it; no answers is a dash, not 0.
  const npsText = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${n(Math.round(v))}`);
  const day = (d: string) => formatDate(locale, `${d}T12:00:00+07:00`);
  return (
    <>
      <div className="summary-grid">
        <StatCard
          label={t("retention.repeatRate")}
          value={formatPercent(locale, repeat.repeaters, repeat.members)}
          note={t("retention.repeatNote", { repeaters: n(repeat.repeaters), members: n(repeat.members) })}
          testId="repeat-rate"
        />
        <StatCard label={t("retention.visitors")} value={n(repeat.members)} note={t("retention.visitorsNote")} />
        <StatCard
          label={t("retention.churned")}
          value={n(churn.churned)}
          note={t("retention.churnedNote", { days: churn.days, ever: n(churn.everVisited) })}
          testId="churned"
          warn={churn.churned > 0}
        />
      </div>
      <div className="summary-grid">
        <StatCard
          label={t("retention.npsRetained", { days: churn.days })}
          value={npsText(data.npsByChurn.retained.nps)}
          note={t("retention.npsAnswers", { count: n(data.npsByChurn.retained.responses) })}
          testId="nps-retained"
        />
        <StatCard
          label={t("retention.npsChurned")}
          value={npsText(data.npsByChurn.churned.nps)}
          note={t("retention.npsAnswers", { count: n(data.npsByChurn.churned.responses) })}
          testId="nps-churned"
        />
      </div>
      <p className="muted insights-period">{t("insights.periodNote", { from: day(period.from), to: day(period.to) })}</p>
    </>
  );
}

/**
 * The cohort triangle: one row per month of first visit, cell k the share of the cohort seen
 * again in month k. The shade is the share (a heat map); the number is always written, so the
 * colour only repeats what the text says.
 */
function CohortGrid({ cohorts }: { cohorts: Retention["cohorts"] }) {
  const { t, locale } = useLocale();
  const titleId = useId();
  const width = Math.max(...cohorts.map((c) => c.cells.length));
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card-header">
        <h2 id={titleId}>{t("retention.cohortTitle")}</h2>
        <p className="muted">{t("retention.cohortHint")}</p>
      </header>
      <div className="table-wrap">
        <table className="table table-compact cohort-table">
          <caption className="sr-only">{t("retention.cohortCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("retention.col.cohort")}</th>
              <th scope="col" className="num">
                {t("retention.col.size")}
              </th>
              {Array.from({ length: width }, (_, k) => (
                <th key={k} scope="col" className="num" title={t("retention.col.month", { k })}>
                  <span aria-hidden="true">+{k}</span>
                  <span className="sr-only">{t("retention.col.month", { k })}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cohorts.map((row) => (
              <tr key={row.cohort}>
                <th scope="row">{formatMonth(locale, row.cohort)}</th>
                <td className={`num${row.size > 0 ? " strong" : " muted"}`}>{formatNumber(locale, row.size)}</td>
                {Array.from({ length: width }, (_, k) => {
                  const members = row.cells[k];
                  // Months still to come, and a month when nobody started: nothing to shade.
                  if (members === undefined || row.size === 0) return <td key={k} className="cohort-cell cohort-future" />;
                  const share = row.size > 0 ? members / row.size : 0;
                  return (
                    <td
                      key={k}
                      className={`num cohort-cell${share >= 0.5 ? " cohort-cell-dark" : ""}`}
                      style={{ backgroundColor: `rgba(11, 110, 79, ${(0.06 + share * 0.84).toFixed(3)})` }}
                      title={t("retention.cellTitle", {
                        cohort: formatMonth(locale, row.cohort),
                        k,
                        members: formatNumber(locale, members),
                        size: formatNumber(locale, row.size),
                      })}
                    >
                      {formatPercent(locale, members, row.size)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
