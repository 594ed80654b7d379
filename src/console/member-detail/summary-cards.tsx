import { formatVnd } from "../../domain/locale/money";
import type { MemberSummary } from "../../contract/loyalty";
import { TierBadge } from "../common/tier-badge";
import { formatDate, formatNumber } from "../format";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";

/** Balance, tier progress and the next expiry: the three things asked about at the counter. */
export function SummaryCards({ summary }: { summary: MemberSummary }) {
  const { t, locale } = useLocale();
  const n = (value: number) => formatNumber(locale, value);
  const percent = Math.round(summary.progress * 100);
  const next = summary.nextTier ? t(tierKey(summary.nextTier.code)) : null;

  return (
    <section className="summary-grid" aria-label={t("detail.summaryLabel")}>
      <article className="stat-card">
        <h2 className="stat-label">{t("detail.balance")}</h2>
        <p className="stat-value">
          {n(summary.balance)} <span className="stat-unit">{t("common.points")}</span>
        </p>
        {summary.available !== summary.balance && <p className="muted">{t("detail.available", { points: n(summary.available) })}</p>}
      </article>

      <article className="stat-card">
        <h2 className="stat-label">{t("detail.tier")}</h2>
        <p className="stat-value stat-value-tier">
          <TierBadge tier={summary.tier.code} />
        </p>
        {next ? (
          <>
            <div
              className="progress"
              role="progressbar"
              aria-label={t("detail.progressLabel", { tier: next })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
            <p className="stat-note">{t("detail.toNextTier", { amount: formatVnd(locale, summary.remainingVnd), tier: next })}</p>
          </>
        ) : (
          <p className="stat-note">{t("detail.topTier")}</p>
        )}
        <p className="muted">{t("detail.spend", { amount: formatVnd(locale, summary.spendVnd) })}</p>
      </article>

      <article className="stat-card">
        <h2 className="stat-label">{t("detail.expiring")}</h2>
        {summary.nextExpiry ? (
          <>
            <p className="stat-value stat-value-warn">
              {n(summary.nextExpiry.points)} <span className="stat-unit">{t("common.points")}</span>
            </p>
            <p className="stat-note">{t("detail.expiresOn", { date: formatDate(locale, summary.nextExpiry.expiresAt) })}</p>
          </>
        ) : (
          <p className="stat-note muted">{t("detail.noExpiry")}</p>
        )}
      </article>
    </section>
  );
}
