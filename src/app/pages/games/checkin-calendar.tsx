import { useFormatNumber } from "../../i18n/use-t";
import { CheckIcon } from "../../components/icons";
import { useGameT } from "./strings";

/**
 * One day of the 7-day streak: `checked` (checked in), `missed` (a day that passed without a
 * check-in: the streak started again after it), `today` (today, not checked in yet), `upcoming`.
 * `isToday` marks today's cell also once it is checked.
 */
export type CheckinDayState = "checked" | "missed" | "today" | "upcoming";
export type CheckinDay = { key: string; label: string; points: number; state: CheckinDayState; isToday: boolean };

/** The 7-day check-in calendar: each day with the points it gives and how it went. */
export function CheckinCalendar({ days, label }: { days: readonly CheckinDay[]; label: string }) {
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  return (
    <ol className="checkin-days" aria-label={label}>
      {days.map((d) => (
        <li
          key={d.key}
          className={`checkin-day checkin-day--${d.state}${d.isToday ? " checkin-day--today" : ""}`}
          aria-current={d.isToday ? "date" : undefined}
          aria-label={gt(`checkin.state.${d.state}`, { day: d.label, points: formatNumber(d.points) })}
          data-state={d.state}
        >
          <span className="checkin-day__label" aria-hidden="true">
            {d.label}
          </span>
          <span className="checkin-day__mark" aria-hidden="true">
            {d.state === "checked" ? <CheckIcon size={16} /> : d.state === "missed" ? "–" : ""}
          </span>
          <span className="checkin-day__points" aria-hidden="true">
            +{formatNumber(d.points)}
          </span>
        </li>
      ))}
    </ol>
  );
}
