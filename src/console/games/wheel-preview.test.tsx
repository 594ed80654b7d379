import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { GameSegment } from "../../contract/game";
import { fitLabel } from "../../domain/game/wheel-geometry";
import { WheelPreview } from "./wheel-preview";

const segment = (i: number, vi: string, color = "#0b6e4f"): GameSegment => ({
  id: `s${i}`,
  label: { vi, en: `Prize ${i}` },
  color,
  prize: "points",
  value: 10,
  rewardId: null,
  weight: 1,
  stock: null,
});

describe("the console's wheel preview", () => {
  it("cuts long labels as the Mini App does, keeps the full ones as the image's name, and writes on light fills in dark", () => {
    const long = "Phiếu giảm giá 50.000 ₫ cho đơn từ 200.000 ₫";
    const segments = Array.from({ length: 12 }, (_, i) => segment(i, i === 0 ? long : `Quà ${i}`, i === 1 ? "#fde68a" : "#0b6e4f"));
    const { container } = render(<WheelPreview segments={segments} locale="vi" />);
    const texts = [...container.querySelectorAll("text")];
    expect(texts).toHaveLength(12);
    expect(texts[0]!.textContent).toBe(fitLabel(long, 12));
    expect([...texts[0]!.textContent!].length).toBeLessThanOrEqual(11);
    expect(texts[0]!.textContent!.endsWith("…")).toBe(true);
    expect(texts[2]!.textContent).toBe("Quà 2");
    expect(texts[1]!.getAttribute("fill")).toBe("#111111");
    expect(texts[2]!.getAttribute("fill")).toBe("#ffffff");
    expect(container.querySelector("svg")!.getAttribute("aria-label")).toContain(long);
  });

  it("draws only the rim while a draft has fewer segments than a wheel needs", () => {
    const { container } = render(<WheelPreview segments={[segment(0, "Một mình")]} locale="vi" />);
    expect(container.querySelectorAll("path")).toHaveLength(0);
    expect(container.querySelector("svg")!.getAttribute("aria-label")).toBe("Một mình");
  });
});
