import type { GameSegment } from "../../contract/game";
import type { Locale } from "../../domain/locale/locale";

const R = 100;

/** A point on the wheel's rim (angle 0 at the top, clockwise), for the SVG paths. */
function rim(angle: number, radius = R): [number, number] {
  return [R + radius * Math.sin(angle), R - radius * Math.cos(angle)];
}

/** A label as it fits in a segment (the full text is the image's accessible name and the odds table's). */
const short = (label: string) => ([...label].length > 12 ? `${[...label].slice(0, 11).join("")}…` : label);

/**
 * The wheel as members see it: equal segments in order, whatever their odds (the odds are in
 * the rules, not in the segment's size). Simple SVG arcs; the Mini App draws its own.
 */
export function WheelPreview({ segments, locale }: { segments: readonly GameSegment[]; locale: Locale }) {
  const step = (2 * Math.PI) / Math.max(1, segments.length);
  return (
    <svg className="games-wheel" viewBox="-4 -4 208 208" role="img" aria-label={segments.map((s) => s.label[locale]).join(", ")}>
      {segments.map((s, i) => {
        const [x1, y1] = rim(i * step);
        const [x2, y2] = rim((i + 1) * step);
        const [tx, ty] = rim((i + 0.5) * step, R * 0.62);
        const large = step > Math.PI ? 1 : 0;
        return (
          <g key={s.id}>
            <path d={`M${R},${R} L${x1},${y1} A${R},${R} 0 ${large} 1 ${x2},${y2} Z`} fill={s.color} stroke="#fff" strokeWidth="1.5" />
            <text
              x={tx}
              y={ty}
              fill="#fff"
              fontSize="9"
              fontWeight="600"
              textAnchor="middle"
              dominantBaseline="middle"
              transform={`rotate(${((i + 0.5) * step * 180) / Math.PI} ${tx} ${ty})`}
            >
              {short(s.label[locale])}
            </text>
          </g>
        );
      })}
      <circle cx={R} cy={R} r="10" fill="#fff" stroke="#0f172a" strokeWidth="2" />
    </svg>
  );
}
