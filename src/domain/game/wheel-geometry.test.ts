import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EDGE_MARGIN,
  fitLabel,
  labelPlacement,
  landingOffset,
  normalizeAngle,
  pointAt,
  readableTextColor,
  segmentAngles,
  segmentAtRotation,
  segmentPath,
  targetRotation,
} from "./wheel-geometry";

describe("segments", () => {
  it("n equal slices clockwise from 12 o'clock, covering the circle once", () => {
    expect(segmentAngles(0, 4)).toEqual({ start: 0, end: 90, center: 45 });
    expect(segmentAngles(3, 4)).toEqual({ start: 270, end: 360, center: 315 });
    expect(segmentAngles(1, 12)).toEqual({ start: 30, end: 60, center: 45 });
  });

  it("refuses fewer than 2 or more than 12 segments, and indexes outside the wheel", () => {
    expect(() => segmentAngles(0, 1)).toThrow(RangeError);
    expect(() => segmentAngles(0, 13)).toThrow(RangeError);
    expect(() => segmentAngles(4, 4)).toThrow(RangeError);
    expect(() => segmentAngles(-1, 4)).toThrow(RangeError);
    expect(() => segmentAngles(0.5, 4)).toThrow(RangeError);
  });

  it("the pointer shows the segment whose slice is at 12 o'clock after the rotation", () => {
    // Not turned: the pointer is on segment 0's start edge, i.e. inside segment 0.
    expect(segmentAtRotation(0, 4)).toBe(0);
    // Turned 10° clockwise: what was at −10° (= 350°, segment 3) is under the pointer.
    expect(segmentAtRotation(10, 4)).toBe(3);
    expect(segmentAtRotation(-10, 4)).toBe(0);
    expect(segmentAtRotation(-100, 4)).toBe(1);
    expect(segmentAtRotation(360 * 7 - 45, 4)).toBe(0);
    expect(segmentAtRotation(360 * 7 - 135, 4)).toBe(1);
  });

  it("normalizes angles into [0, 360)", () => {
    expect(normalizeAngle(-0)).toBe(0);
    expect(normalizeAngle(-1)).toBe(359);
    expect(normalizeAngle(720)).toBe(0);
    expect(normalizeAngle(725.5)).toBe(5.5);
  });
});

describe("landing", () => {
  it("the offset stays EDGE_MARGIN away from the segment's edges, centre at u = 0.5", () => {
    const half = (90 * (1 - 2 * EDGE_MARGIN)) / 2;
    expect(landingOffset(0.5, 4)).toBe(0);
    expect(landingOffset(0, 4)).toBeCloseTo(-half);
    expect(landingOffset(0.999999, 4)).toBeLessThan(half);
    expect(landingOffset(1, 4)).toBeCloseTo(half);
    expect(landingOffset(Number.NaN, 4)).toBe(0);
    expect(landingOffset(7, 4)).toBeCloseTo(half);
  });

  it("lands on the asked segment, forward, after the full turns, whatever the start and the offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(11),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        (n, i, u, current, fullTurns) => {
          const index = i % n;
          const offset = landingOffset(u, n);
          const to = targetRotation({ current, index, n, offset, fullTurns });
          expect(segmentAtRotation(to, n)).toBe(index);
          expect(to).toBeGreaterThanOrEqual(current + fullTurns * 360 - 1e-6);
          expect(to).toBeLessThan(current + (fullTurns + 1) * 360 + 1e-6);
          // The pointer is inside the segment, at least the margin away from either edge.
          const sweep = 360 / n;
          const shown = normalizeAngle(-to);
          const within = shown - index * sweep;
          expect(within).toBeGreaterThanOrEqual(sweep * EDGE_MARGIN - 1e-6);
          expect(within).toBeLessThanOrEqual(sweep * (1 - EDGE_MARGIN) + 1e-6);
        },
      ),
    );
  });

  it("exact values: from rest, 5 turns then the segment's centre under the pointer", () => {
    // Segment 1 of 4 is centred on 135°; it reaches 12 o'clock after turning 225° (≡ −135°).
    expect(targetRotation({ current: 0, index: 1, n: 4, offset: 0 })).toBe(5 * 360 + 225);
    // Already turned by 225°: another 5 whole turns lands on the same place.
    expect(targetRotation({ current: 225, index: 1, n: 4, offset: 0 })).toBe(225 + 5 * 360);
    // An offset of +10° moves the landing point clockwise in the slice: 10° less to turn.
    expect(targetRotation({ current: 0, index: 1, n: 4, offset: 10, fullTurns: 2 })).toBe(2 * 360 + 215);
  });

  it("refuses an offset that would leave the segment", () => {
    expect(() => targetRotation({ current: 0, index: 0, n: 4, offset: 45 })).toThrow(RangeError);
    expect(() => targetRotation({ current: 0, index: 0, n: 4, offset: Number.NaN })).toThrow(RangeError);
    expect(() => targetRotation({ current: 0, index: 0, n: 4, offset: 0, fullTurns: -1 })).toThrow(RangeError);
  });
});

describe("drawing", () => {
  it("points on the circle clockwise from 12 o'clock (y down)", () => {
    const p = pointAt(100, 100, 50, 90);
    expect(p.x).toBeCloseTo(150);
    expect(p.y).toBeCloseTo(100);
    const top = pointAt(100, 100, 50, 0);
    expect(top.x).toBeCloseTo(100);
    expect(top.y).toBeCloseTo(50);
  });

  it("a slice path from the centre to its two rim points, clockwise", () => {
    expect(segmentPath(0, 4, 100, 100, 50)).toBe("M100 100L100 50A50 50 0 0 1 150 100Z");
    expect(segmentPath(0, 2, 100, 100, 50)).toBe("M100 100L100 50A50 50 0 0 1 100 150Z");
  });

  it("labels sit on the slice's middle radius, written outwards", () => {
    const l = labelPlacement(0, 4, 100, 100, 100);
    expect(l.rotate).toBe(-45);
    expect(l.x).toBeCloseTo(100 + 60 * Math.sin(Math.PI / 4), 2);
    expect(l.y).toBeCloseTo(100 - 60 * Math.cos(Math.PI / 4), 2);
  });

  it("long labels end in an ellipsis after a whole word, counted in characters (Vietnamese letters count once)", () => {
    expect(fitLabel("50 điểm", 8)).toBe("50 điểm");
    expect(fitLabel("Chúc bạn may mắn lần sau", 12)).toBe("Chúc bạn…");
    expect(fitLabel("Chúc bạn may mắn lần sau", 4)).toBe("Chúc bạn may…");
    expect(fitLabel("Siêuưuđãicựckhủngdànhchobạn", 12)).toBe("Siêuưuđãic…");
    expect(Array.from(fitLabel("Siêuưuđãicựckhủngdànhchobạn", 12))).toHaveLength(11);
  });

  it("text colour: white on dark fills, near-black on light ones", () => {
    expect(readableTextColor("#000")).toBe("#ffffff");
    expect(readableTextColor("#1d4ed8")).toBe("#ffffff");
    expect(readableTextColor("#fde68a")).toBe("#111111");
    expect(readableTextColor("#FFFFFF")).toBe("#111111");
    expect(readableTextColor("red")).toBe("#111111");
  });
});
