import { Provider, useAtomValue, useSetAtom } from "jotai";
import type { createStore } from "jotai";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { AnimationRoutes, App, Button, Route, SnackbarProvider, ZMPRouter } from "zmp-ui";
import { BottomNav } from "./components/bottom-nav";
import { BrowserBackBridge } from "./components/browser-back";
import { DeepLinkNavigator } from "./components/deep-link-navigator";
import { Notice } from "./components/notice";
import { lazyPage } from "./components/lazy-page";
import { Redirect } from "./components/redirect";
import { PageSkeleton, Skeleton } from "./components/skeleton";
import { useAfterFirstPaint } from "./components/use-after-first-paint";
import { useT } from "./i18n/use-t";
import { vi } from "./i18n/vi";
import { CardPage, preloadMemberQr } from "./pages/card-page";
import { OnboardingPage } from "./pages/onboarding-page";
import { ROUTES } from "./routes";
import { localeAtom } from "./state/locale";
import { hasStoredSession } from "./state/api-base";
import { captureReferralCode } from "./state/referral-link";
import { bootstrapSessionAtom, isCounterUserAtom, meAtom, sessionAtom, startScreenAtom } from "./state/session";

type Store = ReturnType<typeof createStore>;

/*
 * The first screen is the card for a member and onboarding for everyone else: those two are in
 * the entry chunk. Every other page is its own chunk, fetched when first opened
 * (docs/decisions/0019-mini-app-code-splitting.md). New pages follow the same pattern.
 */
const ConsentPage = lazyPage(() => import("./pages/consent-page").then((m) => m.ConsentPage));
const PhonePage = lazyPage(() => import("./pages/phone-page").then((m) => m.PhonePage));
const RewardsPage = lazyPage(() => import("./pages/rewards-page").then((m) => m.RewardsPage));
const GamesPage = lazyPage(() => import("./pages/games/games-page").then((m) => m.GamesPage));
const VouchersPage = lazyPage(() => import("./pages/vouchers-page").then((m) => m.VouchersPage));
const HistoryPage = lazyPage(() => import("./pages/history-page").then((m) => m.HistoryPage));
const TiersPage = lazyPage(() => import("./pages/tiers-page").then((m) => m.TiersPage));
const StaffPage = lazyPage(() => import("./pages/staff").then((m) => m.StaffPage));
const AccountPage = lazyPage(() => import("./pages/account-page").then((m) => m.AccountPage));
const PreferencesPage = lazyPage(() => import("./pages/preferences").then((m) => m.PreferencesPage));
const PrivacyPage = lazyPage(() => import("./pages/privacy-page").then((m) => m.PrivacyPage));
const MyDataPage = lazyPage(() => import("./pages/my-data-page").then((m) => m.MyDataPage));
const SurveyPage = lazyPage(() => import("./pages/survey/survey-page").then((m) => m.SurveyPage));
const SurveysPage = lazyPage(() => import("./pages/survey/surveys-page").then((m) => m.SurveysPage));
const StoresPage = lazyPage(() => import("./pages/stores-page").then((m) => m.StoresPage));
const StaffInvitePage = lazyPage(() => import("./pages/staff-invite-page").then((m) => m.StaffInvitePage));
/** Counter staff only: the offline earn queue's sender, with the staff state it needs. */
const EarnQueueSync = lazy(() => import("./components/use-earn-queue").then((m) => ({ default: m.EarnQueueSync })));
/** Someone who opened a friend's invitation link (?ref=…): sends its code once signed in. */
const ReferralAccept = lazy(() => import("./pages/games/referral-accept").then((m) => ({ default: m.ReferralAccept })));
/** Members only: sends survey taps that waited for the network. */
const SurveyQueueSync = lazy(() => import("./pages/survey/survey-queue-sync").then((m) => ({ default: m.SurveyQueueSync })));

/**
 * Provider order from Zalo's official templates: state root outside, then
 * <App><SnackbarProvider><ZMPRouter><AnimationRoutes>.
 *
 * memoryRouter when window.APP_ID is unset: in a production build ZMPRouter otherwise uses a
 * BrowserRouter with basename /zapps/<APP_ID>, which matches nothing outside Zalo and renders
 * a blank page (docs/stack.md#mini-app-build). A memory history alone would let the browser's
 * back button leave the app from any page, so BrowserBackBridge mirrors it into the browser's.
 */
export function LoyalLoopApp({ store }: { store?: Store }) {
  return (
    <Provider store={store}>
      <App>
        <SnackbarProvider>
          <ZMPRouter memoryRouter={!hasZaloAppId()}>
            {!hasZaloAppId() && <BrowserBackBridge />}
            <DeepLinkNavigator />
            <DocumentLang />
            {/* While the English dictionary downloads (its own chunk): the fallback cannot wait
                for the dictionary it stands in for, so its label is the default language's. */}
            <Suspense fallback={<StartSkeleton label={vi["common.loading"]} />}>
              <SessionGate />
            </Suspense>
          </ZMPRouter>
        </SnackbarProvider>
      </App>
    </Provider>
  );
}

/**
 * window.APP_ID is set by the Zalo host; zmp-ui types it as always present (string), but in
 * a plain browser it is undefined.
 */
function hasZaloAppId(): boolean {
  return Boolean((window as { APP_ID?: string }).APP_ID);
}

/** Keeps <html lang> in step with the UI language, for screen readers and hyphenation. */
function DocumentLang() {
  const locale = useAtomValue(localeAtom);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
}

/** Signs in first; the screens below can assume a session and /me. */
function SessionGate() {
  const t = useT();
  const session = useAtomValue(sessionAtom);
  const isCounter = useAtomValue(isCounterUserAtom);
  const isMember = useAtomValue(meAtom)?.user.isMember === true;
  const bootstrap = useSetAtom(bootstrapSessionAtom);
  useEffect(() => {
    void bootstrap();
  }, [bootstrap]);
  // An invitation link's code, read from the address once at start-up (state/referral-link.ts).
  const [referral, setReferral] = useState(captureReferralCode);
  const referralDone = useCallback(() => setReferral(false), []);
  // The background senders and the invitation's code are chunks of their own: fetched after
  // the first screen has painted, not during its render (platform/after-paint.ts).
  const painted = useAfterFirstPaint();

  // A phone with no session of ours is, nearly always, a shopper opening the app for the first
  // time: the routes render at once and "/" goes to the welcome, instead of a skeleton that waits
  // for zmp-sdk, the API chunk, the sign-in and /me (issue 12: the first visit's LCP on a phone on
  // 4G). The welcome's "join" waits for the sign-in; a member on a new phone moves on to their
  // card when /me says so. A deep link (a survey) waits for the session: it is not a screen to guess.
  if (session.status === "loading" && (hasStoredSession() || startLink())) return <StartSkeleton label={t("common.loading")} />;
  if (session.status === "error" || session.status === "signedOut") {
    return (
      <div className="page page--center">
        {session.status === "error" ? (
          <Notice tone="error">{t(session.code === "zalo" ? "error.zalo" : "start.error")}</Notice>
        ) : (
          <p className="muted">{t("start.signedOut")}</p>
        )}
        <Button fullWidth size="large" onClick={() => void bootstrap()}>
          {session.status === "error" ? t("common.retry") : t("start.signIn")}
        </Button>
      </div>
    );
  }
  return (
    <>
      <AnimationRoutes>
        <Route path={ROUTES.start} element={<StartScreen />} />
        <Route path={ROUTES.onboarding} element={<OnboardingPage />} />
        <Route path={ROUTES.consent} element={<ConsentPage />} />
        <Route path={ROUTES.phone} element={<PhonePage />} />
        <Route path={ROUTES.card} element={<CardPage />} />
        <Route path={ROUTES.rewards} element={<RewardsPage />} />
        <Route path={ROUTES.games} element={<GamesPage />} />
        <Route path={ROUTES.vouchers} element={<VouchersPage />} />
        <Route path={ROUTES.history} element={<HistoryPage />} />
        <Route path={ROUTES.tiers} element={<TiersPage />} />
        <Route path={ROUTES.staff} element={<StaffPage />} />
        <Route path={ROUTES.account} element={<AccountPage />} />
        <Route path={ROUTES.preferences} element={<PreferencesPage />} />
        <Route path={ROUTES.privacy} element={<PrivacyPage />} />
        <Route path={ROUTES.myData} element={<MyDataPage />} />
        <Route path={ROUTES.survey} element={<SurveyPage />} />
        <Route path={ROUTES.surveys} element={<SurveysPage />} />
        <Route path={ROUTES.stores} element={<StoresPage />} />
        <Route path={ROUTES.staffInvite} element={<StaffInvitePage />} />
      </AnimationRoutes>
      <BottomNav />
      {painted && isCounter && (
        <Suspense fallback={null}>
          <EarnQueueSync />
        </Suspense>
      )}
      {painted && isMember && (
        <Suspense fallback={null}>
          <SurveyQueueSync />
        </Suspense>
      )}
      {painted && referral && (
        <Suspense fallback={null}>
          <ReferralAccept onDone={referralDone} />
        </Suspense>
      )}
    </>
  );
}

/**
 * Counter staff open on the counter (the app is their till; their own card is one tab away);
 * members open on their card, drawn here at "/" (routes.ts startScreen); anyone else on the
 * welcome, drawn here too.
 */
function StartScreen() {
  const screen = useAtomValue(startScreenAtom);
  const link = startLink();
  useEffect(() => {
    // Once: a later visit to "/" (a page sending a non-member back to the start) is not the link.
    if (link) window.history.replaceState(window.history.state, "", "/");
  }, [link]);
  if (link) return <Redirect to={link} />;
  // Signing in (a first visit, see SessionGate): the welcome, which moves on once /me is here.
  if (screen === ROUTES.card) {
    preloadMemberQr();
    return <CardPage />;
  }
  if (screen === ROUTES.onboarding) return <OnboardingPage />;
  return <Redirect to={screen} />;
}

/**
 * Outside Zalo the router starts in memory at "/" whatever the address bar says: a survey link
 * opened in a browser (/survey/<id>?t=…, /staff-invite?t=…) goes to its page from the start. Inside Zalo the
 * router reads the path itself.
 */
function startLink(): string | null {
  if (hasZaloAppId()) return null;
  // A survey link, or a cashier's invite (/staff-invite?t=…, issue 16).
  const path = /^\/(survey\/[^/]+|staff-invite)$/.exec(window.location.pathname)?.[0];
  return path ? path + window.location.search : null;
}

function StartSkeleton({ label }: { label: string }) {
  return (
    <div className="page">
      <PageSkeleton label={label}>
        <Skeleton height={420} radius={24} />
        <Skeleton width="60%" height={18} />
        <Skeleton width="40%" height={18} />
      </PageSkeleton>
    </div>
  );
}
