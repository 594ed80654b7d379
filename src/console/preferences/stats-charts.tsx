import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from "recharts";
import { formatNumber } from "../format";
import type { Locale } from "../../domain/locale/locale";

/**
 * The recharts half of the stats tab, loaded on demand (see stats-panel.tsx). Counts are whole
 * members, so axes never show fractions; every bar carries its number, so no tooltip is needed.
 */
export type ChartDatum = { label: string; count: number };

const BRAND = "#0b6e4f";
const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";
const ROW = 34;
/** Long option labels are cut on the axis; the full text is in the tick's <title> and the table. */
const LABEL_CHARS = 24;

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

function OptionTick({ x, y, payload }: TickProps) {
  const full = String(payload?.value ?? "");
  const short = full.length > LABEL_CHARS ? `${full.slice(0, LABEL_CHARS - 1)}…` : full;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fill={INK_2} fontSize={12.5}>
      <title>{full}</title>
      {short}
    </text>
  );
}

/** Horizontal bars, one per option, in the form's order. */
export function OptionsChart({ data, locale }: { data: ChartDatum[]; locale: Locale }) {
  const height = data.length * ROW + 16;
  return (
    <BarChart
      layout="vertical"
      data={data}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 4, right: 44, bottom: 4, left: 4 }}
      barCategoryGap={7}
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} stroke={GRID} />
      <XAxis type="number" allowDecimals={false} hide />
      <YAxis type="category" dataKey="label" width={168} tick={<OptionTick />} tickLine={false} axisLine={false} interval={0} />
      <Bar dataKey="count" fill={BRAND} radius={[0, 4, 4, 0]} maxBarSize={22} isAnimationActive={false}>
        <LabelList
          dataKey="count"
          position="right"
          fill={INK_2}
          fontSize={12.5}
          fontWeight={600}
          formatter={(value: unknown) => formatNumber(locale, Number(value))}
        />
      </Bar>
    </BarChart>
  );
}

/** Twelve columns, January first: birthdays by month. */
export function MonthsChart({ data, locale }: { data: ChartDatum[]; locale: Locale }) {
  return (
    <BarChart
      data={data}
      responsive
      style={{ width: "100%", height: 220 }}
      margin={{ top: 20, right: 8, bottom: 0, left: 0 }}
      accessibilityLayer={false}
    >
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: GRID }} interval={0} tick={{ fill: MUTED, fontSize: 12 }} />
      <YAxis
        allowDecimals={false}
        width={32}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={(value: number) => formatNumber(locale, value)}
      />
      <Bar dataKey="count" fill={BRAND} radius={[4, 4, 0, 0]} maxBarSize={32} isAnimationActive={false}>
        <LabelList
          dataKey="count"
          position="top"
          fill={INK_2}
          fontSize={12}
          fontWeight={600}
          formatter={(value: unknown) => (Number(value) > 0 ? formatNumber(locale, Number(value)) : "")}
        />
      </Bar>
    </BarChart>
  );
}
