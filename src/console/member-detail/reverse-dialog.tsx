import { formatVnd } from "../../domain/locale/money";
import { useState } from "react";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { LedgerWriteResponse, type LedgerItem } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import type { MemberReason } from "../../domain/loyalty/actors";
import { AlertIcon } from "../shell/icons";
import { NOTE_MAX, NOTE_MIN, noteProblem, ReasonFields } from "./reason-fields";

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
  const [memberReason, setMemberReason] = useState<MemberReason | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (noteProblem(reason)) {
      setReasonError(t("adjust.reasonInvalid", { min: NOTE_MIN, max: NOTE_MAX }));
      return;
    }
    setReasonError(null);
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.request(loyaltyEndpoints.reverse, {
        params: { entryId: entry.id },
        body: { reason: reason.trim(), memberReason },
      });
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
      <ReasonFields
        note={reason}
        onNote={(value) => {
          setReason(value);
          setReasonError(null);
        }}
        noteError={reasonError}
        noteHint={t("reverse.reasonHint")}
        memberReason={memberReason}
        onMemberReason={setMemberReason}
        busy={busy}
      />
      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <p>{t(errorMessageKey(failure.code))}</p>
        </div>
      )}
    </Dialog>
  );
}
