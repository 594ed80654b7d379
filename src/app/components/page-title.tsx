import { useNavigate } from "zmp-ui";
import { useT } from "../i18n/use-t";
import { ChevronLeftIcon } from "./icons";

/**
 * The in-page heading. Inside Zalo the native action bar (app-config.json) shows the app
 * title and back button, so we do not add a zmp-ui <Header>; this back button exists for the
 * browser, where there is no native bar, and is harmless inside Zalo.
 */
export function PageTitle({ title, back }: { title: string; back?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <div className="page-title">
      {back && (
        <button type="button" className="icon-button" aria-label={t("common.back")} onClick={() => navigate(-1)}>
          <ChevronLeftIcon />
        </button>
      )}
      <h1>{title}</h1>
    </div>
  );
}
