import { Line, LineChart, YAxis } from "recharts";
import { SPARK_HEIGHT, SPARK_WIDTH } from "./spark-size";

/**
 * The recharts half of the store loop table, loaded on demand (see store-loop-page.tsx): a
 * line of weekly points issued, no axes. Decoration: the row's label says the same numbers.
 */
export function Sparkline({ values }: { values: readonly number[] }) {
  const data = values.map((value, i) => ({ i, value }));
  return (
    <LineChart
      width={SPARK_WIDTH}
      height={SPARK_HEIGHT}
      data={data}
      margin={{ top: 4, right: 3, bottom: 4, left: 3 }}
      accessibilityLayer={false}
    >
      <YAxis hide domain={[0, "dataMax"]} />
      <Line type="monotone" dataKey="value" stroke="#0b6e4f" strokeWidth={1.8} dot={false} isAnimationActive={false} />
    </LineChart>
  );
}
