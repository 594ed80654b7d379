import { useAtomValue } from "jotai";
import type { ReactNode } from "react";
import { Button } from "zmp-ui";
import type { EarnResponse, UseVoucherResponse } from "../../../contract/loyalty";
import { AlertIcon, CheckCircleIcon, UploadIcon } from "../../components/icons";
import { useFormatClock, useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { earnKey, type QueuedEarn } from "../../state/earn-queue";
import { earnQueueAtom } from "../../state/staff";

/** When, by whom and for how many points a receipt was already credited. */
export type EarlierCredit = { receipt: string | null; at: string | null; staff: string | null; points: number | null };

/**
 * A receipt that had already earned: never the green success. Amber, with an alert icon, and
 * the facts the cashier needs to settle it with the shopper ("already credited at 10:47 by Lan,
 * 125 points").
 */
export function ReceiptAlreadyCredited({ earlier, children }: { earlier: EarlierCredit; children?: ReactNode }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const formatClock = useFormatClock();
  const params = {
    receipt: earlier.receipt ?? "",
    time: earlier.at ? formatClock(earlier.at) : "",
    staff: earlier.staff ?? "",
    points: earlier.points === null ? "" : formatNumber(earlier.points),
  };
  const detail: MessageKey | null = earlier.at === null ? null : earlier.staff ? "earn.alreadyCreditedBy" : "earn.alreadyCreditedAt";
  return (
    <section className="result result--repeat" role="alert" aria-labelledby="earn-repeat-title" data-testid="receipt-repeat">
      <AlertIcon size={32} />
      <h2 className="result__title" id="earn-repeat-title">
        {t("earn.alreadyCreditedTitle", params)}
      </h2>
      {detail && <p className="result__line">{t(detail, params)}</p>}
      {children}
    </section>
  );
}

/** Points awarded (or, for a receipt sent again, what it had already earned). */
export function EarnDone({ response, receipt, onNext }: { response: EarnResponse; receipt?: string; onNext: () => void }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  if (response.replayed) {
    const earlier = {
      receipt: receipt ?? null,
      at: response.earlier?.at ?? null,
      staff: response.earlier?.staffName ?? null,
      points: response.points,
    };
    return (
      <ReceiptAlreadyCredited earlier={earlier}>
        <p className="muted small">{t("earn.replayed", { name: response.displayName })}</p>
        <Button fullWidth variant="secondary" onClick={onNext}>
          {t("earn.next")}
        </Button>
      </ReceiptAlreadyCredited>
    );
  }
  return (
    <section className="result result--success" role="status" aria-labelledby="earn-done-title">
      <CheckCircleIcon size={32} />
      <h2 className="result__title" id="earn-done-title" data-testid="earn-confirmation">
        {t("earn.done", { points: formatNumber(response.points), name: response.displayName })}
      </h2>
      <p className="result__line">{t("earn.newBalance", { points: formatNumber(response.balance) })}</p>
      {response.tierChanged && (
        <p className="result__line result__line--strong">{t("earn.tierUp", { tier: t(`tier.${response.tier}`) })}</p>
      )}
      <Button fullWidth variant="secondary" onClick={onNext}>
        {t("earn.next")}
      </Button>
    </section>
  );
}

/** No network: the award waits in the queue (and says when it went). */
export function EarnQueued({ item, added, onNext }: { item: QueuedEarn; added: boolean; onNext: () => void }) {
  const t = useT();
  const formatVnd = useFormatVnd();
  const queue = useAtomValue(earnQueueAtom);
  const key = earnKey(item);
  // Once the network is back the queue sends it; say so rather than leave "saved" on screen.
  const sent = !queue.pending.some((p) => earnKey(p) === key) && !queue.failed.some((f) => earnKey(f) === key);
  return (
    <section className={`result ${sent ? "result--success" : "result--queued"}`} role="status" aria-labelledby="earn-queued-title">
      {sent ? <CheckCircleIcon size={32} /> : <UploadIcon size={32} />}
      <h2 className="result__title" id="earn-queued-title">
        {sent ? t("earn.queuedSent", { receipt: item.receiptNo }) : t("earn.queued")}
      </h2>
      <p className="result__line">{t("earn.queuedDetail", { receipt: item.receiptNo, amount: formatVnd(item.billVnd) })}</p>
      {!added && !sent && <p className="muted small">{t("earn.alreadyQueued", { receipt: item.receiptNo })}</p>}
      <Button fullWidth variant="secondary" onClick={onNext}>
        {t("earn.next")}
      </Button>
    </section>
  );
}

/** A voucher accepted at the till. */
export function VoucherUsed({ result, onDone }: { result: UseVoucherResponse; onDone: () => void }) {
  const t = useT();
  return (
    <section className="result result--success" role="status" aria-labelledby="voucher-used-title">
      <CheckCircleIcon size={32} />
      <h2 className="result__title" id="voucher-used-title" data-testid="voucher-use-result">
        {t("voucherUse.done", { reward: result.rewardName, member: result.memberName })}
      </h2>
      <p className="result__line result__code">{t("voucherUse.code", { code: result.code })}</p>
      <Button fullWidth variant="secondary" onClick={onDone}>
        {t("common.done")}
      </Button>
    </section>
  );
}
