import { useId } from "react";
import { useLocale } from "../locale-context";

export type DayRange = { from: string; to: string };

/** Whether a range's end comes before its start (both set): said to the user, never sent. */
export const isBackwards = (r: DayRange) => r.from !== "" && r.to !== "" && r.to < r.from;

/**
 * From / to as Vietnam days (YYYY-MM-DD, as the API reads them); either may be empty. An end
 * before the start is said at the fields, on a line of its own so they do not jump. Used by the
 * ledger's filters and the game results.
 */
export function DateRange({
  value,
  onChange,
  className = "",
}: {
  value: DayRange;
  onChange: (change: Partial<DayRange>) => void;
  className?: string;
}) {
  const { t } = useLocale();
  const id = useId();
  const backwards = isBackwards(value);
  return (
    <>
      <div className={`date-range ${className}`.trim()}>
        <label className="field-label" htmlFor={`${id}-from`}>
          {t("dates.from")}
        </label>
        <input
          id={`${id}-from`}
          type="date"
          className="input input-date"
          value={value.from}
          max={value.to || undefined}
          onChange={(event) => onChange({ from: event.target.value })}
        />
        <label className="field-label" htmlFor={`${id}-to`}>
          {t("dates.to")}
        </label>
        <input
          id={`${id}-to`}
          type="date"
          className="input input-date"
          value={value.to}
          min={value.from || undefined}
          aria-invalid={backwards || undefined}
          aria-describedby={backwards ? `${id}-error` : undefined}
          onChange={(event) => onChange({ to: event.target.value })}
        />
      </div>
      {backwards && (
        <p id={`${id}-error`} className="field-error date-range-error" role="alert">
          {t("dates.toBeforeFrom")}
        </p>
      )}
    </>
  );
}
