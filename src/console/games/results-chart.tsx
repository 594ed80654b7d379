import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { Locale } from "../../domain/locale/locale";
import { formatNumber } from "../format";

/**
 * The recharts half of a wheel's results, loaded on demand from results-panel.tsx (recharts
 * costs nothing until a campaign's results are on screen): spins and wins per day as bars,
 * check-ins as a line, over every day of the period (days without activity show as 0, so the
 * gaps read as gaps). The table under the chart says the same numbers for screen readers.
 */
export type DayDatum = { day: string; label: string; spins: number; wins: number; checkins: number };
type Series = "spins" | "wins" | "checkins";

const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";

export function ResultsChart({ data, locale, labels }: { data: DayDatum[]; locale: Locale; labels: Record<Series, string> }) {
  return (
    <ComposedChart
      data={data}
      responsive
      style={{ width: "100%", height: 240 }}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      barGap={2}
      accessibilityLayer={false}
    >
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: GRID }} tick={{ fill: MUTED, fontSize: 12 }} minTickGap={12} />
      <YAxis
        allowDecimals={false}
        width={44}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={(value: number) => formatNumber(locale, value)}
      />
      <Tooltip
        formatter={(value: unknown) => formatNumber(locale, Number(value))}
        labelStyle={{ color: INK_2, fontWeight: 600 }}
        contentStyle={{ borderRadius: 8, borderColor: GRID, fontSize: 13 }}
      />
      <Legend
        verticalAlign="bottom"
        iconType="circle"
        iconSize={9}
        wrapperStyle={{ fontSize: 12.5 }}
        formatter={(value: unknown) => <span style={{ color: INK_2 }}>{String(value)}</span>}
      />
      <Bar dataKey="spins" name={labels.spins} fill="#93c5fd" maxBarSize={18} isAnimationActive={false} />
      <Bar dataKey="wins" name={labels.wins} fill="#2563eb" maxBarSize={18} isAnimationActive={false} />
      <Line
        type="monotone"
        dataKey="checkins"
        name={labels.checkins}
        stroke="#0b6e4f"
        strokeWidth={2}
        dot={false}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
