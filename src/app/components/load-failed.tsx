import { Button } from "zmp-ui";
import { errorKey } from "../i18n/error-key";
import { useT } from "../i18n/use-t";
import type { FailureCode } from "../state/api";
import { Notice } from "./notice";

/** A page whose data could not be read: what went wrong, in words, and the retry. */
export function LoadFailed({ code, onRetry }: { code: FailureCode; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="stack-12">
      <Notice tone="error">{t(errorKey(code))}</Notice>
      <Button variant="secondary" fullWidth onClick={onRetry}>
        {t("common.retry")}
      </Button>
    </div>
  );
}
