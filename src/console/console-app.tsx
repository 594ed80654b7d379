import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { AuthProvider } from "./auth-context";
import { LocaleProvider } from "./locale-context";
import { LoginPage } from "./login/login-page";
import { RequireAuth } from "./require-auth";

/**
 * Every page behind sign-in loads on first use, with its own strings (<feature>/strings): the
 * main chunk holds the shell, sign-in and what the pages share. Messaging, the largest section,
 * and the chart library used by preferences and rewards stay out of it too.
 */
const MembersPage = lazy(() => import("./members/members-page").then((m) => ({ default: m.MembersPage })));
const ImportPage = lazy(() => import("./members/import-page").then((m) => ({ default: m.ImportPage })));
const MemberDetailPage = lazy(() => import("./member-detail/member-detail-page").then((m) => ({ default: m.MemberDetailPage })));
const LedgerPage = lazy(() => import("./ledger/ledger-page").then((m) => ({ default: m.LedgerPage })));
const RewardsPage = lazy(() => import("./rewards/rewards-page").then((m) => ({ default: m.RewardsPage })));
const PreferencesPage = lazy(() => import("./preferences/preferences-page").then((m) => ({ default: m.PreferencesPage })));
const MessagingPage = lazy(() => import("./messaging/messaging-page").then((m) => ({ default: m.MessagingPage })));
const RetentionPage = lazy(() => import("./insights/retention-page").then((m) => ({ default: m.RetentionPage })));
const OverviewPage = lazy(() => import("./insights/overview-page").then((m) => ({ default: m.OverviewPage })));
const StoreLoopPage = lazy(() => import("./insights/store-loop-page").then((m) => ({ default: m.StoreLoopPage })));
const CasesPage = lazy(() => import("./cases/cases-page").then((m) => ({ default: m.CasesPage })));
const SurveysPage = lazy(() => import("./surveys/surveys-page").then((m) => ({ default: m.SurveysPage })));
const SurveyNewPage = lazy(() => import("./surveys/survey-new-page").then((m) => ({ default: m.SurveyNewPage })));
const SurveyDetailPage = lazy(() => import("./surveys/survey-detail-page").then((m) => ({ default: m.SurveyDetailPage })));
const GamesPage = lazy(() => import("./games/games-page").then((m) => ({ default: m.GamesPage })));
const SegmentsPage = lazy(() => import("./segments/segments-page").then((m) => ({ default: m.SegmentsPage })));
const ProgrammePage = lazy(() => import("./programme/programme-page").then((m) => ({ default: m.ProgrammePage })));
const StoreAdminPage = lazy(() => import("./store-admin/store-admin-page").then((m) => ({ default: m.StoreAdminPage })));
const TriggersPage = lazy(() => import("./triggers/triggers-page").then((m) => ({ default: m.TriggersPage })));
const CampaignsPage = lazy(() => import("./campaigns/campaigns-page").then((m) => ({ default: m.CampaignsPage })));
const IntegrationsPage = lazy(() => import("./integrations/integrations-page").then((m) => ({ default: m.IntegrationsPage })));
const SessionsPage = lazy(() => import("./account/sessions-page").then((m) => ({ default: m.SessionsPage })));
const UsersPage = lazy(() => import("./account/users-page").then((m) => ({ default: m.UsersPage })));
const InvitePage = lazy(() => import("./account/invite-page").then((m) => ({ default: m.InvitePage })));
const SetupPage = lazy(() => import("./account/setup-page").then((m) => ({ default: m.SetupPage })));

/**
 * The whole console minus the router, so tests can mount it in a MemoryRouter and main.tsx in
 * a BrowserRouter with basename "/console".
 */
export function ConsoleApp() {
  return (
    <LocaleProvider>
      <AuthProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/invite" element={<Lazy page={<InvitePage />} />} />
          <Route path="/setup" element={<Lazy page={<SetupPage />} />} />
          <Route element={<RequireAuth />}>
            <Route index element={<Navigate to="/members" replace />} />
            <Route path="/overview" element={<Lazy page={<OverviewPage />} />} />
            <Route path="/members" element={<Lazy page={<MembersPage />} />} />
            <Route path="/members/import" element={<Lazy page={<ImportPage />} />} />
            <Route path="/members/:memberId" element={<Lazy page={<MemberDetailPage />} />} />
            <Route path="/ledger" element={<Lazy page={<LedgerPage />} />} />
            <Route path="/rewards" element={<Lazy page={<RewardsPage />} />} />
            <Route path="/preferences" element={<Lazy page={<PreferencesPage />} />} />
            <Route path="/retention" element={<Lazy page={<RetentionPage />} />} />
            <Route path="/stores" element={<Lazy page={<StoreLoopPage />} />} />
            <Route path="/cases" element={<Lazy page={<CasesPage />} />} />
            <Route path="/games/*" element={<Lazy page={<GamesPage />} />} />
            <Route path="/surveys" element={<Lazy page={<SurveysPage />} />} />
            <Route path="/surveys/new" element={<Lazy page={<SurveyNewPage />} />} />
            <Route path="/surveys/:surveyId" element={<Lazy page={<SurveyDetailPage />} />} />
            <Route path="/segments" element={<Lazy page={<SegmentsPage />} />} />
            <Route path="/campaigns/*" element={<Lazy page={<CampaignsPage />} />} />
            <Route path="/triggers" element={<Lazy page={<TriggersPage />} />} />
            <Route path="/messages" element={<Lazy page={<MessagingPage />} />} />
            <Route path="/store-admin" element={<Lazy page={<StoreAdminPage />} />} />
            <Route path="/programme" element={<Lazy page={<ProgrammePage />} />} />
            <Route path="/integrations" element={<Lazy page={<IntegrationsPage />} />} />
            <Route path="/account/sessions" element={<Lazy page={<SessionsPage />} />} />
            <Route path="/users" element={<Lazy page={<UsersPage />} />} />
            <Route path="*" element={<Navigate to="/members" replace />} />
          </Route>
        </Routes>
      </AuthProvider>
    </LocaleProvider>
  );
}

function Lazy({ page }: { page: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{page}</Suspense>;
}

function PageLoading() {
  return (
    <div className="fullpage page-loading" aria-busy="true">
      <span className="spinner" />
    </div>
  );
}
