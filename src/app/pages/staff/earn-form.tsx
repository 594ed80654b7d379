import { useAtom, useAtomValue, useSetAtom } from "jotai";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "zmp-ui";
import { RECEIPT_NO_MAX_LENGTH } from "../../../domain/loyalty/earn";
import { Notice } from "../../components/notice";
import { TextField } from "../../components/text-field";
import { errorKey } from "../../i18n/error-key";
import { useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import { failureCode, failureParams } from "../../state/api";
import { staffStoreAtom, submitEarnAtom, type EarnOutcome, type MemberScan } from "../../state/staff";
import { earnDraftAtom, scanKeyOf } from "./counter-state";
import { checkEarnForm, type EarnFormErrors, type FormMessage } from "./draft";
import { ReceiptAlreadyCredited, type EarlierCredit } from "./results";

/** What the server said about a bill it did not credit. */
type Refused = { kind: "message"; message: FormMessage } | { kind: "repeat"; earlier: EarlierCredit };

/** A refusal as the form shows it: a receipt already credited gets its own state, limits are named. */
function refusedAs(err: unknown, receipt: string): Refused {
  const code = failureCode(err);
  const params = failureParams(err);
  if (code === "receipt_already_used") {
    const at = typeof params.at === "string" ? params.at : null;
    const staff = typeof params.staff === "string" ? params.staff : null;
    const points = typeof params.points === "number" ? params.points : null;
    return { kind: "repeat", earlier: { receipt, at, staff, points } };
  }
  if (code === "bill_too_large" && typeof params.max === "number")
    return { kind: "message", message: { key: "earn.billTooLarge", params: { max: params.max } } };
  if (code === "bill_too_small" && typeof params.min === "number")
    return { kind: "message", message: { key: "earn.billTooSmall", params: { min: params.min } } };
  return { kind: "message", message: { key: errorKey(code, { qr_already_used: "earn.codeUsed" }) } };
}

/**
 * "Tích điểm": the bill in whole đồng (read exactly as typed; grouped when the field is left),
 * the receipt number (the server's idempotency key per store, so a double tap or a retry never
 * pays twice). What is typed is kept with the scan (counter-state.ts), so switching tabs and
 * coming back finds it.
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
  const formatVnd = useFormatVnd();
  const store = useAtomValue(staffStoreAtom);
  const submitEarn = useSetAtom(submitEarnAtom);
  const scanKey = scanKeyOf(scan);
  const [saved, saveDraft] = useAtom(earnDraftAtom);
  const draft = saved.scanKey === scanKey ? saved : { bill: "", receipt: "" };
  const setDraft = (change: Partial<{ bill: string; receipt: string }>) => saveDraft({ ...draft, ...change, scanKey });
  const [errors, setErrors] = useState<EarnFormErrors>({});
  const [refused, setRefused] = useState<Refused | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The member was just verified: the next thing to do is type the bill, so bring the member
  // (the block just above) and the form up to the top of the screen.
  useEffect(() => {
    const target = form.current?.previousElementSibling ?? form.current;
    target?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, []);

  // Messages under the fields push the button down: on a 360×640 phone it ended up behind the
  // bottom navigation. Bring it (and what is just above it) back into view; its scroll margin
  // (app.css) leaves room for the navigation.
  useEffect(() => {
    if (!errors.bill && !errors.receipt && !refused) return;
    form.current?.querySelector("button[type='submit']")?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
  }, [errors, refused]);

  const say = (m: FormMessage) =>
    t(m.key, m.params && Object.fromEntries(Object.entries(m.params).map(([name, vnd]) => [name, formatVnd(vnd)])));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!store || busy) return;
    const receiptNo = draft.receipt.trim();
    const checked = checkEarnForm(draft.bill, receiptNo);
    setErrors(checked.errors);
    setRefused(null);
    if (checked.billVnd === null || checked.errors.receipt) return;
    setBusy(true);
    try {
      const outcome = await submitEarn({ storeId: store.id, receiptNo, billVnd: checked.billVnd, scan, memberName });
      saveDraft({ bill: "", receipt: "", scanKey });
      onOutcome(outcome);
    } catch (err) {
      setRefused(refusedAs(err, receiptNo));
      setBusy(false);
    }
  }

  /** Grouped for reading once the cashier leaves the field, only if it reads as exactly that number. */
  function groupBill() {
    const read = checkEarnForm(draft.bill, "x").billVnd;
    if (read !== null) setDraft({ bill: formatNumber(read) });
  }

  return (
    <form ref={form} className="earn-form" onSubmit={(e) => void submit(e)} aria-labelledby="earn-title" noValidate>
      <h2 className="earn-form__title" id="earn-title">
        {t("earn.heading")}
      </h2>
      <TextField
        label={t("earn.bill")}
        value={draft.bill}
        onChange={(e) => setDraft({ bill: e.target.value })}
        onBlur={groupBill}
        inputMode="numeric"
        autoComplete="off"
        enterKeyHint="next"
        placeholder="0"
        error={errors.bill ? say(errors.bill) : null}
        className="text-field--amount"
      />
      <TextField
        label={t("earn.receipt")}
        value={draft.receipt}
        onChange={(e) => setDraft({ receipt: e.target.value })}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={RECEIPT_NO_MAX_LENGTH}
        enterKeyHint="done"
        error={errors.receipt ? t(errors.receipt) : null}
      />
      {refused?.kind === "message" && <Notice tone="error">{say(refused.message)}</Notice>}
      {refused?.kind === "repeat" && <ReceiptAlreadyCredited earlier={refused.earlier} />}
      <Button htmlType="submit" fullWidth size="large" loading={busy} disabled={busy || !store}>
        {t("earn.submit")}
      </Button>
    </form>
  );
}
