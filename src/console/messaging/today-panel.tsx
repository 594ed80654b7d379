import { lazy, Suspense } from "react";
import { Link } from "react-router-dom";
import type { z } from "zod";
import type { QuotaView, TemplateView } from "../../contract/messaging";
import { MESSAGE_STATUSES } from "../../domain/messaging/messages";
import type { ResourceState } from "../common/use-api-resource";
import { formatNumber, formatPercent, formatTime } from "../format";
import { useLocale } from "../locale-context";
import { STATUS_KEYS } from "./labels";
import type { StatsDatum } from "./template-stats-chart";
import { LoadError } from "../common/load-error";

// recharts loads with this tab, not with the console (the preferences stats do the same).
const TemplateStatsChart = lazy(() => import("./template-stats-chart").then((m) => ({ default: m.TemplateStatsChart })));

export type Quota = z.infer<typeof QuotaView>;

type Props = {
  quota: ResourceState<Quota>;
  reloadQuota: () => void;
  templates: ResourceState<{ items: TemplateView[] }>;
  reloadTemplates: () => void;
};

/** Today's sending against Zalo's quota, what is waiting, and each template's messages so far. */
export function TodayPanel({ quota, reloadQuota, templates, reloadTemplates }: Props) {
  const { t } = useLocale();
  return (
    <div className="messaging-tab">
      <QuotaCard state={quota} reload={reloadQuota} />
      <section className="card" aria-labelledby="per-template-title">
        <header className="card-header card-header-split">
          <div>
            <h2 id="per-template-title">{t("msg.today.perTemplate")}</h2>
            <p className="muted">{t("msg.today.perTemplateHint")}</p>
          </div>
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={reloadTemplates}
            disabled={templates.status === "loading"}
          >
            {t("msg.refresh")}
          </button>
        </header>
        {templates.status === "loading" ? (
          <div className="skeleton-card" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <span key={i} className="skeleton" />
            ))}
          </div>
        ) : templates.status === "error" ? (
          <LoadError title={t("msg.templates.error")} code={templates.error.code} onRetry={reloadTemplates} />
        ) : (
          <TemplateStats templates={templates.data.items} />
        )}
      </section>
    </div>
  );
}

function QuotaCard({ state, reload }: { state: ResourceState<Quota>; reload: () => void }) {
  const { t, locale } = useLocale();
  const n = (value: number) => formatNumber(locale, value);
  if (state.status === "loading") {
    return (
      <div className="summary-grid quota-grid" data-testid="quota-skeleton" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
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
        <LoadError title={t("msg.today.error")} code={state.error.code} onRetry={reload} />
      </section>
    );
  }
  const q = state.data;
  const [year, month, day] = q.day.split("-");
  // What is left by whichever count says more: ours, or Zalo's own (it sees other systems too).
  const used = Math.max(q.sent, q.zalo?.used ?? 0);
  return (
    <section className="card today" aria-labelledby="today-title">
      <header className="card-header card-header-split">
        <div>
          <h2 id="today-title">{t("msg.today.title", { date: `${day}/${month}/${year}` })}</h2>
          <p className="muted">{t("msg.today.subtitle")}</p>
        </div>
        <button type="button" className="button button-secondary button-sm" onClick={reload} aria-busy={state.refreshing}>
          {t("msg.refresh")}
        </button>
      </header>
      <div className="today-body">
        <TransportNote transport={q.transport} />
        {q.hold && (
          <p className="alert alert-warn" role="status">
            {t(`msg.today.hold.${q.hold.scope}`, {
              time: q.hold.probeAt ? formatTime(locale, q.hold.probeAt) : t("msg.today.hold.midnight"),
            })}
          </p>
        )}
        <div className="summary-grid quota-grid" role="group" aria-label={t("msg.today.quotaLabel")}>
          <UsageCard
            label={t("msg.today.sent")}
            used={q.sent}
            cap={q.dailyQuota}
            note={
              t("msg.today.sentNote", { left: n(Math.max(0, q.dailyQuota - used)) }) +
              (q.zalo ? ` ${t("msg.today.zalo", { time: formatTime(locale, q.zalo.at), used: n(q.zalo.used) })}` : "")
            }
          />
          <UsageCard label={t("msg.today.promo")} used={q.promo} cap={q.promoCap} note={t("msg.today.promoNote")} />
          <div className="stat-card">
            <p className="stat-label">{t("msg.today.queued")}</p>
            <p className="stat-value">{n(q.queued)}</p>
            <p className="stat-note">
              <Link className="row-link" to="/messages?tab=log&status=queued">
                {t("msg.today.seeQueued")}
              </Link>
            </p>
          </div>
          <div className="stat-card">
            <p className="stat-label">{t("msg.today.inDoubt")}</p>
            <p className={`stat-value${q.inDoubt > 0 ? " stat-value-warn" : ""}`}>{n(q.inDoubt)}</p>
            <p className="stat-note muted">{t("msg.today.inDoubtNote")}</p>
            {q.inDoubt > 0 && (
              <Link className="row-link" to="/messages?tab=log&status=in_doubt">
                {t("msg.today.seeInDoubt")}
              </Link>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Which way messages leave, said plainly: a sandbox reaches nobody, Zalo reaches real phones. */
export function TransportNote({ transport }: { transport: Quota["transport"] }) {
  const { t } = useLocale();
  return (
    <div className={`transport-note transport-${transport}`}>
      <span className={`badge ${transport === "sandbox" ? "badge-warn" : "badge-live"}`}>
        {t(transport === "sandbox" ? "msg.transport.sandbox" : "msg.transport.zalo")}
      </span>
      <p>{t(transport === "sandbox" ? "msg.transport.sandboxNote" : "msg.transport.zaloNote")}</p>
    </div>
  );
}

function UsageCard({ label, used, cap, note }: { label: string; used: number; cap: number; note: string }) {
  const { t, locale } = useLocale();
  const percent = cap > 0 ? Math.min(100, Math.round((used / cap) * 100)) : 0;
  const level = cap > 0 && used >= cap ? "full" : percent >= 80 ? "high" : "ok";
  return (
    <div className="stat-card">
      <p className="stat-label">{label}</p>
      <p className="stat-value">
        {formatNumber(locale, used)} <span className="stat-unit">/ {formatNumber(locale, cap)}</span>
      </p>
      <div
        className={`progress progress-${level}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t("msg.today.usage", {
          used: formatNumber(locale, used),
          cap: formatNumber(locale, cap),
          percent: formatPercent(locale, used, cap),
        })}
      >
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="stat-note">{note}</p>
    </div>
  );
}

/**
 * Each template's messages by status (all time: the counts come with the template list). The
 * chart is for the eye and aria-hidden; the table under it has the same numbers.
 */
function TemplateStats({ templates }: { templates: readonly TemplateView[] }) {
  const { t, locale } = useLocale();
  if (templates.length === 0) {
    return (
      <div className="state">
        <p className="state-title">{t("msg.templates.empty")}</p>
      </div>
    );
  }
  const n = (value: number) => formatNumber(locale, value);
  const total = (tpl: TemplateView) => MESSAGE_STATUSES.reduce((sum, s) => sum + tpl.counts[s], 0);
  const data: StatsDatum[] = templates.map((tpl) => ({
    label: tpl.name,
    waiting: tpl.counts.queued + tpl.counts.sending + tpl.counts.in_doubt,
    sent: tpl.counts.sent,
    delivered: tpl.counts.delivered,
    failed: tpl.counts.failed,
    cancelled: tpl.counts.cancelled,
  }));
  const any = templates.some((tpl) => total(tpl) > 0);
  return (
    <div className="template-stats">
      {any && (
        <Suspense fallback={<div className="chart-placeholder" style={{ height: data.length * 40 + 48 }} />}>
          <div aria-hidden="true">
            <TemplateStatsChart
              data={data}
              locale={locale}
              labels={{
                waiting: t("msg.stats.waiting"),
                sent: t(STATUS_KEYS.sent),
                delivered: t(STATUS_KEYS.delivered),
                failed: t(STATUS_KEYS.failed),
                cancelled: t(STATUS_KEYS.cancelled),
              }}
            />
          </div>
        </Suspense>
      )}
      <div className="table-wrap">
        <table className="table table-compact stats-table">
          <caption className="sr-only">{t("msg.today.perTemplateCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("msg.templates.col.name")}</th>
              {MESSAGE_STATUSES.map((s) => (
                <th key={s} scope="col" className="num">
                  {t(STATUS_KEYS[s])}
                </th>
              ))}
              <th scope="col" className="num">
                {t("msg.stats.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.id}>
                <td className="cell-wrap">
                  <Link className="row-link" to={`/messages?tab=log&template=${tpl.id}`}>
                    {tpl.name}
                  </Link>
                </td>
                {MESSAGE_STATUSES.map((s) => (
                  <td key={s} className={`num${tpl.counts[s] === 0 ? " muted" : ""}`}>
                    {n(tpl.counts[s])}
                  </td>
                ))}
                <td className="num strong">{n(total(tpl))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
