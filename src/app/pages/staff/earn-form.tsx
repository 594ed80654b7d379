import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "zmp-ui";
import { RECEIPT_NO_MAX_LENGTH } from "../../../domain/loyalty/earn";
import { Notice } from "../../components/notice";
import { TextField } from "../../components/text-field";
import { errorKey } from "../../i18n/error-key";
import { useFormatNumber, useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { failureCode } from "../../state/api";
import { staffStoreAtom, submitEarnAtom, type EarnOutcome, type MemberScan } from "../../state/staff";
import { billDigits, checkEarnForm, type EarnFormErrors } from "./draft";

/**
 * "Tích điểm": the bill in whole đồng (digits only, grouped as typed), the receipt number (the
 * server's idempotency key per store, so a double tap or a retry never pays twice).
 */
export function EarnForm({
  scan,
  memberName,
  onOutcome,
}: {
  scan: MemberScan;
  memberName: string | null;
  onOutcome: (o: EarnOutcome) => void;
}) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const store = useAtomValue(staffStoreAtom);
  const submitEarn = useSetAtom(submitEarnAtom);
  const [bill, setBill] = useState("");
  const [receipt, setReceipt] = useState("");
  const [errors, setErrors] = useState<EarnFormErrors>({});
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The member was just verified: the next thing to do is type the bill, so bring the member
  // (the block just above) and the form up to the top of the screen.
  useEffect(() => {
    const target = form.current?.previousElementSibling ?? form.current;
    target?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!store || busy) return;
    const receiptNo = receipt.trim();
    const billVnd = Number(bill);
    const found = checkEarnForm(bill, receiptNo);
    setErrors(found);
    setProblem(null);
    if (found.bill || found.receipt) return;
    setBusy(true);
    try {
      onOutcome(await submitEarn({ storeId: store.id, receiptNo, billVnd, scan, memberName }));
    } catch (err) {
      setProblem(errorKey(failureCode(err)));
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="earn-form" onSubmit={(e) => void submit(e)} aria-labelledby="earn-title" noValidate>
      <h2 className="earn-form__title" id="earn-title">
        {t("earn.heading")}
      </h2>
      <TextField
        label={t("earn.bill")}
        value={bill ? formatNumber(Number(bill)) : ""}
        onChange={(e) => setBill(billDigits(e.target.value))}
        inputMode="numeric"
        autoComplete="off"
        enterKeyHint="next"
        placeholder="0"
        error={errors.bill ? t(errors.bill) : null}
        className="text-field--amount"
      />
      <TextField
        label={t("earn.receipt")}
        value={receipt}
        onChange={(e) => setReceipt(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={RECEIPT_NO_MAX_LENGTH}
        enterKeyHint="done"
        error={errors.receipt ? t(errors.receipt) : null}
      />
      {problem && <Notice tone="error">{t(problem)}</Notice>}
      <Button htmlType="submit" fullWidth size="large" loading={busy} disabled={busy || !store}>
        {t("earn.submit")}
      </Button>
    </form>
  );
}
