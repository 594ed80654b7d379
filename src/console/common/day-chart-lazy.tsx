import { lazy, Suspense } from "react";
import type { Locale } from "../../domain/locale/locale";
import type { DayChartProps } from "./day-chart";

export type { DayChartProps, DayDatum, DaySeries } from "./day-chart";

// The only import of the chart code: one chunk (and recharts' chunks) for every page that draws one.
const DayChartView = lazy(() => import("./day-chart").then((m) => ({ default: m.DayChartView })));

/**
 * A chart over time, in a figure named for screen readers, with a skeleton of its size while
 * recharts loads. See day-chart.tsx.
 */
export function DayChart({ label, ...props }: DayChartProps & { label: string }) {
  const height = props.height ?? 240;
  return (
    <Suspense fallback={<span className="skeleton chart-skeleton" style={{ height }} aria-busy="true" />}>
      <figure className="day-chart" aria-label={label}>
        <DayChartView {...props} />
      </figure>
    </Suspense>
  );
}

/** "07/12" in Vietnamese, "12/07" in English: a day of the x axis from YYYY-MM-DD. */
export function dayLabel(locale: Locale, date: string): string {
  const [, mm, dd] = date.split("-");
  return locale === "vi" ? `${dd}/${mm}` : `${mm}/${dd}`;
}
