import { useState } from "react";
import { Outlet } from "react-router-dom";
import type { MeResponse } from "../../contract/auth";
import { useAuth } from "../auth-context";
import { useLocale } from "../locale-context";
import { Sidebar } from "./sidebar";
import { TopBar } from "./top-bar";

/** The signed-in frame: sidebar, top bar, and the current page in <main>. */
export function AppShell({ me }: { me: MeResponse }) {
  const { signOut } = useAuth();
  const { t } = useLocale();
  const [signingOut, setSigningOut] = useState(false);

  const handleSignOut = () => {
    setSigningOut(true);
    // On success the auth state flips to signedOut and the route guard redirects to /login.
    void signOut().finally(() => setSigningOut(false));
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Sidebar />
      <div className="shell-main">
        <TopBar me={me} onSignOut={handleSignOut} signingOut={signingOut} />
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
