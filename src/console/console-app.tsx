import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { AuthProvider } from "./auth-context";
import { LocaleProvider } from "./locale-context";
import { LoginPage } from "./login/login-page";
import { MemberDetailPage } from "./member-detail/member-detail-page";
import { MembersPage } from "./members/members-page";
import { PlaceholderPage } from "./placeholder/placeholder-page";
import { PreferencesPage } from "./preferences/preferences-page";
import { RequireAuth } from "./require-auth";
import { RewardsPage } from "./rewards/rewards-page";

// Messaging is the largest section and most visits never open it: it loads on first use.
const MessagingPage = lazy(() => import("./messaging/messaging-page").then((m) => ({ default: m.MessagingPage })));

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
          <Route element={<RequireAuth />}>
            <Route index element={<Navigate to="/members" replace />} />
            <Route path="/members" element={<MembersPage />} />
            <Route path="/members/:memberId" element={<MemberDetailPage />} />
            <Route path="/rewards" element={<RewardsPage />} />
            <Route path="/preferences" element={<PreferencesPage />} />
            <Route path="/surveys" element={<PlaceholderPage topic="surveys" />} />
            <Route path="/segments" element={<PlaceholderPage topic="segments" />} />
            <Route path="/campaigns" element={<PlaceholderPage topic="campaigns" />} />
            <Route
              path="/messages"
              element={
                <Suspense fallback={<PageLoading />}>
                  <MessagingPage />
                </Suspense>
              }
            />
            <Route path="*" element={<Navigate to="/members" replace />} />
          </Route>
        </Routes>
      </AuthProvider>
    </LocaleProvider>
  );
}

function PageLoading() {
  return (
    <div className="fullpage page-loading" aria-busy="true">
      <span className="spinner" />
    </div>
  );
}
