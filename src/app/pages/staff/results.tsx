import { useAtomValue } from "jotai";
import { Button } from "zmp-ui";
import type { EarnResponse, UseVoucherResponse } from "../../../contract/loyalty";
import { CheckCircleIcon, UploadIcon } from "../../components/icons";
import { useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import { earnKey, type QueuedEarn } from "../../state/earn-queue";
import { earnQueueAtom } from "../../state/staff";

/** Points awarded. */
export function EarnDone({ response, onNext }: { response: EarnResponse; onNext: () => void }) {
  const t = useT();
  const formatNumber = useFormatNumber();
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
      {response.replayed && <p className="muted small">{t("earn.replayed")}</p>}
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
