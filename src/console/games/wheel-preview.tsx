import type { GameSegment } from "../../contract/game";
import { fitLabel, labelPlacement, MAX_SEGMENTS, MIN_SEGMENTS, readableTextColor, segmentPath } from "../../domain/game/wheel-geometry";
import type { Locale } from "../../domain/locale/locale";

const C = 100;
const R = 98;

/**
 * The wheel as members see it: equal segments in order, whatever their odds (the odds are in
 * the rules, not in the segment's size), drawn with the Mini App's own geometry — labels along
 * the radius, cut to the same length with "…", in the text colour that contrasts with the fill —
 * so a label that does not fit in the Mini App does not fit here either. The full labels are the
 * image's accessible name and the odds table's.
 */
export function WheelPreview({ segments, locale }: { segments: readonly GameSegment[]; locale: Locale }) {
  const n = segments.length;
  // While a draft has fewer segments than a wheel can have (or more), only the rim is drawn.
  const drawable = n >= MIN_SEGMENTS && n <= MAX_SEGMENTS;
  // The Mini App's sizes (15/13/12 px on its 300-unit wheel) at this wheel's 200 units.
  const fontSize = n <= 6 ? 10 : n <= 9 ? 8.7 : 8;
  return (
    <svg className="games-wheel" viewBox="-4 -4 208 208" role="img" aria-label={segments.map((s) => s.label[locale]).join(", ")}>
      <circle cx={C} cy={C} r={C} fill="#e2e8f0" />
      {drawable &&
        segments.map((s, i) => {
          const place = labelPlacement(i, n, C, C, R);
          return (
            <g key={s.id}>
              <path d={segmentPath(i, n, C, C, R)} fill={s.color} stroke="#fff" strokeWidth="1.5" />
              <text
                x={place.x}
                y={place.y}
                fill={readableTextColor(s.color)}
                fontSize={fontSize}
                fontWeight="600"
                textAnchor="middle"
                dominantBaseline="central"
                transform={`rotate(${place.rotate} ${place.x} ${place.y})`}
              >
                {fitLabel(s.label[locale], n)}
              </text>
            </g>
          );
        })}
      <circle cx={C} cy={C} r="10" fill="#fff" stroke="#0f172a" strokeWidth="2" />
    </svg>
  );
}
