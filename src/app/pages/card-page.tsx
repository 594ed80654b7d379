import { useAtomValue, useSetAtom } from "jotai";
import { lazy, Suspense, useEffect, useRef } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import { PhoneIcon } from "../components/icons";
import { MemberAvatar } from "../components/member-avatar";
import { MemberSummaryPanel } from "../components/member-summary";
import { useNativeTitle } from "../components/page-title";
import { Notice } from "../components/notice";
import { Redirect } from "../components/redirect";
import { useAfterFirstPaint } from "../components/use-after-first-paint";
import { usePageEntry } from "../components/use-page-entry";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { TierBadge } from "../components/tier-badge";
import { useBalanceWatch, usePointsGain } from "../components/use-balance-watch";
import { errorKey } from "../i18n/error-key";
import { useFormatNumber, useT } from "../i18n/use-t";
import { ROUTES } from "../routes";
import { cardAtom, loadCardAtom } from "../state/card";
import { localeAtom } from "../state/locale";
import { meAtom, refreshMeAtom } from "../state/session";
import { loadSummaryAtom, summaryAtom } from "../state/summary";

/**
 * The QR's encoder (qrcode) and HMAC (@noble/hashes) are a chunk of their own, fetched as soon
 * as the card is about to show: the card's name, tier and points paint first, the code a moment
 * later in the square the skeleton keeps for it (docs/decisions/0019-mini-app-code-splitting.md).
 */
const loadMemberQr = () => import("../components/member-qr");
const MemberQr = lazy(() => loadMemberQr().then((m) => ({ default: m.MemberQr })));

/**
 * The in-app survey prompt (issue 13) is a chunk of its own too, loaded once the card is on
 * screen: it reads the member's open surveys itself, so the card never waits for them.
 */
const SurveyPrompt = lazy(() => import("./survey/survey-prompt").then((m) => ({ default: m.SurveyPrompt })));

/** Starts fetching the QR chunk early (the start screen knows a member is about to see the card). */
export function preloadMemberQr() {
  void loadMemberQr().catch(() => undefined);
}

/** Home: the member card with the rotating QR that staff scan at the till. */
export function CardPage() {
  const t = useT();
  const navigate = useNavigate();
  const formatNumber = useFormatNumber();
  const state = useAtomValue(cardAtom);
  const loadCard = useSetAtom(loadCardAtom);
  const me = useAtomValue(meAtom);
  const refreshMe = useSetAtom(refreshMeAtom);
  const summary = useAtomValue(summaryAtom);
  const loadSummary = useSetAtom(loadSummaryAtom);
  const locale = useAtomValue(localeAtom);
  // The survey prompt's chunk is fetched once the card has painted (platform/after-paint.ts).
  const painted = useAfterFirstPaint();
  useNativeTitle(me?.brand.name ?? t("app.name"));

  // Arriving on the card, or coming back to the Mini App, is when points may have changed and
  // the network returned.
  usePageEntry(() => {
    void loadCard();
    void loadSummary();
  });

  // At the counter the cashier is about to credit them: keep the balance fresh while the QR
  // is shown, and celebrate what was just added.
  useBalanceWatch(() => void loadSummary(), state.status === "ready");
  const gain = usePointsGain(
    summary.status === "ready" ? summary.summary.balance : null,
    state.status === "ready" ? state.card.memberId : null,
  );

  // The summary speaks the UI language (tier names, rules): read it again when that changes.
  const lastLocale = useRef(locale);
  useEffect(() => {
    if (lastLocale.current === locale) return;
    lastLocale.current = locale;
    void loadSummary();
  }, [loadSummary, locale]);

  // The server says this user has no card (e.g. their data was deleted): /me is stale, so
  // re-read it; once it agrees, onboarding takes over. Until then the error below shows.
  useEffect(() => {
    if (state.status === "notMember") void refreshMe().catch(() => undefined);
  }, [state.status, refreshMe]);

  if (state.status === "notMember" && !me?.user.isMember) return <Redirect to={ROUTES.onboarding} />;
  const failed = state.status === "error" || state.status === "notMember";
  // The summary is fresher than the card (it is re-read after every redemption); the cached
  // card's figures stand in while it loads or when offline.
  const fresh = summary.status === "ready" ? summary.summary : null;

  return (
    // resetScroll off: a page just mounted is at the top already, and zmp-ui's scrollTo(0, 0)
    // in a layout effect forces a layout in the middle of the first render (issue 12 profile).
    <Page className="page page--tab" resetScroll={false}>
      {state.status === "loading" && <CardSkeleton label={t("common.loading")} />}
      {failed && (
        <div className="stack-12">
          <Notice tone="error">{t(state.status === "error" && state.code === "network" ? errorKey(state.code) : "card.loadError")}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void loadCard()}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {state.status === "ready" && (
        <>
          <article className="loyalty-card" aria-label={me?.brand.name ?? t("app.name")}>
            <div className="loyalty-card__top">
              <span className="loyalty-card__brand">{me?.brand.name ?? t("app.name")}</span>
              <TierBadge tier={fresh?.tier.code ?? state.card.tier} />
            </div>
            <div className="loyalty-card__member">
              <MemberAvatar name={state.card.displayName} src={state.card.avatarUrl} size={44} />
              <div className="loyalty-card__who">
                <h1 className="loyalty-card__name">{state.card.displayName}</h1>
                <p className="loyalty-card__no">
                  {t("card.memberNo")} <span data-testid="member-no">{state.card.memberNo}</span>
                </p>
              </div>
            </div>
            <div className="loyalty-card__qr">
              {state.card.qrSecret ? (
                <Suspense fallback={<QrSkeleton />}>
                  <MemberQr memberId={state.card.memberId} qrSecret={state.card.qrSecret} clockOffsetMs={state.clockOffsetMs} />
                </Suspense>
              ) : (
                // Painted from the first-paint mirror, which keeps no QR key (state/card.ts):
                // the code follows once nativeStorage's card is read, in the same square.
                <QrSkeleton />
              )}
              <p className="loyalty-card__hint">{t("card.qrHint")}</p>
            </div>
            <div className="loyalty-card__points">
              <span>{t("card.points")}</span>
              <strong data-testid="points-balance">
                {formatNumber(fresh?.balance ?? state.card.pointsBalance)} <small>{t("card.pointsUnit")}</small>
              </strong>
              <span className="points-gain-slot" role="status">
                {gain && (
                  <span key={gain.id} className="points-gain" data-testid="points-gain">
                    {t("card.gain", { points: formatNumber(gain.points) })}
                  </span>
                )}
              </span>
            </div>
          </article>
          {state.offline && <Notice tone="offline">{t("card.offline")}</Notice>}
          <MemberSummaryPanel />
          {!state.card.phoneMasked && (
            <Button variant="secondary" fullWidth prefixIcon={<PhoneIcon size={20} />} onClick={() => navigate(ROUTES.phone)}>
              {t("card.addPhone")}
            </Button>
          )}
          {painted && (
            <Suspense fallback={null}>
              <SurveyPrompt />
            </Suspense>
          )}
        </>
      )}
    </Page>
  );
}

/**
 * The QR's square and countdown while its chunk loads (or while the card is the first paint's
 * mirror, without its key): built from the countdown's own elements, with its text hidden, so
 * the row is exactly as tall and nothing below moves when the code arrives.
 */
function QrSkeleton() {
  const t = useT();
  return (
    <div className="member-qr" aria-hidden="true">
      <Skeleton width={208} height={208} radius={8} />
      <div className="member-qr__timer">
        <div className="member-qr__bar" />
        <span className="member-qr__countdown member-qr__countdown--reserved">{t("card.refreshIn", { seconds: 30 })}</span>
      </div>
    </div>
  );
}

function CardSkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      <div className="loyalty-card loyalty-card--skeleton">
        <div className="loyalty-card__top">
          <Skeleton width={110} height={16} className="skeleton--on-dark" />
          <Skeleton width={84} height={24} radius={12} className="skeleton--on-dark" />
        </div>
        <div className="loyalty-card__member">
          <Skeleton width={44} height={44} radius={22} className="skeleton--on-dark" />
          <div className="stack-8" style={{ flex: 1 }}>
            <Skeleton width="70%" height={18} className="skeleton--on-dark" />
            <Skeleton width="45%" height={14} className="skeleton--on-dark" />
          </div>
        </div>
        <div className="loyalty-card__qr">
          <Skeleton width={208} height={208} radius={8} />
          <Skeleton width={150} height={12} />
        </div>
      </div>
    </PageSkeleton>
  );
}
