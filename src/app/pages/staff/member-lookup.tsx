import { useSetAtom } from "jotai";
import { useState, type FormEvent } from "react";
import { Button } from "zmp-ui";
import type { ScannedMember } from "../../../contract/members";
import { parseMemberLookup } from "../../../domain/loyalty/member-lookup";
import { Notice } from "../../components/notice";
import { TextField } from "../../components/text-field";
import { errorKey } from "../../i18n/error-key";
import { useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { failureCode } from "../../state/api";
import { lookupMemberAtom } from "../../state/staff";

/**
 * When the shopper's QR will not scan: the card number printed on the card or their phone
 * number, and the last three digits of the phone, which the cashier asks the shopper for. The
 * server answers only when both match; the cashier then confirms the name with the shopper.
 */
export function MemberLookupForm({ onFound }: { onFound: (member: ScannedMember, by: "card_number" | "phone") => void }) {
  const t = useT();
  const lookupMember = useSetAtom(lookupMemberAtom);
  const [query, setQuery] = useState("");
  const [last3, setLast3] = useState("");
  const [errors, setErrors] = useState<{ query?: MessageKey; last3?: MessageKey }>({});
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const lookup = parseMemberLookup(query);
    const found: typeof errors = {};
    if (!lookup) found.query = "lookup.queryInvalid";
    if (!/^\d{3}$/.test(last3)) found.last3 = "lookup.last3Invalid";
    setErrors(found);
    setProblem(null);
    if (!lookup || found.last3) return;
    setBusy(true);
    try {
      onFound(await lookupMember({ query: query.trim(), phoneLast3: last3 }), lookup.by);
    } catch (err) {
      setProblem(errorKey(failureCode(err), { member_not_found: "lookup.notFound" }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="earn-form" onSubmit={(e) => void submit(e)} aria-labelledby="lookup-title" noValidate>
      <h2 className="earn-form__title" id="lookup-title">
        {t("lookup.heading")}
      </h2>
      <TextField
        label={t("lookup.query")}
        hint={t("lookup.queryHint")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        error={errors.query ? t(errors.query) : null}
      />
      <TextField
        label={t("lookup.last3")}
        value={last3}
        onChange={(e) => setLast3(e.target.value.trim())}
        inputMode="numeric"
        autoComplete="off"
        maxLength={3}
        error={errors.last3 ? t(errors.last3) : null}
      />
      {problem && <Notice tone="error">{t(problem)}</Notice>}
      <Button htmlType="submit" fullWidth variant="secondary" loading={busy} disabled={busy}>
        {t("lookup.submit")}
      </Button>
    </form>
  );
}
