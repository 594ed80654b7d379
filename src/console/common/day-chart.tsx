import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { Locale } from "../../domain/locale/locale";
import { formatNumber } from "../format";

/**
 * The console's one chart over time (campaign, trigger and wheel results, the brand overview),
 * the recharts half of <DayChart> (day-chart-lazy.tsx), which loads it on demand: recharts costs
 * nothing until a chart is on screen, and every page shares the same chunk. Each series is bars
 * or a line on the left axis, or on a right axis of its own when it is tens of times larger
 * (sends beside clicks) so it does not flatten the rest. The legend keeps the series' order.
 * The table or list beside each chart says the same numbers for screen readers.
 */
export type DaySeries = {
  key: string;
  name: string;
  kind: "bar" | "line";
  colour: string;
  /** "right": an axis of its own. */
  axis?: "left" | "right";
  dashed?: boolean;
};
export type DayDatum = { label: string } & Record<string, string | number | null | undefined>;
export type DayChartProps = {
  data: readonly DayDatum[];
  series: readonly DaySeries[];
  locale: Locale;
  /** Counts by default; NPS scores may be negative and need no integer ticks. */
  decimals?: boolean;
  height?: number;
};

const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";

export function DayChartView({ data, series, locale, decimals = false, height = 240 }: DayChartProps) {
  const right = series.some((s) => s.axis === "right");
  const fmt = (value: number) => formatNumber(locale, value);
  return (
    <ComposedChart
      data={data as DayDatum[]}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      barGap={2}
      accessibilityLayer={false}
    >
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: GRID }} tick={{ fill: MUTED, fontSize: 12 }} minTickGap={12} />
      <YAxis
        yAxisId="left"
        allowDecimals={decimals}
        width={44}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={fmt}
      />
      {right && (
        <YAxis
          yAxisId="right"
          orientation="right"
          allowDecimals={false}
          width={52}
          tickLine={false}
          axisLine={false}
          tick={{ fill: MUTED, fontSize: 12 }}
          tickFormatter={fmt}
        />
      )}
      <Tooltip
        formatter={(value: unknown) => fmt(Number(value))}
        labelStyle={{ color: INK_2, fontWeight: 600 }}
        contentStyle={{ borderRadius: 8, borderColor: GRID, fontSize: 13 }}
      />
      <Legend
        verticalAlign="bottom"
        iconType="circle"
        iconSize={9}
        wrapperStyle={{ fontSize: 12.5 }}
        // The series' own order (recharts sorts by label otherwise).
        itemSorter={(item) => series.findIndex((s) => s.key === String(item.dataKey))}
        formatter={(value: unknown) => <span style={{ color: INK_2 }}>{String(value)}</span>}
      />
      {series.map((s) =>
        s.kind === "bar" ? (
          <Bar
            key={s.key}
            yAxisId={s.axis ?? "left"}
            dataKey={s.key}
            name={s.name}
            fill={s.colour}
            maxBarSize={18}
            isAnimationActive={false}
          />
        ) : (
          <Line
            key={s.key}
            yAxisId={s.axis ?? "left"}
            type="monotone"
            dataKey={s.key}
            name={s.name}
            stroke={s.colour}
            strokeWidth={2}
            strokeDasharray={s.dashed ? "5 4" : undefined}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ),
      )}
    </ComposedChart>
  );
}
