import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  LabelList,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Locale } from "../../domain/locale/locale";
import type { SurveyKind } from "../../domain/surveys/kinds";
import { formatNumber } from "../format";
import { formatMargin, formatScore, scoreDomain } from "./survey-format";

/**
 * The recharts half of the survey dashboards, loaded on demand (survey-dashboard.tsx), so the
 * surveys list and form never wait for the chart library. Every chart carries its numbers
 * (labels or a tooltip); the 95% margin is drawn as a shaded band (trend) or whiskers (bars).
 */
const BRAND = "#0b6e4f";
const BAND_FILL = "#0b6e4f22";
const COUNT = "#c9d6d1";
const GRID = "#e1e7e4";
const INK_2 = "#3d4a45";
const MUTED = "#66736e";
const NEGATIVE = "#b42318";
const NEUTRAL = "#8a8f8d";
const ROW = 34;

export type TrendPoint = {
  label: string;
  score: number | null;
  /** [low, high] of the 95% interval; null without answers (a gap). */
  interval: [number, number] | null;
  margin: number | null;
  n: number;
};

type Strings = { score: string; count: string };

/** Weekly score as a line inside its 95% band, with the week's response count as pale bars behind. */
export function TrendChart({ data, kind, locale, strings }: { data: TrendPoint[]; kind: SurveyKind; locale: Locale; strings: Strings }) {
  const [min, max] = scoreDomain(kind);
  const maxCount = Math.max(1, ...data.map((d) => d.n));
  return (
    <ComposedChart data={data} responsive style={{ width: "100%", height: 260 }} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: GRID }} tick={{ fill: MUTED, fontSize: 12 }} minTickGap={12} />
      <YAxis
        yAxisId="score"
        domain={[min, max]}
        width={44}
        tickLine={false}
        axisLine={false}
        tick={{ fill: MUTED, fontSize: 12 }}
        tickFormatter={(v: number) => formatScore(locale, kind, v)}
      />
      <YAxis yAxisId="count" orientation="right" domain={[0, maxCount * 3]} hide />
      <Bar yAxisId="count" dataKey="n" name={strings.count} fill={COUNT} maxBarSize={28} isAnimationActive={false} />
      <Area
        yAxisId="score"
        dataKey="interval"
        name="95%"
        stroke="none"
        fill={BAND_FILL}
        connectNulls={false}
        isAnimationActive={false}
        activeDot={false}
      />
      {kind === "nps" && <ReferenceLine yAxisId="score" y={0} stroke={GRID} />}
      <Line
        yAxisId="score"
        dataKey="score"
        name={strings.score}
        stroke={BRAND}
        strokeWidth={2.5}
        dot={{ r: 3.5, fill: BRAND }}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Tooltip
        formatter={(value: unknown, name: unknown) => {
          if (name === "95%" && Array.isArray(value))
            return [`${formatScore(locale, kind, value[0])} – ${formatScore(locale, kind, value[1])}`, "95%"];
          if (name === strings.count) return [formatNumber(locale, Number(value)), strings.count];
          return [formatScore(locale, kind, value === null ? null : Number(value)), strings.score];
        }}
      />
    </ComposedChart>
  );
}

export type BarPoint = { label: string; score: number; margin: number; n: number; sentiment?: "negative" | "neutral" | "positive" };

/** Horizontal score bars with 95% whiskers, one per store or touchpoint; the label says score ± margin (n). */
export function ScoreBars({ data, kind, locale }: { data: BarPoint[]; kind: SurveyKind; locale: Locale }) {
  const [min, max] = scoreDomain(kind);
  return (
    <BarChart
      layout="vertical"
      data={data}
      responsive
      style={{ width: "100%", height: data.length * ROW + 24 }}
      margin={{ top: 4, right: 120, bottom: 4, left: 4 }}
      barCategoryGap={7}
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} stroke={GRID} />
      <XAxis type="number" domain={[min, max]} hide />
      <YAxis
        type="category"
        dataKey="label"
        width={150}
        tickLine={false}
        axisLine={false}
        interval={0}
        tick={{ fill: INK_2, fontSize: 12.5 }}
      />
      {kind === "nps" && <ReferenceLine x={0} stroke={MUTED} />}
      <Bar dataKey="score" fill={BRAND} maxBarSize={20} isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.label} fill={d.score < 0 ? NEGATIVE : BRAND} />
        ))}
        <ErrorBar dataKey="margin" width={6} strokeWidth={1.5} stroke={INK_2} direction="x" />
        <LabelList
          dataKey="label"
          position="right"
          offset={60}
          content={({ x, y, width, height, index }) => {
            const d = data[Number(index)];
            if (!d) return null;
            const right = Math.max(Number(x), Number(x) + Number(width));
            return (
              <text x={right + 40} y={Number(y) + Number(height) / 2} dy={4} fill={INK_2} fontSize={12.5}>
                <tspan fontWeight={600}>{formatScore(locale, kind, d.score)}</tspan>
                <tspan fill={MUTED}>{` ${formatMargin(locale, d.margin)} (${formatNumber(locale, d.n)})`}</tspan>
              </text>
            );
          }}
        />
      </Bar>
    </BarChart>
  );
}

export type CountPoint = { label: string; count: number; sentiment: "negative" | "neutral" | "positive" };

/** Most chosen reasons, coloured by the band's leaning. */
export function ReasonBars({ data, locale }: { data: CountPoint[]; locale: Locale }) {
  return (
    <BarChart
      layout="vertical"
      data={data}
      responsive
      style={{ width: "100%", height: data.length * ROW + 16 }}
      margin={{ top: 4, right: 44, bottom: 4, left: 4 }}
      barCategoryGap={7}
      accessibilityLayer={false}
    >
      <XAxis type="number" allowDecimals={false} hide />
      <YAxis
        type="category"
        dataKey="label"
        width={180}
        tickLine={false}
        axisLine={false}
        interval={0}
        tick={{ fill: INK_2, fontSize: 12.5 }}
      />
      <Bar dataKey="count" radius={[0, 4, 4, 0]} maxBarSize={20} isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.label} fill={d.sentiment === "negative" ? NEGATIVE : d.sentiment === "positive" ? BRAND : NEUTRAL} />
        ))}
        <LabelList
          dataKey="count"
          position="right"
          fill={INK_2}
          fontSize={12.5}
          fontWeight={600}
          formatter={(v: unknown) => formatNumber(locale, Number(v))}
        />
      </Bar>
    </BarChart>
  );
}

export type ChannelPoint = { label: string; asks: number; answered: number };

/** Asks and answers side by side per channel. */
export function ChannelBars({
  data,
  locale,
  strings,
}: {
  data: ChannelPoint[];
  locale: Locale;
  strings: { asks: string; answered: string };
}) {
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
      <YAxis allowDecimals={false} width={40} tickLine={false} axisLine={false} tick={{ fill: MUTED, fontSize: 12 }} />
      <Bar dataKey="asks" name={strings.asks} fill={COUNT} maxBarSize={36} isAnimationActive={false}>
        <LabelList dataKey="asks" position="top" fill={INK_2} fontSize={12} formatter={(v: unknown) => formatNumber(locale, Number(v))} />
      </Bar>
      <Bar dataKey="answered" name={strings.answered} fill={BRAND} maxBarSize={36} isAnimationActive={false}>
        <LabelList
          dataKey="answered"
          position="top"
          fill={INK_2}
          fontSize={12}
          fontWeight={600}
          formatter={(v: unknown) => formatNumber(locale, Number(v))}
        />
      </Bar>
      <Tooltip />
    </BarChart>
  );
}
