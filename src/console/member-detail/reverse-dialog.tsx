import { formatVnd } from "../../domain/locale/money";
import { useState } from "react";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { LedgerWriteResponse, type LedgerItem } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";

const REASON_MIN = 3;
const REASON_MAX = 200;

type Props = {
  entry: LedgerItem;
  onClose: () => void;
  onDone: (result: z.infer<typeof LedgerWriteResponse>) => void;
  /** The entry turned out to be reversed already (e.g. by a colleague): reload what is shown. */
  onStale: () => void;
};

/**
 * Confirms reversing a mistaken earn. Says exactly what will happen (points back out, bill out
 * of the tier spend) and asks why, for the audit trail.
 */
export function ReverseEntryDialog({ entry, onClose, onDone, onStale }: Props) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const length = reason.trim().length;
    if (length < REASON_MIN || length > REASON_MAX) {
      setReasonError(t("adjust.reasonInvalid", { min: REASON_MIN, max: REASON_MAX }));
      return;
    }
    setReasonError(null);
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.request(loyaltyEndpoints.reverse, { params: { entryId: entry.id }, body: { reason: reason.trim() } });
      onDone(result);
    } catch (error) {
      const apiError = toApiError(error);
      setFailure(apiError);
      setBusy(false);
      if (apiError.code === "already_reversed" || apiError.code === "not_reversible") onStale();
    }
  };

  return (
    <Dialog
      title={t("reverse.title")}
      onClose={onClose}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("reverse.submit")} tone="danger" />}
    >
      <p className="dialog-lead">{t("reverse.explain", { points: formatNumber(locale, entry.points) })}</p>
      <dl className="entry-facts">
        <div>
          <dt>{t("ledger.col.time")}</dt>
          <dd>{formatDateTime(locale, entry.occurredAt)}</dd>
        </div>
        <div>
          <dt>{t("ledger.col.store")}</dt>
          <dd>{entry.storeName ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("ledger.col.receipt")}</dt>
          <dd className="mono">{entry.receiptNo ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("ledger.col.bill")}</dt>
          <dd>{entry.billVnd === null ? "—" : formatVnd(locale, entry.billVnd)}</dd>
        </div>
      </dl>
      <Field label={t("reverse.reason")} hint={t("reverse.reasonHint")} error={reasonError}>
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            rows={3}
            maxLength={REASON_MAX + 20}
            value={reason}
            disabled={busy}
            onChange={(event) => {
              setReason(event.target.value);
              setReasonError(null);
            }}
          />
        )}
      </Field>
      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <p>{t(errorMessageKey(failure.code))}</p>
        </div>
      )}
    </Dialog>
  );
}
