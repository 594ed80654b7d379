import { useState } from "react";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { ADJUST_MAX_POINTS, LedgerWriteResponse } from "../../contract/loyalty";
import type { MemberReason } from "../../domain/loyalty/actors";
import { errorMessageKey, outcomeUnknown, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { newIdempotencyKey } from "../common/idempotency";
import { useAuth } from "../auth-context";
import { formatNumber } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { NOTE_MAX, NOTE_MIN, noteProblem, ReasonFields } from "./reason-fields";

type Direction = "add" | "subtract";
type Errors = { amount?: string; reason?: string };

/** The idempotency key of a submission and what it carried. */
export type AdjustAttempt = { key: string; fingerprint: string };

type Props = {
  memberId: string;
  /**
   * Owned by the page, so it outlives the dialog: if the answer to a submission was lost and
   * the user closes the dialog and enters the same adjustment again, it is still the same
   * submission and goes with the same key.
   */
  attempt: { current: AdjustAttempt | null };
  memberName: string;
  balance: number;
  onClose: () => void;
  onDone: (result: z.infer<typeof LedgerWriteResponse>) => void;
};

/**
 * A whole number of points: digits, or digits grouped by thousands the way people type them
 * ("1.000", "1,000", "1 000"). Anything else — "12.5", "12,5", "-5", "1e12" — is refused
 * rather than reinterpreted: stripping the separator of "12.5" would post 125 points.
 */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}([.,\s]\d{3})*$/.test(trimmed) && !/^\d{1,9}$/.test(trimmed)) return null;
  // One kind of separator only: "1.000,000" is not a number anyone means.
  const separators = new Set(trimmed.replace(/\d/g, ""));
  if (separators.size > 1) return null;
  return Number(trimmed.replace(/[.,\s]/g, ""));
}

export function AdjustPointsDialog({ memberId, attempt, memberName, balance, onClose, onDone }: Props) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const n = (value: number) => formatNumber(locale, value);
  const [direction, setDirection] = useState<Direction>("add");
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState("");
  const [memberReason, setMemberReason] = useState<MemberReason | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const amount = parseAmount(amountText);
  const signed = amount === null ? null : direction === "add" ? amount : -amount;

  const validate = (): Errors => {
    const next: Errors = {};
    if (amount === null || amount < 1 || amount > ADJUST_MAX_POINTS) {
      next.amount = t("adjust.amountInvalid", { max: n(ADJUST_MAX_POINTS) });
    } else if (direction === "subtract" && amount > balance) {
      next.amount = t("adjust.amountOverBalance", { balance: n(balance) });
    }
    if (noteProblem(reason)) next.reason = t("adjust.reasonInvalid", { min: NOTE_MIN, max: NOTE_MAX });
    return next;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (found.amount || found.reason || signed === null) return;
    const body = { points: signed, reason: reason.trim(), memberReason };
    // One idempotency key per submission: kept while the user retries the same points and
    // reason (after a lost answer the server then replays instead of posting twice), replaced
    // as soon as they submit something different.
    const fingerprint = JSON.stringify({ memberId, ...body });
    if (attempt.current?.fingerprint !== fingerprint) attempt.current = { key: newIdempotencyKey(), fingerprint };
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.request(loyaltyEndpoints.adjust, {
        params: { memberId },
        body: { ...body, idempotencyKey: attempt.current.key },
      });
      attempt.current = null;
      onDone(result);
    } catch (error) {
      const apiError = toApiError(error);
      // The key is spoken for by another request: this submission needs a fresh one.
      if (apiError.code === "idempotency_conflict") attempt.current = null;
      setFailure(apiError);
      setBusy(false);
    }
  };

  const failureKey: MessageKey | null = failure ? errorMessageKey(failure.code) : null;

  return (
    <Dialog
      title={t("adjust.title")}
      subtitle={t("adjust.subtitle", { name: memberName, balance: n(balance) })}
      onClose={onClose}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("adjust.submit")} />}
    >
      <fieldset className="segmented">
        <legend className="field-label">{t("adjust.direction")}</legend>
        {(["add", "subtract"] as const).map((value) => (
          <label key={value} className="segmented-option">
            <input
              type="radio"
              name="direction"
              value={value}
              checked={direction === value}
              onChange={() => {
                setDirection(value);
                setErrors(({ amount: _gone, ...rest }) => rest);
              }}
              disabled={busy}
            />
            <span>{t(value === "add" ? "adjust.add" : "adjust.subtract")}</span>
          </label>
        ))}
      </fieldset>

      <Field
        label={t("adjust.amount")}
        hint={
          // The preview only for a possible result; below zero the error says why instead.
          signed !== null && amount !== null && amount > 0 && balance + signed >= 0
            ? t("adjust.preview", { balance: n(balance + signed) })
            : t("adjust.amountHint")
        }
        error={errors.amount}
      >
        {(control) => (
          <input
            {...control}
            className="input input-lg"
            inputMode="numeric"
            autoComplete="off"
            value={amountText}
            disabled={busy}
            onChange={(event) => {
              setAmountText(event.target.value);
              setErrors(({ amount: _gone, ...rest }) => rest);
            }}
          />
        )}
      </Field>

      <ReasonFields
        note={reason}
        onNote={(value) => {
          setReason(value);
          setErrors(({ reason: _gone, ...rest }) => rest);
        }}
        noteError={errors.reason}
        noteHint={t("adjust.reasonHint", { count: reason.trim().length, max: NOTE_MAX })}
        memberReason={memberReason}
        onMemberReason={setMemberReason}
        busy={busy}
      />

      {failure && failureKey && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <div>
            <p>{t(failureKey)}</p>
            {outcomeUnknown(failure) && <p className="alert-detail">{t("adjust.retrySafe")}</p>}
          </div>
        </div>
      )}
    </Dialog>
  );
}
