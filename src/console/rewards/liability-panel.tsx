import { useId } from "react";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { Liability } from "../../contract/loyalty";
import { useApiResource } from "../common/use-api-resource";
import { formatVnd } from "../../domain/locale/money";
import { formatMonth, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { LoadError } from "../common/load-error";

/**
 * Points liability: what members hold and could redeem, where it was earned, and when it lapses.
 * Read-only for every console role.
 */
export function LiabilityPanel() {
  const { t, locale } = useLocale();
  const titleId = useId();
  const { state, reload } = useApiResource(loyaltyEndpoints.liability);
  const n = (value: number) => formatNumber(locale, value);

  return (
    <section className="card liability" aria-labelledby={titleId} aria-busy={state.status === "loading"}>
      <header className="card-header">
        <h2 id={titleId}>{t("liability.title")}</h2>
        <p className="muted">{t("liability.subtitle")}</p>
      </header>

      {state.status === "loading" ? (
        <div className="liability-grid" data-testid="liability-skeleton" aria-hidden="true">
          <div className="liability-total">
            <span className="skeleton" />
            <span className="skeleton skeleton-title" />
          </div>
          <div className="liability-stores">
            {[0, 1, 2].map((i) => (
              <span key={i} className="skeleton" />
            ))}
          </div>
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("liability.error")} code={state.error.code} onRetry={reload} />
      ) : (
        <>
          <div className="liability-grid">
            <div className="liability-total">
              <p className="stat-label">{t("liability.outstanding")}</p>
              <p className="stat-value stat-value-xl">
                {n(state.data.outstandingPoints)} <span className="stat-unit">{t("common.points")}</span>
              </p>
              {state.data.pointValueVnd !== null ? (
                <>
                  <p className="liability-vnd">
                    {t("liability.worthVnd", { vnd: formatVnd(locale, state.data.outstandingPoints * state.data.pointValueVnd) })}
                  </p>
                  <p className="muted">{t("liability.rate", { rate: formatVnd(locale, state.data.pointValueVnd) })}</p>
                </>
              ) : (
                <p className="muted">{t("liability.noPointValue")}</p>
              )}
              {state.data.outstandingPoints === 0 && <p className="muted">{t("liability.none")}</p>}
            </div>
            <StoreTable rows={state.data.byStore} total={state.data.outstandingPoints} />
          </div>
          <ExpiryChart profile={state.data.expiryProfile} />
        </>
      )}
    </section>
  );
}

function StoreTable({ rows, total }: { rows: Liability["byStore"]; total: number }) {
  const { t, locale } = useLocale();
  if (rows.length === 0) return <p className="liability-stores muted">{t("liability.noStores")}</p>;
  return (
    <div className="liability-stores table-wrap">
      <table className="table table-compact">
        <caption className="table-title">{t("liability.byStore")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("liability.col.store")}</th>
            <th scope="col" className="num">
              {t("liability.col.points")}
            </th>
            <th scope="col" className="num">
              {t("liability.col.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.storeId ?? "none"}>
              <td>{row.storeName ?? <span className="muted">{t("liability.noStore")}</span>}</td>
              <td className="num strong">{formatNumber(locale, row.points)}</td>
              <td className="num">{total > 0 ? `${formatNumber(locale, Math.round((row.points / total) * 100))}%` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Bars drawn with CSS (no chart library). The bars are decoration for sighted users; the same
 * numbers are in the table under "Xem dạng bảng", which is what assistive technology reads.
 */
function ExpiryChart({ profile }: { profile: Liability["expiryProfile"] }) {
  const { t, locale } = useLocale();
  const max = Math.max(0, ...profile.map((m) => m.points));
  const headingId = useId();
  return (
    <div className="expiry">
      <h3 id={headingId} className="table-title">
        {t("liability.expiryTitle")}
      </h3>
      {max === 0 ? (
        <p className="muted">{t("liability.noExpiry")}</p>
      ) : (
        <div className="expiry-chart" aria-hidden="true" data-testid="expiry-chart">
          {profile.map((m) => (
            <div key={m.month} className="expiry-col" title={`${formatMonth(locale, m.month)}: ${formatNumber(locale, m.points)}`}>
              <span className="expiry-value">{m.points > 0 ? formatNumber(locale, m.points) : ""}</span>
              <span className="expiry-bar-area">
                <span className="expiry-bar" style={{ height: `${m.points > 0 ? Math.max(2, (m.points / max) * 100) : 0}%` }} />
              </span>
              <span className="expiry-month">{formatMonth(locale, m.month)}</span>
            </div>
          ))}
        </div>
      )}
      {profile.length > 0 && (
        <details className="expiry-details">
          <summary>{t("liability.showTable")}</summary>
          <table className="table table-compact" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t("liability.col.month")}</th>
                <th scope="col" className="num">
                  {t("liability.col.expiring")}
                </th>
              </tr>
            </thead>
            <tbody>
              {profile.map((m) => (
                <tr key={m.month}>
                  <td>{formatMonth(locale, m.month)}</td>
                  <td className="num">{formatNumber(locale, m.points)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
