import { useRef, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { ConsoleVoucher, VoucherCancelResponse } from "../../contract/loyalty";
import type { MemberReason } from "../../domain/loyalty/actors";
import { useAuth } from "../auth-context";
import { errorMessageKey, outcomeUnknown, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { newIdempotencyKey } from "../common/idempotency";
import { formatDate } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { NOTE_MAX, NOTE_MIN, noteProblem, ReasonFields } from "./reason-fields";

type Props = {
  voucher: ConsoleVoucher;
  onClose: () => void;
  onDone: (result: VoucherCancelResponse) => void;
  /** The voucher turned out to be used, expired or cancelled meanwhile: reload what is shown. */
  onStale: () => void;
};

/** Codes that mean the page shows an out-of-date voucher. */
const STALE = new Set<ApiError["code"]>(["voucher_used", "voucher_expired", "voucher_cancelled", "voucher_void"]);

/**
 * A manager cancels a member's unused voucher: its points come back to the member (exactly what
 * it cost) and a limited reward gets its unit back. Asks for the internal note and what the
 * member reads, like every correction.
 */
export function CancelVoucherDialog({ voucher, onClose, onDone, onStale }: Props) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const [note, setNote] = useState("");
  const [memberReason, setMemberReason] = useState<MemberReason | null>("voucher_cancelled");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per submission: a retry of the same one after a lost answer replays instead of refunding twice.
  const attempt = useRef<{ key: string; fingerprint: string } | null>(null);

  const submit = async () => {
    if (noteProblem(note)) {
      setNoteError(t("adjust.reasonInvalid", { min: NOTE_MIN, max: NOTE_MAX }));
      return;
    }
    const body = { reason: note.trim(), memberReason };
    const fingerprint = JSON.stringify(body);
    if (attempt.current?.fingerprint !== fingerprint) attempt.current = { key: newIdempotencyKey(), fingerprint };
    setBusy(true);
    setFailure(null);
    try {
      onDone(
        await api.request(loyaltyEndpoints.cancelVoucher, {
          params: { voucherId: voucher.id },
          body: { ...body, idempotencyKey: attempt.current.key },
        }),
      );
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === "idempotency_conflict") attempt.current = null;
      setFailure(apiError);
      setBusy(false);
      if (STALE.has(apiError.code)) onStale();
    }
  };

  return (
    <Dialog
      title={t("cancelVoucher.title")}
      subtitle={t("cancelVoucher.subtitle", { reward: voucher.rewardName, date: formatDate(locale, voucher.issuedAt) })}
      onClose={onClose}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("cancelVoucher.submit")} tone="danger" />}
    >
      <p className="dialog-lead">{t("cancelVoucher.explain")}</p>
      <ReasonFields
        note={note}
        onNote={(value) => {
          setNote(value);
          setNoteError(null);
        }}
        noteError={noteError}
        noteHint={t("cancelVoucher.noteHint")}
        memberReason={memberReason}
        onMemberReason={setMemberReason}
        busy={busy}
      />
      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <div>
            <p>{t(errorMessageKey(failure.code))}</p>
            {outcomeUnknown(failure) && <p className="alert-detail">{t("cancelVoucher.retrySafe")}</p>}
          </div>
        </div>
      )}
    </Dialog>
  );
}
