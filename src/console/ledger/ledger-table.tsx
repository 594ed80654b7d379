import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { formatVnd } from "../../domain/locale/money";
import type { ConsoleLedgerItem } from "../../contract/loyalty";
import { MEMBER_REASON_TEXT } from "../../domain/loyalty/actors";
import { formatDateTime, formatNumber, formatSignedPoints } from "../format";
import { useLocale } from "../locale-context";
import { UndoIcon } from "../shell/icons";
import { ACTOR_KIND_KEYS, isReversible, KIND_KEYS, reasonText, ROLE_KEYS } from "./labels";

type Props = {
  items: readonly ConsoleLedgerItem[];
  /** The brand-wide ledger: a member column linking to each member's page (the member page needs none). */
  showMember?: boolean;
  /** What to show when there are no items (default: the member page's "no activity yet"). */
  empty?: ReactNode;
  /** Older entries exist: a "Load more" button below the table (null when the ledger is complete). */
  more: { loading: boolean; failed: boolean; load: () => void } | null;
  /** Null for marketers: no action column at all, rather than a column of disabled buttons. */
  onReverse: ((item: ConsoleLedgerItem) => void) | null;
};

export function LedgerTable({ items, showMember = false, empty, more, onReverse }: Props) {
  const { t, locale } = useLocale();
  if (items.length === 0) {
    if (empty) return <>{empty}</>;
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
        <table className="table table-compact ledger-table">
          <caption className="sr-only">{t("ledger.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ledger.col.time")}</th>
              {showMember && <th scope="col">{t("ledgerPage.col.member")}</th>}
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
              <th scope="col">{t("ledger.col.who")}</th>
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
                <td className="cell-time">
                  <time dateTime={item.occurredAt}>{formatDateTime(locale, item.occurredAt)}</time>
                </td>
                {showMember && (
                  <td className="cell-member strong">
                    <Link className="row-link" to={`/members/${item.memberId}`}>
                      {item.memberName}
                    </Link>
                  </td>
                )}
                <td className="cell-kind">
                  <span className={`kind kind-${item.kind}`}>{t(KIND_KEYS[item.kind])}</span>
                  {item.reversed && <span className="badge badge-muted">{t("ledger.reversed")}</span>}
                </td>
                <td className="cell-store">{item.storeName ?? dash}</td>
                <td className="cell-receipt" data-label={t("ledger.col.receipt")}>
                  {item.receiptNo ? <span className="mono">{item.receiptNo}</span> : dash}
                </td>
                <td className="cell-bill num" data-label={t("ledger.col.bill")}>
                  {item.billVnd === null ? dash : formatVnd(locale, item.billVnd)}
                </td>
                <td className={`cell-points num points ${item.points > 0 ? "points-plus" : item.points < 0 ? "points-minus" : ""}`}>
                  {formatSignedPoints(locale, item.points)}
                </td>
                <td className="cell-balance num" data-label={t("ledger.col.balance")}>
                  {formatNumber(locale, item.balanceAfter)}
                </td>
                <td className="cell-who" data-label={t("ledger.col.who")}>
                  <Who item={item} />
                </td>
                <td className="cell-reason">
                  <Reasons item={item} />
                </td>
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

/** Who caused the entry: a person (name and role; for earns the counter's device), or the system, the game, a survey. */
function Who({ item }: { item: ConsoleLedgerItem }) {
  const { t } = useLocale();
  const { actor } = item;
  if (!actor.userId) return <span className="muted">{t(ACTOR_KIND_KEYS[actor.kind])}</span>;
  return (
    <div className="who">
      <span className="strong">{actor.name ?? "—"}</span>
      <span className="muted">{actor.role ? t(ROLE_KEYS[actor.role]) : t(ACTOR_KIND_KEYS[actor.kind])}</span>
      {actor.device && (
        <span className="who-device mono" title={t("ledger.device")}>
          {actor.device.startsWith("session:") ? t("ledger.deviceSession", { id: actor.device.slice(8, 16) }) : actor.device}
        </span>
      )}
    </div>
  );
}

/**
 * The two reasons, labelled so nobody mistakes one for the other: what the member reads (a
 * preset, a reward or campaign name) and the internal note, which only the console shows.
 */
function Reasons({ item }: { item: ConsoleLedgerItem }) {
  const { t } = useLocale();
  const memberText = item.memberReason ? MEMBER_REASON_TEXT[item.memberReason].vi : reasonText(t, item.reason);
  const note = reasonText(t, item.note);
  if (!memberText && !note) return <span className="muted">—</span>;
  return (
    <div className="reasons">
      {memberText && (
        <p>
          <span className="reason-label">{t("ledger.memberReads")}</span> {memberText}
        </p>
      )}
      {note && (
        <p>
          <span className="reason-label">{t("ledger.internalNote")}</span> {note}
        </p>
      )}
    </div>
  );
}
