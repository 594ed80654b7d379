import type { TriggerResults as Results } from "../../contract/triggers";
import { ChannelTable } from "../common/channels";
import { DayChart, dayLabel, type DaySeries } from "../common/day-chart-lazy";
import { failureReason } from "../../domain/messaging/failure-words";
import { formatNumber, formatPercent } from "../format";
import { useLocale } from "../locale-context";

/**
 * What one trigger did (GET /console/triggers/{kind}/results), under its settings: messages by
 * outcome, failures by reason in words, clicks on the message's link, members who earned or
 * redeemed within the window after it, and the same by day. A trigger has no control group, so
 * conversions are what followed its messages, not what they caused.
 */
export function TriggerResults({ results: r, titleId }: { results: Results | null; titleId: string }) {
  const { t, locale } = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  if (!r) return null;
  const skipped = r.firings.no_consent ?? 0;
  if (r.messages.total === 0 && skipped === 0)
    return (
      <section className="trg-results" aria-labelledby={titleId}>
        <h3 id={titleId}>{t("trg.results")}</h3>
        <p className="muted">{t("trg.resultsEmpty")}</p>
      </section>
    );
  const series: DaySeries[] = [
    { key: "sent", name: t("trg.res.sent"), kind: "bar", colour: "#dbe7fb", axis: "right" },
    { key: "clicks", name: t("trg.res.clicks"), kind: "bar", colour: "#2563eb" },
    { key: "conversions", name: t("trg.res.converted"), kind: "line", colour: "#0b6e4f" },
  ];
  const stats: [string, number, string?][] = [
    [t("trg.res.sent"), r.messages.sent],
    [t("trg.res.delivered"), r.messages.delivered],
    [t("trg.res.failed"), r.messages.failed],
    [t("trg.res.pending"), r.messages.pending],
    [t("trg.res.clicks"), r.clicks],
    [
      t("trg.res.converted"),
      r.conversion.converted,
      t("trg.res.convertedNote", {
        share: formatPercent(locale, r.conversion.converted, r.conversion.recipients),
        days: r.conversion.days,
      }),
    ],
  ];
  return (
    <section className="trg-results" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("trg.results")}</h3>
      <dl className="trg-stats">
        {stats.map(([label, value, note]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {n(value)}
              {note && <span className="trg-stat-note">{note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <ChannelTable rows={r.byChannel} locale={locale} />
      {skipped > 0 && <p className="muted">{t("trg.resultsNoConsent", { count: n(skipped) })}</p>}
      {r.failedByReason.length > 0 && (
        <ul className="trg-reasons" aria-label={t("trg.res.failures")}>
          {r.failedByReason.map((f) => (
            <li key={f.code}>
              <span>{failureReason(locale, f.code)}</span>
              <span className="trg-reason-count">{n(f.count)}</span>
            </li>
          ))}
        </ul>
      )}
      {r.days.length > 0 && (
        <DayChart
          label={t("trg.res.overTime")}
          height={200}
          locale={locale}
          series={series}
          data={r.days.map((d) => ({ label: dayLabel(locale, d.date), sent: d.sent, clicks: d.clicks, conversions: d.conversions }))}
        />
      )}
      <p className="muted trg-attribution">{t("trg.res.attribution", { days: r.conversion.days })}</p>
    </section>
  );
}
