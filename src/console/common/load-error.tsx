import type { ApiError } from "../../client/api-client";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { errorMessageKey } from "./api-errors";

/** A section that could not load: what failed, why in words, and a way to try again. */
export function LoadError({ title, code, onRetry }: { title: string; code: ApiError["code"]; onRetry: () => void }) {
  const { t } = useLocale();
  return (
    <div className="state state-error" role="alert">
      <AlertIcon className="state-icon" />
      <p className="state-title">{title}</p>
      <p className="muted">{t(errorMessageKey(code))}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        {t("app.retry")}
      </button>
    </div>
  );
}
