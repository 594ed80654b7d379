import type { ConsoleSurvey } from "../../contract/surveys";
import { useLocale } from "../locale-context";

const STATUS_CLASS: Record<ConsoleSurvey["status"], string> = {
  draft: "badge badge-muted",
  active: "badge badge-live",
  archived: "badge badge-muted-plain",
};

export function StatusBadge({ status }: { status: ConsoleSurvey["status"] }) {
  const { t } = useLocale();
  return <span className={STATUS_CLASS[status]}>{t(`surveys.status.${status}`)}</span>;
}
