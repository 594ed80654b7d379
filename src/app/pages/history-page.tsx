import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState } from "react";
import { Button, Page } from "zmp-ui";
import type { LedgerItem } from "../../contract/loyalty";
import { EmptyState } from "../components/empty-state";
import { ClockIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { errorKey } from "../i18n/error-key";
import { ledgerLabel, memberReasonText, reasonText } from "../i18n/ledger-labels";
import { useFormatDateTime, useFormatNumber, useFormatVnd, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { failureCode } from "../state/api";
import { ledgerAtom, loadLedgerAtom, loadMoreLedgerAtom } from "../state/history";
import { localeAtom } from "../state/locale";

/** "Lịch sử điểm": every points movement, newest first, a page at a time. */
export function HistoryPage() {
  const t = useT();
  const ledger = useAtomValue(ledgerAtom);
  const loadFirst = useSetAtom(loadLedgerAtom);
  const loadNext = useSetAtom(loadMoreLedgerAtom);
  const [more, setMore] = useState<"idle" | "loading" | MessageKey>("idle");

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  async function loadMore() {
    setMore("loading");
    try {
      await loadNext();
      setMore("idle");
    } catch (err) {
      setMore(errorKey(failureCode(err)));
    }
  }

  return (
    <Page className="page">
      <PageTitle title={t("history.heading")} back />
      {ledger.status === "loading" && <HistorySkeleton label={t("common.loading")} />}
      {ledger.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(errorKey(ledger.code) === "error.generic" ? "history.loadError" : errorKey(ledger.code))}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void loadFirst()}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {ledger.status === "ready" && ledger.data.items.length === 0 && (
        <EmptyState icon={<ClockIcon size={28} />} title={t("history.empty")} hint={t("history.emptyHint")} />
      )}
      {ledger.status === "ready" && ledger.data.items.length > 0 && (
        <>
          <ol className="ledger" aria-label={t("history.heading")}>
            {ledger.data.items.map((item) => (
              <LedgerRow key={item.id} item={item} />
            ))}
          </ol>
          {more !== "idle" && more !== "loading" && <Notice tone="error">{t(more)}</Notice>}
          {ledger.data.nextCursor && (
            <Button
              variant="secondary"
              fullWidth
              loading={more === "loading"}
              disabled={more === "loading"}
              onClick={() => void loadMore()}
            >
              {t("history.more")}
            </Button>
          )}
        </>
      )}
    </Page>
  );
}

function LedgerRow({ item }: { item: LedgerItem }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const formatVnd = useFormatVnd();
  const formatDateTime = useFormatDateTime();
  const locale = useAtomValue(localeAtom);
  const sign = item.points > 0 ? "+" : item.points < 0 ? "−" : "";
  const tone = item.points > 0 ? "plus" : item.points < 0 ? "minus" : "zero";
  // Bonus and game prizes carry their reason (the campaign) as a second line; a reversal or a
  // refund the sentence the manager chose for the member, if any.
  const detail =
    item.kind === "earn" && item.receiptNo
      ? [t("history.receipt", { receipt: item.receiptNo }), item.billVnd !== null ? formatVnd(item.billVnd) : null]
          .filter(Boolean)
          .join(" · ")
      : item.kind === "bonus" || item.kind === "game_prize"
        ? reasonText(t, item.reason)
        : item.kind === "reversal" || item.kind === "refund"
          ? memberReasonText(item, locale)
          : null;

  return (
    <li className={`ledger__row ${item.reversed ? "ledger__row--reversed" : ""}`} data-kind={item.kind}>
      <div className="ledger__main">
        <p className="ledger__label">{ledgerLabel(t, item, locale)}</p>
        {detail && <p className="ledger__detail">{detail}</p>}
        <p className="ledger__date">
          <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt)}</time>
          {item.reversed && <span className="chip chip--muted">{t("history.reversed")}</span>}
        </p>
      </div>
      <div className="ledger__figures">
        <strong className={`ledger__points ledger__points--${tone}`}>
          {sign}
          {formatNumber(Math.abs(item.points))}
        </strong>
        <span className="ledger__balance">{t("history.balanceAfter", { points: formatNumber(item.balanceAfter) })}</span>
      </div>
    </li>
  );
}

function HistorySkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="ledger__row ledger__row--skeleton">
          <div className="ledger__main stack-8">
            <Skeleton width="70%" height={16} />
            <Skeleton width="45%" height={12} />
          </div>
          <div className="ledger__figures stack-8">
            <Skeleton width={48} height={18} />
            <Skeleton width={64} height={12} />
          </div>
        </div>
      ))}
    </PageSkeleton>
  );
}
