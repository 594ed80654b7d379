/**
 * The lucky wheel's geometry, shared by the Mini App's wheel and the console's preview: where
 * each segment is, which rotation brings a given segment under the pointer, and what the
 * pointer shows for a rotation. Pure math: no DOM, no randomness (the caller passes its own
 * random number in, so a test can fix it).
 *
 * Conventions (the same as CSS `rotate()` and SVG with y pointing down):
 * - angles are in degrees, measured clockwise from 12 o'clock;
 * - the pointer is fixed at 12 o'clock, above the wheel;
 * - segment i covers [i·s, (i+1)·s) of the wheel's own frame, s = 360 / n: every segment is
 *   the same size whatever its odds (the odds are in the rules, not in the drawing);
 * - a rotation R (clockwise) puts the wheel's angle a at a + R on screen, so the pointer shows
 *   the wheel's angle (−R) mod 360.
 */

export const MIN_SEGMENTS = 2;
export const MAX_SEGMENTS = 12;

/**
 * How far from a segment's edges the landing point may fall, as a share of the segment: the
 * pointer must clearly be inside the won segment, never on a line where the shopper could
 * argue it touched the neighbour.
 */
export const EDGE_MARGIN = 0.18;

/** Full turns before the wheel slows onto its target: enough to read as a real spin. */
export const DEFAULT_FULL_TURNS = 5;

export function assertSegmentCount(n: number): void {
  if (!Number.isInteger(n) || n < MIN_SEGMENTS || n > MAX_SEGMENTS) {
    throw new RangeError(`a wheel has ${MIN_SEGMENTS}–${MAX_SEGMENTS} segments, got ${n}`);
  }
}

/** The angle each of `n` segments spans. */
export function segmentSweep(n: number): number {
  assertSegmentCount(n);
  return 360 / n;
}

/** Where segment `index` starts, ends and has its centre, in the wheel's frame. */
export function segmentAngles(index: number, n: number): { start: number; end: number; center: number } {
  const sweep = segmentSweep(n);
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`segment ${index} of ${n}`);
  return { start: index * sweep, end: (index + 1) * sweep, center: (index + 0.5) * sweep };
}

/** `a mod 360` in [0, 360), for negative angles too. */
export function normalizeAngle(a: number): number {
  const r = a % 360;
  return r < 0 ? r + 360 : r === 0 ? 0 : r;
}

/** The segment under the pointer when the wheel is turned by `rotation` degrees. */
export function segmentAtRotation(rotation: number, n: number): number {
  const sweep = segmentSweep(n);
  const shown = normalizeAngle(-rotation);
  // Guard the float edge where shown / sweep rounds up to n.
  return Math.min(n - 1, Math.floor(shown / sweep));
}

/**
 * Where in the segment the pointer lands: `u` in [0, 1) (a random number from the caller)
 * maps onto the segment's middle part, EDGE_MARGIN away from both edges. u = 0.5 is the centre.
 * Returns the offset from the segment's centre, in degrees.
 */
export function landingOffset(u: number, n: number): number {
  const sweep = segmentSweep(n);
  const clamped = Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5;
  const half = (sweep * (1 - 2 * EDGE_MARGIN)) / 2;
  return (clamped * 2 - 1) * half;
}

/**
 * The rotation to animate to so that segment `index` stops under the pointer: from the
 * wheel's current rotation, `fullTurns` whole turns plus whatever brings the landing point
 * (the segment's centre + `offset`, see landingOffset) to 12 o'clock. Always forward (the
 * result is ≥ current + fullTurns·360 and < current + (fullTurns+1)·360), so a wheel that
 * has already spun keeps turning the same way from where it stands.
 */
export function targetRotation(args: { current: number; index: number; n: number; offset: number; fullTurns?: number }): number {
  const { current, index, n, offset } = args;
  const fullTurns = args.fullTurns ?? DEFAULT_FULL_TURNS;
  if (!Number.isInteger(fullTurns) || fullTurns < 0) throw new RangeError(`fullTurns ${fullTurns}`);
  const { center } = segmentAngles(index, n);
  const half = segmentSweep(n) / 2;
  if (!(Math.abs(offset) < half)) throw new RangeError(`offset ${offset} leaves a ${2 * half}° segment`);
  // The pointer shows (−R) mod 360, so R ≡ −(centre + offset).
  const wanted = normalizeAngle(-(center + offset));
  const delta = normalizeAngle(wanted - normalizeAngle(current));
  return current + fullTurns * 360 + delta;
}

/** A point on the circle of radius `r` around (cx, cy) at `angle` (clockwise from 12 o'clock). */
export function pointAt(cx: number, cy: number, r: number, angle: number): { x: number; y: number } {
  const rad = (angle * Math.PI) / 180;
  return { x: cx + r * Math.sin(rad), y: cy - r * Math.cos(rad) };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The SVG path (`d`) of segment `index`: a pie slice of radius `r` around (cx, cy). */
export function segmentPath(index: number, n: number, cx: number, cy: number, r: number): string {
  const { start, end } = segmentAngles(index, n);
  const a = pointAt(cx, cy, r, start);
  const b = pointAt(cx, cy, r, end);
  // sweep-flag 1 = clockwise on screen; no slice is larger than 180° (n ≥ 2).
  return `M${round(cx)} ${round(cy)}L${round(a.x)} ${round(a.y)}A${round(r)} ${round(r)} 0 0 1 ${round(b.x)} ${round(b.y)}Z`;
}

/**
 * Where a segment's label goes: written along the radius from the hub outwards, centred on the
 * segment's middle. `rotate` is the SVG rotation for text drawn left-to-right at (x, y)
 * (text-anchor middle), so it reads from the centre to the rim.
 */
export function labelPlacement(index: number, n: number, cx: number, cy: number, r: number): { x: number; y: number; rotate: number } {
  const { center } = segmentAngles(index, n);
  const p = pointAt(cx, cy, r * 0.6, center);
  return { x: round(p.x), y: round(p.y), rotate: round(center - 90) };
}

/** The longest label a segment shows in full; longer ones end in "…" (the rules sheet has the full name). */
export function maxLabelChars(n: number): number {
  assertSegmentCount(n);
  return n <= 6 ? 16 : n <= 9 ? 13 : 11;
}

/** A label that fits its segment: whole when short enough, else cut at a word (or, for one long word, a character) with "…". */
export function fitLabel(label: string, n: number): string {
  const max = maxLabelChars(n);
  const chars = Array.from(label.trim());
  if (chars.length <= max) return chars.join("");
  const cut = chars.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const kept = space >= max / 2 ? cut.slice(0, space) : cut;
  return `${kept.join("").trimEnd()}…`;
}

/**
 * Black or white text on a segment colour (#rgb or #rrggbb), whichever contrasts more (WCAG
 * relative luminance). Anything else gets dark text on the assumption of a light fill.
 */
export function readableTextColor(background: string): "#111111" | "#ffffff" {
  const rgb = parseHex(background);
  if (!rgb) return "#111111";
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05), with near-black (L ≈ 0.0056) (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? "#ffffff" : "#111111";
}

function parseHex(value: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? Array.from(m[1]!, (c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
