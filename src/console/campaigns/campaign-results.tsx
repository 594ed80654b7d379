import type { CampaignGroupResult, CampaignResults as Results } from "../../contract/campaigns";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import type { Locale } from "../../domain/locale/locale";
import { formatVnd } from "../../domain/locale/money";
import { ChannelTable } from "../common/channels";
import { DayChart, dayLabel, type DayDatum, type DaySeries } from "../common/day-chart-lazy";
import { ExportButton } from "../common/download-button";
import { LoadError } from "../common/load-error";
import { failureReason } from "../../domain/messaging/failure-words";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber } from "../format";
import { INTL_LOCALE, interpolate, type Params } from "../i18n";
import { useLocale } from "../locale-context";
import { en, vi, type ResultsKey } from "./campaign-results-strings";
import "./campaign-results.css";

/** Each group's conversions as a line, the control group dashed. */
const LINE_COLOURS = { A: "#0b6e4f", B: "#7c3aed", control: "#66736e" } as const;

const STRINGS = { vi, en } as const;

function useResultsText() {
  const { locale } = useLocale();
  return { locale, s: (key: ResultsKey, params?: Params) => interpolate(STRINGS[locale][key], params) };
}

const signedPoints = (locale: Locale, share: number) =>
  new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(
    share * 100,
  );
const rate = (locale: Locale, share: number | null) =>
  share === null ? "—" : new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", maximumFractionDigits: 1 }).format(share);
const signedPercent = (locale: Locale, share: number) =>
  new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(share);

/**
 * What a campaign did (GET /console/campaigns/{id}/results): audience, sends, failures by
 * reason, clicks, conversions per arm and the control group, each arm's lift over control with
 * its 95 % interval, and a chart by day. Revenue is labelled as attributed, except the part
 * measured against the control group. Mounted by the campaigns pages; its strings travel with it.
 */
export function CampaignResults({ campaignId }: { campaignId: string }) {
  const { s, locale } = useResultsText();
  const { state, reload } = useApiResource(campaignEndpoints.campaignResults, { params: { campaignId } });
  if (state.status === "loading")
    return (
      <section className="cr" aria-busy="true" aria-label={s("title")}>
        <div className="cr-stats">
          {Array.from({ length: 6 }, (_, i) => (
            <span key={i} className="skeleton cr-stat-skeleton" />
          ))}
        </div>
        <span className="skeleton cr-chart-skeleton" />
      </section>
    );
  if (state.status === "error") return <LoadError title={s("loadError")} code={state.error.code} onRetry={reload} />;
  const r = state.data;
  if (r.recipients === 0)
    return (
      <section className="cr" aria-label={s("title")}>
        <p className="empty-state cr-empty">{s("empty")}</p>
      </section>
    );
  return <ResultsView r={r} locale={locale} s={s} />;
}

function ResultsView({ r, locale, s }: { r: Results; locale: Locale; s: (key: ResultsKey, params?: Params) => string }) {
  const n = (value: number) => formatNumber(locale, value);
  const arms = r.groups.filter((g) => g.group !== "control");
  const control = r.groups.find((g) => g.group === "control");
  const groupName = (g: CampaignGroupResult["group"]) => s(`group.${g}`);
  const converted = arms.reduce((sum, g) => sum + g.converted, 0);
  const stillCounting = r.windowClosesAt !== null && Date.parse(r.windowClosesAt) > Date.parse(r.computedAt);
  const days: DayDatum[] = r.series.map((d) => ({ label: dayLabel(locale, d.date), sent: d.sent, clicks: d.clicks, ...d.conversions }));
  // Sends, tens of times larger, as pale bars on an axis of their own; clicks and conversions on the left.
  const series: DaySeries[] = [
    { key: "sent", name: s("series.sent"), kind: "bar", colour: "#dbe7fb", axis: "right" },
    { key: "clicks", name: s("series.clicks"), kind: "bar", colour: "#2563eb" },
    ...r.groups.map((g): DaySeries => ({
      key: g.group,
      name: s("series.conversions", { group: groupName(g.group) }),
      kind: "line",
      colour: LINE_COLOURS[g.group],
      dashed: g.group === "control",
    })),
  ];
  return (
    <section className="cr" aria-labelledby="cr-title">
      <header className="cr-header">
        <h3 id="cr-title">{s("title")}</h3>
        <p className="muted">{s("computedAt", { time: formatDateTime(locale, r.computedAt) })}</p>
        <ExportButton
          endpoint={campaignEndpoints.exportCampaignRecipients}
          params={{ campaignId: r.campaignId }}
          fallbackName="chien-dich"
        />
      </header>
      <p className="muted cr-window">
        {s("window", { days: r.conversionDays })}{" "}
        {stillCounting && r.windowClosesAt && s("windowOpen", { at: formatDateTime(locale, r.windowClosesAt) })}
      </p>
      <dl className="cr-stats">
        <div>
          <dt>{s("audience")}</dt>
          <dd>
            {n(r.recipients)}
            {r.audience !== null && <span className="cr-stat-note">{s("audienceNote", { count: n(r.audience) })}</span>}
          </dd>
        </div>
        <div>
          <dt>{s("sent")}</dt>
          <dd>{n(r.sent)}</dd>
        </div>
        <div>
          <dt>{s("delivered")}</dt>
          <dd>{n(r.delivered)}</dd>
        </div>
        <div>
          <dt>{s("failed")}</dt>
          <dd>{n(r.failed)}</dd>
        </div>
        <div>
          <dt>{s("clicks")}</dt>
          <dd>{n(r.clicks)}</dd>
        </div>
        <div>
          <dt>{s("converted")}</dt>
          <dd>{n(converted)}</dd>
        </div>
      </dl>
      <ChannelTable rows={r.byChannel} locale={locale} />

      <section className="cr-section" aria-labelledby="cr-lift">
        <h4 id="cr-lift">{s("lift")}</h4>
        {!control ? (
          <p className="cr-note">{s("noControl")}</p>
        ) : r.lift.length === 0 ? (
          <p className="muted">{s("noLift")}</p>
        ) : (
          <ul className="cr-lifts">
            {r.lift.map((l) => (
              <li key={l.arm} className="cr-lift">
                <p className="cr-lift-line">
                  <strong>
                    {s("liftLine", {
                      group: groupName(l.arm),
                      difference: signedPoints(locale, l.difference),
                      lower: signedPoints(locale, l.lower),
                      upper: signedPoints(locale, l.upper),
                    })}
                  </strong>{" "}
                  <span className={l.significant ? "badge cr-badge-yes" : "badge badge-muted"}>
                    {s(l.significant ? "significant" : "notSignificant")}
                  </span>
                </p>
                {l.relative !== null && <p className="muted">{s("liftRelative", { relative: signedPercent(locale, l.relative) })}</p>}
                {!l.significant && <p className="muted">{s("notSignificantHelp")}</p>}
                <p>{s("incremental", { vnd: formatVnd(locale, l.incrementalRevenueVnd) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="cr-section">
        <div className="table-wrap">
          <table className="table table-compact cr-table">
            <caption>{s("groups")}</caption>
            <thead>
              <tr>
                <th scope="col">{s("col.group")}</th>
                <th scope="col" className="num">
                  {s("col.recipients")}
                </th>
                <th scope="col" className="num">
                  {s("col.sent")}
                </th>
                <th scope="col" className="num">
                  {s("col.delivered")}
                </th>
                <th scope="col" className="num">
                  {s("col.clicks")}
                </th>
                <th scope="col" className="num">
                  {s("col.converted")}
                </th>
                <th scope="col" className="num">
                  {s("col.rate")}
                </th>
                <th scope="col" className="num">
                  {s("col.revenue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {r.groups.map((g) => (
                <tr key={g.group} data-group={g.group}>
                  <th scope="row">
                    {groupName(g.group)}
                    {g.group === "control" && <span className="muted cr-control-note">{s("controlNote")}</span>}
                  </th>
                  <td className="num">{n(g.recipients)}</td>
                  <td className="num">{g.group === "control" ? "—" : n(g.sent)}</td>
                  <td className="num">{g.group === "control" ? "—" : n(g.delivered)}</td>
                  <td className="num">{g.group === "control" ? "—" : n(g.clicks)}</td>
                  <td className="num">{n(g.converted)}</td>
                  <td className="num">{rate(locale, g.conversionRate)}</td>
                  <td className="num">{formatVnd(locale, g.revenueVnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted cr-attribution">{s("attribution")}</p>
      </section>

      <section className="cr-section" aria-labelledby="cr-days">
        <h4 id="cr-days">{s("overTime")}</h4>
        <DayChart label={s("overTime")} data={days} series={series} locale={locale} />
      </section>

      <section className="cr-section" aria-labelledby="cr-failures">
        <h4 id="cr-failures">{s("failures")}</h4>
        {r.failedByReason.length === 0 ? (
          <p className="muted">{s("noFailures")}</p>
        ) : (
          <ul className="cr-reasons">
            {r.failedByReason.map((f) => (
              <li key={f.reason}>
                <span>{failureReason(locale, f.reason)}</span>
                <span className="cr-reason-count">{n(f.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
