import { describe, expect, it } from "vitest";
import { assignArm, bucketOf, chiSquare, hash32, previewPick, sharesValid, type ArmShares } from "./assignment";

/** Critical values of χ² at p = 0.001 (a true split fails this once in a thousand). */
const CHI2_999 = { 1: 10.828, 2: 13.816 } as const;

const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

describe("the A/B/control split", () => {
  const shares: ArmShares = {
    arms: [
      { key: "A", sharePercent: 45 },
      { key: "B", sharePercent: 45 },
    ],
    controlPercent: 10,
  };

  it("is deterministic per campaign and member, and independent between campaigns", () => {
    expect(assignArm("c1", "m1", shares)).toBe(assignArm("c1", "m1", shares));
    const a = Array.from({ length: 2_000 }, (_, i) => assignArm("campaign-1", uuid(i), shares));
    const b = Array.from({ length: 2_000 }, (_, i) => assignArm("campaign-2", uuid(i), shares));
    expect(a).toEqual(Array.from({ length: 2_000 }, (_, i) => assignArm("campaign-1", uuid(i), shares)));
    // Another campaign draws again: the same members are not all held out every time.
    const bothControl = a.filter((x, i) => x === "control" && b[i] === "control").length;
    expect(bothControl).toBeLessThan(60); // ~1 % of 2,000 expected (10 % × 10 %)
  });

  it("is balanced: χ² over 100,000 sequential member ids stays below p = 0.001, for several shares", () => {
    const cases: ArmShares[] = [
      shares,
      {
        arms: [
          { key: "A", sharePercent: 50 },
          { key: "B", sharePercent: 50 },
        ],
        controlPercent: 0,
      },
      { arms: [{ key: "A", sharePercent: 80 }], controlPercent: 20 },
      {
        arms: [
          { key: "A", sharePercent: 33 },
          { key: "B", sharePercent: 33 },
        ],
        controlPercent: 34,
      },
    ];
    for (const s of cases) {
      const observed: Record<string, number> = {};
      for (let i = 0; i < 100_000; i++) {
        const arm = assignArm("7b0c9a52-52a1-4c6e-9f0e-1d2c3b4a5f60", uuid(i), s);
        observed[arm] = (observed[arm] ?? 0) + 1;
      }
      const { statistic, degreesOfFreedom } = chiSquare(observed, s);
      expect(statistic, JSON.stringify({ s, observed })).toBeLessThan(CHI2_999[degreesOfFreedom as 1 | 2]);
      if (s.controlPercent === 0) expect(observed.control).toBeUndefined();
    }
  });

  it("spreads buckets uniformly (χ² over 100 bins of 100,000 random-looking ids)", () => {
    const bins = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(bucketOf("c", `m-${i * 7919}`) / 100)]!++;
    const e = 1_000;
    const stat = bins.reduce((a, o) => a + (o - e) ** 2 / e, 0);
    expect(stat).toBeLessThan(148.23); // χ²(99) at p = 0.001
  });

  it("hashes as FNV-1a + fmix32 (fixed values: the SQL side or another language must agree)", () => {
    expect(hash32("")).toBe(hash32(""));
    expect(hash32("a")).not.toBe(hash32("b"));
    expect([hash32(""), hash32("a"), hash32("campaign:member")]).toMatchInlineSnapshot(`
      [
        2872998923,
        444641715,
        2384996212,
      ]
    `);
  });

  it("checks shares: whole percents adding to 100, one sending arm at least, keys once", () => {
    expect(sharesValid(shares)).toBe(true);
    expect(sharesValid({ arms: [{ key: "A", sharePercent: 50 }], controlPercent: 40 })).toBe(false);
    expect(sharesValid({ arms: [{ key: "A", sharePercent: 0 }], controlPercent: 100 })).toBe(false);
    expect(sharesValid({ arms: [{ key: "A", sharePercent: 50.5 }], controlPercent: 49.5 })).toBe(false);
    expect(
      sharesValid({
        arms: [
          { key: "A", sharePercent: 50 },
          { key: "A", sharePercent: 50 },
        ],
        controlPercent: 0,
      }),
    ).toBe(false);
  });

  it("previews every arm in turn: A, B, then control, each in card order, up to the limit", () => {
    const c = (n: number, arm: "A" | "B" | "control") => ({ n, arm });
    // Card order puts five A members first: a preview of the first five would show no B.
    const candidates = [c(1, "A"), c(2, "A"), c(3, "A"), c(4, "A"), c(5, "A"), c(6, "control"), c(7, "B"), c(8, "B")];
    const ab = {
      arms: [
        { key: "A" as const, sharePercent: 40 },
        { key: "B" as const, sharePercent: 40 },
      ],
      controlPercent: 20,
    };
    expect(previewPick(candidates, ab, 5).map((x) => x.n)).toEqual([1, 7, 6, 2, 8]);
    expect(previewPick(candidates, ab, 20).map((x) => x.n)).toEqual([1, 7, 6, 2, 8, 3, 4, 5]);
    expect(previewPick(candidates, ab, 1).map((x) => x.n)).toEqual([1]);
    expect(previewPick([], ab, 5)).toEqual([]);
    // An arm without a share never shows; with no control group there is none to show.
    const onlyA = {
      arms: [
        { key: "A" as const, sharePercent: 100 },
        { key: "B" as const, sharePercent: 0 },
      ],
      controlPercent: 0,
    };
    expect(previewPick(candidates, onlyA, 3).map((x) => x.n)).toEqual([1, 2, 3]);
  });
});
