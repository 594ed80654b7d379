import { useSearchParams } from "react-router-dom";
import { useLocale } from "../locale-context";

/** The periods offered: the API takes any 7–366 days; these are the ones a manager compares. */
export const PERIODS = [30, 90, 180, 365] as const;
const DEFAULT = 90;

/** The period in the URL (`?days=`), so a link to "the last 30 days" can be shared. */
export function usePeriodDays(): [number, (days: number) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get("days"));
  const days = (PERIODS as readonly number[]).includes(raw) ? raw : DEFAULT;
  const set = (next: number) =>
    setParams((current) => {
      const copy = new URLSearchParams(current);
      if (next === DEFAULT) copy.delete("days");
      else copy.set("days", String(next));
      return copy;
    });
  return [days, set];
}

/** One row of buttons, the chosen one pressed. */
export function PeriodPicker({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  const { t } = useLocale();
  return (
    <div className="period-picker" role="group" aria-label={t("insights.period")}>
      {PERIODS.map((d) => (
        <button
          key={d}
          type="button"
          className={`period-option${d === days ? " period-option-on" : ""}`}
          aria-pressed={d === days}
          onClick={() => onChange(d)}
        >
          {t("insights.lastDays", { days: d })}
        </button>
      ))}
    </div>
  );
}
