import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import { ConsentCheckbox } from "../components/consent-checkbox";
import { ShieldIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { errorKey } from "../i18n/error-key";
import { useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { enrolAtom } from "../state/card";
import { localeAtom } from "../state/locale";
import { refreshMeAtom } from "../state/session";
import { loadTermsAtom, termsAtom } from "../state/terms";

/**
 * Explicit consent before joining (Decree 13/2023 Art. 11): the purpose and the data used are
 * shown in the shopper's language, the box starts unchecked, and the version they saw is sent
 * with the request so the server can refuse if the terms changed in between.
 */
export function ConsentPage() {
  const t = useT();
  const navigate = useNavigate();
  const locale = useAtomValue(localeAtom);
  const terms = useAtomValue(termsAtom);
  const loadTerms = useSetAtom(loadTermsAtom);
  const enrol = useSetAtom(enrolAtom);
  const refreshMe = useSetAtom(refreshMeAtom);
  const [agreed, setAgreed] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  useEffect(() => {
    void loadTerms();
  }, [loadTerms]);

  async function join(termsVersion: string) {
    setSubmitting(true);
    setProblem(null);
    try {
      const card = await enrol({ termsVersion, locale });
      // isMember changed; routing decisions read it from /me. The card is already on screen
      // data, so a failure here must not block the shopper.
      await refreshMe().catch(() => undefined);
      navigate(card.phoneMasked ? ROUTES.card : ROUTES.phone, { replace: true });
    } catch (err) {
      const code = failureCode(err);
      if (code === "terms_outdated") {
        // New wording: the old tick does not cover it.
        setAgreed(false);
        void loadTerms({ force: true });
        setProblem("consent.termsOutdated");
      } else {
        setProblem(errorKey(code));
      }
      setSubmitting(false);
    }
  }

  return (
    <Page className="page page--with-actions">
      <PageTitle title={t("consent.heading")} back />
      {terms.status === "loading" && (
        <PageSkeleton label={t("common.loading")}>
          <Skeleton width="70%" height={22} />
          <Skeleton height={64} />
          <Skeleton height={120} />
        </PageSkeleton>
      )}
      {terms.status === "error" && (
        <>
          <Notice tone="error">{t("consent.loadError")}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void loadTerms({ force: true })}>
            {t("common.retry")}
          </Button>
        </>
      )}
      {terms.status === "ready" && (
        <>
          <section className="terms" aria-labelledby="terms-title">
            <div className="terms__head">
              <span className="terms__icon">
                <ShieldIcon />
              </span>
              <div>
                <h2 id="terms-title">{terms.terms[locale].title}</h2>
                <p className="muted small">{t("consent.version", { version: terms.terms.version })}</p>
              </div>
            </div>
            <p>{terms.terms[locale].purpose}</p>
            <ul className="terms__points">
              {terms.terms[locale].points.map((point) => (
                <li key={point}>{point}</li>
              ))}
            </ul>
          </section>
          <ConsentCheckbox checked={agreed} onChange={setAgreed} label={terms.terms[locale].agree} />
          {problem && <Notice tone="error">{t(problem)}</Notice>}
          <div className="actions">
            <Button
              fullWidth
              size="large"
              disabled={!agreed || submitting}
              loading={submitting}
              onClick={() => void join(terms.terms.version)}
            >
              {t("consent.submit")}
            </Button>
          </div>
        </>
      )}
    </Page>
  );
}
