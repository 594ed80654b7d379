import { useAtomValue, useSetAtom } from "jotai";
import { useState } from "react";
import { Button } from "zmp-ui";
import { UploadIcon } from "../../components/icons";
import { useFlushEarnQueue } from "../../components/use-earn-queue";
import { errorKey } from "../../i18n/error-key";
import { useFormatVnd, useT } from "../../i18n/use-t";
import type { FailureCode } from "../../state/api";
import { dismissFailedEarnsAtom, earnQueueAtom } from "../../state/staff";

/** The offline queue at a glance: how many awards wait, and the ones the server refused. */
export function QueueStatus() {
  const t = useT();
  const formatVnd = useFormatVnd();
  const queue = useAtomValue(earnQueueAtom);
  const dismiss = useSetAtom(dismissFailedEarnsAtom);
  const flushQueue = useFlushEarnQueue();
  const [sending, setSending] = useState(false);
  if (queue.pending.length === 0 && queue.failed.length === 0) return null;

  async function sendNow() {
    setSending(true);
    await flushQueue();
    setSending(false);
  }

  return (
    <>
      {queue.pending.length > 0 && (
        <div className="queue-bar" role="status">
          <UploadIcon size={20} />
          <span className="queue-bar__count" data-testid="pending-count">
            {t("queue.pending", { count: queue.pending.length })}
          </span>
          <Button size="small" variant="secondary" loading={sending} disabled={sending} onClick={() => void sendNow()}>
            {t("queue.sendNow")}
          </Button>
        </div>
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
                <span>{t(errorKey(f.code as FailureCode))}</span>
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
