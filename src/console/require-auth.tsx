import { Navigate, useLocation } from "react-router-dom";
import { useAuth } from "./auth-context";
import { useLocale } from "./locale-context";
import { AppShell } from "./shell/app-shell";

/** Guards every signed-in route: waits for the session check, else sends the user to /login. */
export function RequireAuth() {
  const { state, retry } = useAuth();
  const { t } = useLocale();
  const location = useLocation();

  switch (state.status) {
    case "checking":
      return (
        <div className="fullpage" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{t("app.loading")}</span>
        </div>
      );
    case "failed":
      return (
        <div className="fullpage" role="alert">
          <p className="state-title">{t("app.loadFailed")}</p>
          <p className="muted">{t(state.error.code === "network" ? "members.errorNetwork" : "members.errorServer")}</p>
          <button type="button" className="button button-primary" onClick={retry}>
            {t("app.retry")}
          </button>
        </div>
      );
    case "signedOut":
      // Remember where they were headed so sign-in can bring them back there.
      return <Navigate to="/login" replace state={{ from: location }} />;
    case "signedIn":
      return <AppShell me={state.me} />;
  }
}
