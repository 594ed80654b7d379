import { useAtomValue, useSetAtom } from "jotai";
import { useState } from "react";
import { Button } from "zmp-ui";
import { UploadIcon } from "../../components/icons";
import { useFlushEarnQueue } from "../../components/use-earn-queue";
import { errorKey } from "../../i18n/error-key";
import { useFormatClock, useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import type { FailureCode } from "../../state/api";
import type { FailedEarn } from "../../state/earn-queue";
import { dismissFailedEarnsAtom, earnQueueAtom, recentlySentAtom } from "../../state/staff";

/** Why the server refused a queued award, with when/by whom for a receipt already credited. */
function FailureReason({ failed }: { failed: FailedEarn }) {
  const t = useT();
  const formatClock = useFormatClock();
  const formatNumber = useFormatNumber();
  const p = failed.params ?? {};
  if (failed.code === "receipt_already_used" && typeof p.at === "string") {
    const params = {
      time: formatClock(p.at),
      staff: String(p.staff ?? ""),
      points: typeof p.points === "number" ? formatNumber(p.points) : "",
    };
    return <span>{t(p.staff ? "earn.alreadyCreditedBy" : "earn.alreadyCreditedAt", params)}</span>;
  }
  return <span>{t(errorKey(failed.code as FailureCode, { qr_already_used: "earn.codeUsed" }))}</span>;
}

/**
 * The offline queue at a glance: which awards wait (receipt, amount, member), what the last
 * sends did (points credited, or already credited before), and the ones the server refused.
 */
export function QueueStatus() {
  const t = useT();
  const formatVnd = useFormatVnd();
  const formatNumber = useFormatNumber();
  const queue = useAtomValue(earnQueueAtom);
  const sent = useAtomValue(recentlySentAtom);
  const forgetSent = useSetAtom(recentlySentAtom);
  const dismiss = useSetAtom(dismissFailedEarnsAtom);
  const flushQueue = useFlushEarnQueue();
  const [sending, setSending] = useState(false);
  if (queue.pending.length === 0 && queue.failed.length === 0 && sent.length === 0) return null;

  async function sendNow() {
    setSending(true);
    await flushQueue();
    setSending(false);
  }

  return (
    <>
      {queue.pending.length > 0 && (
        <section className="queue-bar" aria-labelledby="queue-waiting-title">
          <div className="queue-bar__head" role="status">
            <UploadIcon size={20} />
            <span className="queue-bar__count" id="queue-waiting-title" data-testid="pending-count">
              {t("queue.pending", { count: queue.pending.length })}
            </span>
            <Button size="small" variant="secondary" loading={sending} disabled={sending} onClick={() => void sendNow()}>
              {t("queue.sendNow")}
            </Button>
          </div>
          <ul className="queue-bar__list" data-testid="pending-list">
            {queue.pending.map((p) => (
              <li key={`${p.storeId}:${p.receiptNo}`}>
                {t("queue.waitingItem", {
                  receipt: p.receiptNo,
                  amount: formatVnd(p.billVnd),
                  name: p.memberName ?? t("queue.unknownMember"),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {sent.length > 0 && (
        <section className="queue-sent" role="status" aria-labelledby="queue-sent-title">
          <h2 className="queue-sent__title" id="queue-sent-title">
            {t("queue.sentTitle")}
          </h2>
          <ul>
            {sent.map((s) => (
              <li key={s.receiptNo} className={s.replayed ? "queue-sent__repeat" : undefined}>
                {s.replayed
                  ? t("queue.sentRepeat", { receipt: s.receiptNo })
                  : t("queue.sentItem", { receipt: s.receiptNo, points: formatNumber(s.points), name: s.name })}
              </li>
            ))}
          </ul>
          <Button size="small" variant="secondary" onClick={() => forgetSent()}>
            {t("queue.dismiss")}
          </Button>
        </section>
      )}
      {queue.failed.length > 0 && (
        <section className="queue-failed" role="alert" aria-labelledby="queue-failed-title">
          <h2 className="queue-failed__title" id="queue-failed-title">
            {t("queue.failedTitle")}
          </h2>
          <ul>
            {queue.failed.map((f) => (
              <li key={`${f.storeId}:${f.receiptNo}`}>
                <strong>{t("queue.failedItem", { receipt: f.receiptNo, amount: formatVnd(f.billVnd) })}</strong>
                <FailureReason failed={f} />
              </li>
            ))}
          </ul>
          <Button size="small" variant="secondary" onClick={() => dismiss()}>
            {t("queue.dismiss")}
          </Button>
        </section>
      )}
    </>
  );
}
