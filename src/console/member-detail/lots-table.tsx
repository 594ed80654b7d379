import type { MemberDetail } from "../../contract/loyalty";
import { formatDate, formatNumber } from "../format";
import { useLocale } from "../locale-context";

/** Open lots, soonest expiry first (the order the server spends them in). */
export function LotsTable({ lots, now }: { lots: MemberDetail["lots"]; now: number }) {
  const { t, locale } = useLocale();
  if (lots.length === 0) {
    return (
      <div className="state">
        <p className="state-title">{t("lots.empty")}</p>
        <p className="muted">{t("lots.emptyHint")}</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{t("lots.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("lots.col.earnedAt")}</th>
            <th scope="col">{t("lots.col.expiresAt")}</th>
            <th scope="col" className="num">
              {t("lots.col.original")}
            </th>
            <th scope="col" className="num">
              {t("lots.col.remaining")}
            </th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <tr key={lot.id}>
              <td>
                <time dateTime={lot.earnedAt}>{formatDate(locale, lot.earnedAt)}</time>
              </td>
              <td>
                <time dateTime={lot.expiresAt}>{formatDate(locale, lot.expiresAt)}</time>
                {/* Past due but not yet swept by the nightly expiry job. */}
                {Date.parse(lot.expiresAt) <= now && <span className="badge badge-warn">{t("lots.due")}</span>}
              </td>
              <td className="num">{formatNumber(locale, lot.original)}</td>
              <td className="num strong">{formatNumber(locale, lot.remaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
