import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import { PhoneIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { useSuccessToast } from "../components/use-toast";
import { Skeleton } from "../components/skeleton";
import { TextField } from "../components/text-field";
import { errorKey } from "../i18n/error-key";
import { useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { devPhoneToken, requestPhoneToken } from "../platform/phone-number";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { sharePhoneAtom } from "../state/consents";
import { localeAtom } from "../state/locale";
import { meAtom } from "../state/session";
import { loadTermsAtom, termsAtom } from "../state/terms";

/**
 * Optional step after joining. We say why we want the number before Zalo shows its own
 * prompt: Zalo's review rejects Mini Apps whose reason for asking is unclear
 * (docs/zalo.md#sdk-identity). "Để sau" is always one tap away.
 */
export function PhonePage() {
  const t = useT();
  const navigate = useNavigate();
  const toast = useSuccessToast();
  const locale = useAtomValue(localeAtom);
  const terms = useAtomValue(termsAtom);
  const me = useAtomValue(meAtom);
  const sharePhone = useSetAtom(sharePhoneAtom);
  const loadTerms = useSetAtom(loadTermsAtom);
  const [devNumber, setDevNumber] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const devMode = me?.devIdentity === true;

  useEffect(() => {
    void loadTerms();
  }, [loadTerms]);

  async function share() {
    setBusy(true);
    setProblem(null);
    try {
      const phoneToken = await obtainPhoneToken();
      if (!phoneToken) return;
      const phoneMasked = await sharePhone(phoneToken);
      toast(t("phone.saved", { phone: phoneMasked }));
      navigate(ROUTES.card, { replace: true });
    } catch (err) {
      setProblem(errorKey(failureCode(err)));
    } finally {
      setBusy(false);
    }
  }

  /** Zalo's token when there is one; in dev identity mode, the typed test number instead. */
  async function obtainPhoneToken(): Promise<string | null> {
    const result = await requestPhoneToken();
    if (result.kind === "token") return result.token;
    if (result.kind === "denied") {
      setProblem("phone.denied");
      return null;
    }
    if (!devMode) {
      setProblem("phone.unavailable");
      return null;
    }
    const token = devPhoneToken(devNumber);
    if (!token) setProblem("phone.devMissing");
    return token;
  }

  return (
    <Page className="page page--with-actions">
      <PageTitle title={t("phone.heading")} />
      <div className="phone-intro">
        <span className="phone-intro__icon">
          <PhoneIcon size={28} />
        </span>
        <span className="chip">{t("phone.optional")}</span>
      </div>
      {terms.status === "ready" ? (
        <p className="lead-text">{terms.terms.phonePurpose[locale]}</p>
      ) : (
        <div className="stack-8">
          <Skeleton height={18} />
          <Skeleton height={18} width="80%" />
        </div>
      )}
      {devMode && (
        <TextField
          label={t("phone.devLabel")}
          hint={t("phone.devHint")}
          inputMode="tel"
          autoComplete="off"
          placeholder="0912345678"
          value={devNumber}
          onChange={(e) => setDevNumber(e.target.value)}
        />
      )}
      {problem && <Notice tone="error">{t(problem)}</Notice>}
      <div className="actions">
        <Button fullWidth size="large" loading={busy} disabled={busy} onClick={() => void share()}>
          {t("phone.share")}
        </Button>
        <Button fullWidth size="large" variant="tertiary" disabled={busy} onClick={() => navigate(ROUTES.card, { replace: true })}>
          {t("phone.later")}
        </Button>
      </div>
    </Page>
  );
}
