import { useEffect } from "react";
import { useLocation, useNavigate } from "zmp-ui";
import { useT } from "../i18n/use-t";
import { isInsideZalo } from "../platform/environment";
import { setNativeTitle } from "../platform/native-title";
import { ChevronLeftIcon } from "./icons";

/**
 * Puts `title` on Zalo's native action bar each time this page is arrived at (arriving is not
 * always mounting: AnimationRoutes may keep a page it is still animating out).
 */
export function useNativeTitle(title: string) {
  const { key } = useLocation();
  useEffect(() => setNativeTitle(title), [title, key]);
}

/**
 * The page's heading. One header, one back (docs/decisions/0014): inside Zalo the native action
 * bar from app-config.json shows the title and its own back button, so the heading is kept for
 * screen readers only and no back arrow is drawn; in a browser there is no native bar and the
 * page draws both.
 */
export function PageTitle({ title, back }: { title: string; back?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  useNativeTitle(title);
  if (isInsideZalo()) {
    return (
      <div className="visually-hidden">
        <h1>{title}</h1>
      </div>
    );
  }
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
