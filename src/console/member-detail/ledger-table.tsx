import { formatVnd } from "../../domain/locale/money";
import type { LedgerItem } from "../../contract/loyalty";
import { formatDateTime, formatNumber, formatSignedPoints } from "../format";
import { useLocale } from "../locale-context";
import { UndoIcon } from "../shell/icons";
import { isReversible, KIND_KEYS, reasonText } from "./labels";

type Props = {
  items: readonly LedgerItem[];
  /** Older entries exist: a "Load more" button below the table (null when the ledger is complete). */
  more: { loading: boolean; failed: boolean; load: () => void } | null;
  /** Null for marketers: no action column at all, rather than a column of disabled buttons. */
  onReverse: ((item: LedgerItem) => void) | null;
};

export function LedgerTable({ items, more, onReverse }: Props) {
  const { t, locale } = useLocale();
  if (items.length === 0) {
    return (
      <div className="state">
        <p className="state-title">{t("ledger.empty")}</p>
        <p className="muted">{t("ledger.emptyHint")}</p>
      </div>
    );
  }
  const dash = <span className="muted">—</span>;
  return (
    <>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="sr-only">{t("ledger.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ledger.col.time")}</th>
              <th scope="col">{t("ledger.col.kind")}</th>
              <th scope="col">{t("ledger.col.store")}</th>
              <th scope="col">{t("ledger.col.receipt")}</th>
              <th scope="col" className="num">
                {t("ledger.col.bill")}
              </th>
              <th scope="col" className="num">
                {t("ledger.col.points")}
              </th>
              <th scope="col" className="num">
                {t("ledger.col.balance")}
              </th>
              <th scope="col">{t("ledger.col.reason")}</th>
              {onReverse && (
                <th scope="col">
                  <span className="sr-only">{t("ledger.col.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className={item.reversed ? "row-reversed" : undefined}>
                <td>
                  <time dateTime={item.occurredAt}>{formatDateTime(locale, item.occurredAt)}</time>
                </td>
                <td className="cell-kind">
                  <span className={`kind kind-${item.kind}`}>{t(KIND_KEYS[item.kind])}</span>
                  {item.reversed && <span className="badge badge-muted">{t("ledger.reversed")}</span>}
                </td>
                <td className="cell-store">{item.storeName ?? dash}</td>
                <td className={item.receiptNo ? "mono" : undefined}>{item.receiptNo ?? dash}</td>
                <td className="num">{item.billVnd === null ? dash : formatVnd(locale, item.billVnd)}</td>
                <td className={`num points ${item.points > 0 ? "points-plus" : item.points < 0 ? "points-minus" : ""}`}>
                  {formatSignedPoints(locale, item.points)}
                </td>
                <td className="num">{formatNumber(locale, item.balanceAfter)}</td>
                <td className="cell-reason">{reasonText(t, item.reason) ?? dash}</td>
                {onReverse && (
                  <td className="cell-action">
                    {isReversible(item) && (
                      <button
                        type="button"
                        className="button button-secondary button-sm button-danger-text"
                        aria-label={t("reverse.openLabel", { ref: item.receiptNo ?? formatDateTime(locale, item.occurredAt) })}
                        onClick={() => onReverse(item)}
                      >
                        <UndoIcon />
                        <span>{t("reverse.open")}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <div className="table-note">
          {more.failed && (
            <p className="muted" role="alert">
              {t("ledger.loadMoreFailed")}
            </p>
          )}
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={more.load}
            disabled={more.loading}
            aria-busy={more.loading}
          >
            {t("ledger.loadMore")}
          </button>
        </div>
      )}
    </>
  );
}
