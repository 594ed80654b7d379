import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import logoUrl from "../../../assets/logo.svg";
import { CrownIcon, GiftIcon, StarIcon } from "../components/icons";
import { Skeleton } from "../components/skeleton";
import { Redirect } from "../components/redirect";
import { useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { ROUTES } from "../routes";
import { isCounterUserAtom, meAtom, sessionAtom } from "../state/session";
import { loadTermsAtom } from "../state/terms";
import { useNativeTitle } from "../components/page-title";

const BENEFITS: { icon: ReactNode; title: MessageKey; detail: MessageKey }[] = [
  { icon: <StarIcon />, title: "onboarding.benefit.points", detail: "onboarding.benefit.pointsDetail" },
  { icon: <GiftIcon />, title: "onboarding.benefit.rewards", detail: "onboarding.benefit.rewardsDetail" },
  { icon: <CrownIcon />, title: "onboarding.benefit.tiers", detail: "onboarding.benefit.tiersDetail" },
];

/**
 * First screen for a shopper who has not joined: who the brand is and why joining pays.
 * On a first visit it paints before the sign-in has finished (app.tsx): the brand's name is not
 * known yet (a skeleton holds its place) and "join" waits for the session, then goes on by itself.
 */
export function OnboardingPage() {
  const t = useT();
  const navigate = useNavigate();
  const me = useAtomValue(meAtom);
  const signingIn = useAtomValue(sessionAtom).status === "loading";
  const isCounter = useAtomValue(isCounterUserAtom);
  // Painted before /me (the first visit's start): where "/" would have gone is decided here.
  const beforeSignIn = useRef(signingIn).current;
  const loadTerms = useSetAtom(loadTermsAtom);
  const [joining, setJoining] = useState(false);
  useNativeTitle(me?.brand.name ?? t("app.name"));
  useEffect(() => {
    // Fetched while the shopper reads the benefits, so the consent screen opens filled in.
    void loadTerms();
  }, [loadTerms]);
  useEffect(() => {
    if (joining && me && !me.user.isMember) navigate(ROUTES.consent);
  }, [joining, me, navigate]);
  // The first visit's welcome was painted before /me: staff go to the counter, members to their card.
  if (beforeSignIn && isCounter) return <Redirect to={ROUTES.staff} />;
  if (me?.user.isMember) return <Redirect to={ROUTES.card} />;

  return (
    // resetScroll off: see CardPage (a just-mounted page is at the top; no forced layout).
    <Page className="page page--with-actions" resetScroll={false}>
      <header className="hero">
        <img className="hero__logo" src={logoUrl} alt="" width={72} height={72} />
        <p className="hero__welcome">{t("onboarding.welcome")}</p>
        {signingIn ? (
          <Skeleton className="skeleton--on-dark" width="60%" height={32} />
        ) : (
          <h1 className="hero__brand">{me?.brand.name ?? t("app.name")}</h1>
        )}
        <p className="hero__lead">{t("onboarding.lead")}</p>
      </header>
      <ul className="benefits">
        {BENEFITS.map((b) => (
          <li key={b.title} className="benefit">
            <span className="benefit__icon">{b.icon}</span>
            <span>
              <strong>{t(b.title)}</strong>
              <small>{t(b.detail)}</small>
            </span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button
          fullWidth
          size="large"
          loading={joining}
          onClick={() => {
            // Before the sign-in has finished: remember the tap, say it is busy, go on once /me is here.
            if (signingIn) setJoining(true);
            else navigate(ROUTES.consent);
          }}
        >
          {t("onboarding.join")}
        </Button>
      </div>
    </Page>
  );
}
