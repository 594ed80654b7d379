import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { Locale } from "../../domain/locale/locale";
import { formatNumber } from "../format";

/**
 * The recharts half of a campaign's results, loaded on demand from campaign-results.tsx: clicks
 * per day as bars and each group's conversions as a line (the control group dashed) on the left
 * axis; sends, tens of times larger, as pale bars on an axis of their own on the right, so they
 * do not flatten the rest.
 * The group table beside it says the totals for screen readers.
 */
export type ResultsDay = { label: string; sent: number; clicks: number } & Partial<Record<"A" | "B" | "control", number>>;
export type ResultsLine = { key: "A" | "B" | "control"; name: string };

const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";
const ORDER = ["sent", "clicks", "A", "B", "control"];
const LINE_COLOURS = { A: "#0b6e4f", B: "#7c3aed", control: "#66736e" } as const;

export function CampaignResultsChart({
  data,
  lines,
  locale,
  labels,
}: {
  data: ResultsDay[];
  lines: ResultsLine[];
  locale: Locale;
  labels: { sent: string; clicks: string };
}) {
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
        yAxisId="left"
        allowDecimals={false}
        width={44}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={(value: number) => formatNumber(locale, value)}
      />
      <YAxis
        yAxisId="sent"
        orientation="right"
        allowDecimals={false}
        width={52}
        tickLine={false}
        axisLine={false}
        tick={{ fill: "#93a8c9", fontSize: 12 }}
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
        // Sends, clicks, then the groups in their order (recharts sorts by label otherwise).
        itemSorter={(item) => ORDER.indexOf(String(item.dataKey))}
        formatter={(value: unknown) => <span style={{ color: INK_2 }}>{String(value)}</span>}
      />
      <Bar yAxisId="sent" dataKey="sent" name={labels.sent} fill="#dbe7fb" maxBarSize={18} isAnimationActive={false} />
      <Bar yAxisId="left" dataKey="clicks" name={labels.clicks} fill="#2563eb" maxBarSize={18} isAnimationActive={false} />
      {lines.map((l) => (
        <Line
          key={l.key}
          yAxisId="left"
          type="monotone"
          dataKey={l.key}
          name={l.name}
          stroke={LINE_COLOURS[l.key]}
          strokeWidth={2}
          strokeDasharray={l.key === "control" ? "5 4" : undefined}
          dot={false}
          isAnimationActive={false}
        />
      ))}
    </ComposedChart>
  );
}
