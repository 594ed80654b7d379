import { useEffect, useLayoutEffect, useRef, useState, type TransitionEvent } from "react";
import {
  fitLabel,
  labelPlacement,
  landingOffset,
  normalizeAngle,
  readableTextColor,
  segmentPath,
  targetRotation,
} from "../../../domain/game/wheel-geometry";

export type WheelSegment = { id: string; label: string; color: string };

/** One spin the server decided: `id` is new for every spin (its idempotency key), `index` the segment it gave. */
export type WheelSpin = { id: string; index: number };

/** How long a spin lasts. */
export const SPIN_MS = 4800;
/**
 * Fast at first, then a long slow crawl onto the segment, like a wheel losing speed to friction
 * (the curve's start slope is 5: about 2,000°/s for the 5 whole turns of a spin).
 */
export const SPIN_EASING = "cubic-bezier(0.15, 0.75, 0.2, 1)";

const SIZE = 300;
const C = SIZE / 2;
const R = C - 6;

type Phase = "idle" | "spinning" | "landed";

/**
 * The lucky wheel: an SVG of 2–12 equal segments under a fixed pointer at 12 o'clock.
 *
 * It never picks anything: it turns to the segment of the `spin` the server answered, a new
 * spin each time `spin.id` changes. The spin is one CSS transition of `transform` on the
 * wheel's own layer (will-change: transform), so the compositor runs it without the main
 * thread: nothing in React renders while it turns, and a slow phone's busy CPU does not make it
 * stutter. It lands at a random point inside the segment, kept away from its edges
 * (domain/game/wheel-geometry.ts).
 *
 * With prefers-reduced-motion the wheel does not spin: it is set on the segment at once and the
 * segment is highlighted with a short fade.
 */
export function LuckyWheel({
  segments,
  spin,
  onLanded,
  label,
  random = Math.random,
}: {
  segments: readonly WheelSegment[];
  spin: WheelSpin | null;
  /** Called once per spin, when the wheel has stopped on it. */
  onLanded: (spinId: string) => void;
  /** What the wheel is, for screen readers (the result is announced by the page). */
  label: string;
  random?: () => number;
}) {
  const n = segments.length;
  const [rotation, setRotation] = useState(0);
  const [phase, setPhase] = useState<Phase>("idle");
  const [landedIndex, setLandedIndex] = useState<number | null>(null);
  const reduced = usePrefersReducedMotion();
  const spinRef = useRef<WheelSpin | null>(null);
  const rotationRef = useRef(0);
  const onLandedRef = useRef(onLanded);
  useEffect(() => {
    onLandedRef.current = onLanded;
  });

  // A new spin: turn to its segment from wherever the wheel stands.
  useLayoutEffect(() => {
    if (!spin || spin.id === spinRef.current?.id || spin.index < 0 || spin.index >= n) return;
    spinRef.current = spin;
    const offset = landingOffset(random(), n);
    if (reduced) {
      // No whole turns, no transition: the wheel is simply on the result.
      const to = targetRotation({ current: normalizeAngle(rotationRef.current), index: spin.index, n, offset, fullTurns: 0 });
      rotationRef.current = to;
      setRotation(to);
      setLandedIndex(spin.index);
      setPhase("landed");
      onLandedRef.current(spin.id);
      return;
    }
    const to = targetRotation({ current: rotationRef.current, index: spin.index, n, offset });
    rotationRef.current = to;
    setLandedIndex(null);
    setRotation(to);
    setPhase("spinning");
  }, [spin, n, reduced, random]);

  function land() {
    const landing = spinRef.current;
    if (phase !== "spinning" || !landing) return;
    setPhase("landed");
    setLandedIndex(landing.index);
    onLandedRef.current(landing.id);
  }

  // transitionend is the normal end; should it never come (the page hidden mid-spin on some
  // webviews), the wheel still settles a moment after the spin's length.
  useEffect(() => {
    if (phase !== "spinning") return;
    const id = setTimeout(land, SPIN_MS + 800);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per spin (rotation changes with each)
  }, [phase, rotation]);

  function onTransitionEnd(e: TransitionEvent<HTMLDivElement>) {
    if (e.target === e.currentTarget) land();
  }

  return (
    <div className="lucky-wheel" data-phase={phase}>
      <div
        className="lucky-wheel__disc"
        role="img"
        aria-label={label}
        data-testid="wheel-disc"
        data-rotation={rotation}
        data-landed-index={phase === "landed" ? (landedIndex ?? "") : ""}
        style={{
          transform: `rotate(${rotation}deg)`,
          transition: phase === "spinning" ? `transform ${SPIN_MS}ms ${SPIN_EASING}` : "none",
        }}
        onTransitionEnd={onTransitionEnd}
      >
        <svg viewBox={`0 0 ${SIZE} ${SIZE}`} width="100%" height="100%" aria-hidden="true" focusable="false">
          <circle cx={C} cy={C} r={C - 1} className="lucky-wheel__rim" />
          {segments.map((s, i) => {
            const place = labelPlacement(i, n, C, C, R);
            return (
              <g key={s.id}>
                <path d={segmentPath(i, n, C, C, R)} fill={s.color} className="lucky-wheel__segment" />
                <text
                  x={place.x}
                  y={place.y}
                  transform={`rotate(${place.rotate} ${place.x} ${place.y})`}
                  fill={readableTextColor(s.color)}
                  className="lucky-wheel__label"
                  style={{ fontSize: n <= 6 ? 15 : n <= 9 ? 13 : 12 }}
                  textAnchor="middle"
                  dominantBaseline="central"
                >
                  {fitLabel(s.label, n)}
                </text>
              </g>
            );
          })}
          {phase === "landed" && landedIndex !== null && (
            <path d={segmentPath(landedIndex, n, C, C, R)} className="lucky-wheel__highlight" data-testid="wheel-highlight" />
          )}
          <circle cx={C} cy={C} r={22} className="lucky-wheel__hub" />
        </svg>
      </div>
      <svg className="lucky-wheel__pointer" viewBox="0 0 32 40" aria-hidden="true" focusable="false">
        <path d="M16 38 3 8a13 13 0 1 1 26 0Z" />
        <circle cx="16" cy="12" r="5" />
      </svg>
    </div>
  );
}

const REDUCED_QUERY = "(prefers-reduced-motion: reduce)";

/** The shopper's "reduce motion" setting, followed live. */
export function usePrefersReducedMotion(): boolean {
  const query = () => (typeof window.matchMedia === "function" ? window.matchMedia(REDUCED_QUERY) : null);
  const [reduced, setReduced] = useState(() => query()?.matches ?? false);
  useEffect(() => {
    const mq = query();
    if (!mq) return;
    const update = () => setReduced(mq.matches);
    mq.addEventListener?.("change", update);
    return () => mq.removeEventListener?.("change", update);
  }, []);
  return reduced;
}
