import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from "recharts";
import { formatNumber } from "../format";
import type { Locale } from "../../domain/locale/locale";

/**
 * The recharts half of the per-template stats, loaded on demand (see today-panel.tsx): one
 * stacked bar per template, coloured like the status badges in the log.
 */
export type StatsDatum = { label: string; waiting: number; sent: number; delivered: number; failed: number; cancelled: number };
type Series = Exclude<keyof StatsDatum, "label">;

const SERIES: readonly { key: Series; colour: string }[] = [
  { key: "delivered", colour: "#0b6e4f" },
  { key: "sent", colour: "#5fb394" },
  { key: "waiting", colour: "#3b7dd8" },
  { key: "failed", colour: "#b42318" },
  { key: "cancelled", colour: "#a3aeaa" },
];

const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";
const ROW = 40;
const LABEL_CHARS = 22;

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

function NameTick({ x, y, payload }: TickProps) {
  const full = String(payload?.value ?? "");
  const short = full.length > LABEL_CHARS ? `${full.slice(0, LABEL_CHARS - 1)}…` : full;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fill={INK_2} fontSize={12.5}>
      <title>{full}</title>
      {short}
    </text>
  );
}

export function TemplateStatsChart({ data, locale, labels }: { data: StatsDatum[]; locale: Locale; labels: Record<Series, string> }) {
  const height = data.length * ROW + 56;
  return (
    <BarChart
      layout="vertical"
      data={data}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
      barCategoryGap={9}
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} stroke={GRID} />
      <XAxis
        type="number"
        allowDecimals={false}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={(value: number) => formatNumber(locale, value)}
      />
      <YAxis type="category" dataKey="label" width={160} tick={<NameTick />} tickLine={false} axisLine={false} interval={0} />
      <Legend
        verticalAlign="bottom"
        iconType="circle"
        iconSize={9}
        wrapperStyle={{ fontSize: 12.5 }}
        // In the order of the bars (recharts sorts by label otherwise), in ink rather than each series' colour.
        itemSorter={(item) => SERIES.findIndex((s) => s.key === item.dataKey)}
        formatter={(value: unknown) => <span style={{ color: INK_2 }}>{String(value)}</span>}
      />
      {SERIES.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={labels[s.key]} stackId="all" fill={s.colour} maxBarSize={22} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
