import { useId, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { insightEndpoints } from "../../contract/endpoints/insights";
import type { BrandOverview } from "../../contract/overview";
import { formatVnd } from "../../domain/locale/money";
import { DayChart, dayLabel } from "../common/day-chart-lazy";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatNumber, formatPercent } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { InsightsFrame, StatCard } from "./insights-frame";
import { usePeriodDays } from "./period-picker";
import "./overview.css";
import "./strings/load";
// The triggers' names, in their own chunk the triggers page loads too.
import "../triggers/strings/load";

/**
 * The brand overview (issue 15, "Results"): the loop's health on one page for the manager and
 * the marketer — members and who still comes, repeat visits, points issued and owed (in VND at
 * the brand's point value), the NPS trend, messages by tag against the OA's quota, and what
 * campaigns and triggers are credited with. Revenue after a message is labelled as attribution;
 * only a campaign's difference against its control group is shown as caused.
 */
export function OverviewPage() {
  const { t } = useLocale();
  const period = usePeriodDays();
  const resource = useApiResource(insightEndpoints.overview, { query: { days: period[0] } });
  return (
    <InsightsFrame copy={COPY} period={period} resource={resource} isEmpty={(d) => d.members.total === 0} testId="overview-skeleton">
      {(data) => (
        <>
          <MemberFigures data={data} />
          <div className="ov-grid">
            <NpsTrend nps={data.nps} />
            <Messages messages={data.messages} />
          </div>
          <Attributed data={data} />
          <p className="muted insights-footnote">{t("insights.visitNote")}</p>
        </>
      )}
    </InsightsFrame>
  );
}

const COPY = {
  title: "ov.title",
  subtitle: "ov.subtitle",
  loadFailed: "ov.loadFailed",
  empty: "ov.empty",
  emptyHint: "ov.emptyHint",
  emptyAction: { to: "/programme", label: "ov.emptyAction" },
} as const;

function MemberFigures({ data }: { data: BrandOverview }) {
  const { t, locale } = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  const { members, repeat, points, period } = data;
  const day = (d: string) => formatDate(locale, `${d}T12:00:00+07:00`);
  const inVnd = (vnd: number | null) => (vnd === null ? t("ov.noPointValue") : t("ov.inVnd", { vnd: formatVnd(locale, vnd) }));
  return (
    <>
      <div className="summary-grid ov-figures">
        <StatCard label={t("ov.members")} value={n(members.total)} note={t("ov.membersNote")} testId="ov-members" />
        <StatCard
          label={t("ov.active30")}
          value={n(members.active30)}
          note={t("ov.activeNote", { share: formatPercent(locale, members.active30, members.total) })}
          testId="ov-active30"
        />
        <StatCard
          label={t("ov.active90")}
          value={n(members.active90)}
          note={t("ov.activeNote", { share: formatPercent(locale, members.active90, members.total) })}
          testId="ov-active90"
        />
        <StatCard
          label={t("ov.repeatRate")}
          value={repeat.members === 0 ? "—" : formatPercent(locale, repeat.repeaters, repeat.members)}
          note={t("ov.repeatNote", { repeaters: n(repeat.repeaters), members: n(repeat.members) })}
          testId="ov-repeat"
        />
        <StatCard label={t("ov.pointsIssued")} value={n(points.issued)} note={inVnd(points.issuedVnd)} testId="ov-issued" />
        <StatCard label={t("ov.liability")} value={n(points.liability)} note={inVnd(points.liabilityVnd)} testId="ov-liability" />
      </div>
      {points.pointValueVnd === null && (
        <p className="muted ov-hint">
          {t("ov.pointValueHint")} <Link to="/games/settings">{t("ov.pointValueAction")}</Link>
        </p>
      )}
      <p className="muted insights-period">{t("insights.periodNote", { from: day(period.from), to: day(period.to) })}</p>
    </>
  );
}

/** A card with a title and, when it has nothing to show, what to do next. */
function Card({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card ov-card" aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{title}</h2>
        {hint && <p className="muted">{hint}</p>}
      </header>
      {children}
    </section>
  );
}

function EmptyNext({ text, to, action }: { text: MessageKey; to: string; action: MessageKey }) {
  const { t } = useLocale();
  return (
    <div className="state ov-empty">
      <p className="muted">{t(text)}</p>
      <Link className="button button-secondary button-sm" to={to}>
        {t(action)}
      </Link>
    </div>
  );
}

function NpsTrend({ nps }: { nps: BrandOverview["nps"] }) {
  const { t, locale } = useLocale();
  const score = nps.total.score;
  return (
    <Card title={t("ov.npsTitle")} hint={t("ov.npsHint")}>
      {nps.total.responses === 0 ? (
        <EmptyNext text="ov.npsEmpty" to="/surveys" action="ov.npsAction" />
      ) : (
        <>
          <p className="ov-big" data-testid="ov-nps">
            {score === null ? "—" : `${score > 0 ? "+" : ""}${formatNumber(locale, Math.round(score))}`}
            <span className="muted ov-big-note">{t("ov.npsAnswers", { count: formatNumber(locale, nps.total.responses) })}</span>
          </p>
          <DayChart
            label={t("ov.npsTitle")}
            height={180}
            decimals
            locale={locale}
            data={nps.weekly.map((w) => ({ label: dayLabel(locale, w.week), nps: w.score === null ? null : Math.round(w.score) }))}
            series={[{ key: "nps", name: t("ov.npsSeries"), kind: "line", colour: "#0b6e4f" }]}
          />
        </>
      )}
    </Card>
  );
}

/** A share of a whole as a bar; the text beside it says the numbers. */
function Meter({ part, whole }: { part: number; whole: number }) {
  const share = whole > 0 ? Math.min(1, part / whole) : 0;
  return (
    <span className="ov-meter" aria-hidden="true">
      {share > 0 && <span className={`ov-meter-fill${part > whole ? " ov-meter-over" : ""}`} style={{ width: `${share * 100}%` }} />}
    </span>
  );
}

function Messages({ messages: m }: { messages: BrandOverview["messages"] }) {
  const { t, locale } = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  return (
    <Card title={t("ov.messagesTitle")} hint={t("ov.messagesHint", { daily: n(m.dailyQuota), promo: m.promoSharePercent })}>
      {m.sent === 0 ? (
        <EmptyNext text="ov.messagesEmpty" to="/campaigns" action="ov.messagesAction" />
      ) : (
        <ul className="ov-tags" aria-label={t("ov.messagesTitle")}>
          <li>
            <span className="ov-tag-name">{t("ov.messagesAll")}</span>
            <Meter part={m.sent} whole={m.periodQuota} />
            <span className="ov-tag-count" data-testid="ov-sent">
              {t("ov.ofQuota", { sent: n(m.sent), quota: n(m.periodQuota) })}
            </span>
          </li>
          {m.byTag.map((row) => (
            <li key={row.tag}>
              <span className="ov-tag-name">{t(`ov.tag.${row.tag}` as MessageKey)}</span>
              {row.tag === "promotion" ? (
                <>
                  <Meter part={row.sent} whole={m.periodPromoQuota} />
                  <span className="ov-tag-count">{t("ov.ofQuota", { sent: n(row.sent), quota: n(m.periodPromoQuota) })}</span>
                </>
              ) : (
                <>
                  <Meter part={row.sent} whole={m.periodQuota} />
                  <span className="ov-tag-count">{n(row.sent)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted ov-today">{t("ov.today", { sent: n(m.today.sent), quota: n(m.dailyQuota), promo: n(m.today.promo) })}</p>
    </Card>
  );
}

function Attributed({ data }: { data: BrandOverview }) {
  const { t, locale } = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  const vnd = (v: number) => formatVnd(locale, v);
  const triggers = data.triggers.rows.filter((r) => r.sent > 0);
  return (
    <Card title={t("ov.revenueTitle")} hint={t("ov.revenueHint", { days: data.triggers.conversionDays })}>
      <h3 className="ov-sub">{t("ov.campaigns")}</h3>
      {data.campaigns.length === 0 ? (
        <EmptyNext text="ov.campaignsEmpty" to="/campaigns" action="ov.campaignsAction" />
      ) : (
        <div className="table-wrap">
          <table className="table table-compact ov-table">
            <caption className="sr-only">{t("ov.campaigns")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ov.col.campaign")}</th>
                <th scope="col" className="num">
                  {t("ov.col.sent")}
                </th>
                <th scope="col" className="num">
                  {t("ov.col.converted")}
                </th>
                <th scope="col" className="num">
                  {t("ov.col.attributed")}
                </th>
                <th scope="col" className="num">
                  {t("ov.col.incremental")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                  </th>
                  <td className="num">{n(c.sent)}</td>
                  <td className="num">{n(c.converted)}</td>
                  <td className="num">{vnd(c.attributedRevenueVnd)}</td>
                  <td className="num">
                    {c.incrementalRevenueVnd === null ? <span className="muted">{t("ov.noControl")}</span> : vnd(c.incrementalRevenueVnd)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="ov-sub">{t("ov.triggers")}</h3>
      {triggers.length === 0 ? (
        <EmptyNext text="ov.triggersEmpty" to="/triggers" action="ov.triggersAction" />
      ) : (
        <div className="table-wrap">
          <table className="table table-compact ov-table">
            <caption className="sr-only">{t("ov.triggers")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ov.col.trigger")}</th>
                <th scope="col" className="num">
                  {t("ov.col.sent")}
                </th>
                <th scope="col" className="num">
                  {t("ov.col.converted")}
                </th>
                <th scope="col" className="num">
                  {t("ov.col.attributed")}
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((r) => (
                <tr key={r.kind}>
                  <th scope="row">{t(`trg.kind.${r.kind}` as MessageKey)}</th>
                  <td className="num">{n(r.sent)}</td>
                  <td className="num">{n(r.converted)}</td>
                  <td className="num">{vnd(r.attributedRevenueVnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted ov-attribution" data-testid="ov-attribution">
        {t("ov.attributionNote", { days: data.triggers.conversionDays })}
      </p>
    </Card>
  );
}
