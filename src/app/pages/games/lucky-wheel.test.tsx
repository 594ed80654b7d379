import { fireEvent, render, screen } from "@testing-library/react";
import { Provider } from "jotai";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EDGE_MARGIN, normalizeAngle, segmentAtRotation } from "../../../domain/game/wheel-geometry";
import { LuckyWheel, type WheelSegment, type WheelSpin } from "./lucky-wheel";

const SEGMENTS: WheelSegment[] = [
  { id: "a", label: "10 điểm", color: "#0b6e4f" },
  { id: "b", label: "Chúc bạn may mắn lần sau", color: "#fde68a" },
  { id: "c", label: "Voucher 20.000 ₫", color: "#1d4ed8" },
  { id: "d", label: "50 điểm", color: "#f97316" },
  { id: "e", label: "Trà sữa miễn phí", color: "#ffffff" },
];

function Harness({ onLanded, random }: { onLanded: (id: string) => void; random?: () => number }) {
  const [spin, setSpin] = useState<WheelSpin | null>(null);
  return (
    <Provider>
      <LuckyWheel segments={SEGMENTS} spin={spin} onLanded={onLanded} label="Vòng quay" random={random} />
      <button type="button" onClick={() => setSpin({ id: "k1", index: 2 })}>
        spin 2
      </button>
      <button type="button" onClick={() => setSpin({ id: "k2", index: 4 })}>
        spin 4
      </button>
      <button type="button" onClick={() => setSpin({ id: "k2", index: 0 })}>
        same key
      </button>
    </Provider>
  );
}

const disc = () => screen.getByTestId("wheel-disc");
const rotation = () => Number(disc().dataset.rotation);

function mockReducedMotion(reduce: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: reduce && query.includes("reduce"),
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
}

afterEach(() => vi.unstubAllGlobals());

describe("lucky wheel", () => {
  it("spins several turns with a transform transition and stops on the server's segment", () => {
    mockReducedMotion(false);
    const onLanded = vi.fn();
    render(<Harness onLanded={onLanded} random={() => 0.9} />);
    expect(disc()).toHaveStyle({ transform: "rotate(0deg)" });

    fireEvent.click(screen.getByRole("button", { name: "spin 2" }));
    expect(rotation()).toBeGreaterThanOrEqual(5 * 360);
    expect(segmentAtRotation(rotation(), SEGMENTS.length)).toBe(2);
    expect(disc().style.transform).toBe(`rotate(${rotation()}deg)`);
    expect(disc().style.transition).toMatch(/^transform \d+ms cubic-bezier/);
    // Only transform animates: nothing else of the wheel changes while it turns.
    expect(disc().closest(".lucky-wheel")).toHaveAttribute("data-phase", "spinning");
    expect(onLanded).not.toHaveBeenCalled();

    fireEvent.transitionEnd(disc());
    expect(onLanded).toHaveBeenCalledExactlyOnceWith("k1");
    expect(disc()).toHaveAttribute("data-landed-index", "2");
    expect(screen.getByTestId("wheel-highlight")).toBeInTheDocument();
    expect(disc().style.transition).toBe("none");
  });

  it("the next spin turns forward from where the wheel stands; the same spin id does not spin again", () => {
    mockReducedMotion(false);
    const onLanded = vi.fn();
    render(<Harness onLanded={onLanded} random={() => 0.1} />);
    fireEvent.click(screen.getByRole("button", { name: "spin 2" }));
    fireEvent.transitionEnd(disc());
    const first = rotation();

    fireEvent.click(screen.getByRole("button", { name: "spin 4" }));
    expect(rotation()).toBeGreaterThanOrEqual(first + 5 * 360);
    expect(segmentAtRotation(rotation(), SEGMENTS.length)).toBe(4);
    fireEvent.transitionEnd(disc());
    const second = rotation();

    // A re-render with the same spin id (e.g. the server's replay of the same key) is not a new spin.
    fireEvent.click(screen.getByRole("button", { name: "same key" }));
    expect(rotation()).toBe(second);
    expect(onLanded.mock.calls.map((c) => c[0])).toEqual(["k1", "k2"]);
  });

  it("never lands on a segment edge, whatever the random number", () => {
    mockReducedMotion(false);
    for (const u of [0, 0.000001, 0.5, 0.999999]) {
      const { unmount } = render(<Harness onLanded={() => undefined} random={() => u} />);
      fireEvent.click(screen.getByRole("button", { name: "spin 2" }));
      const sweep = 360 / SEGMENTS.length;
      const within = normalizeAngle(-rotation()) - 2 * sweep;
      expect(within).toBeGreaterThanOrEqual(sweep * EDGE_MARGIN - 1e-9);
      expect(within).toBeLessThanOrEqual(sweep * (1 - EDGE_MARGIN) + 1e-9);
      unmount();
    }
  });

  it("reduced motion: no spin, no transition; set on the segment and highlighted at once", () => {
    mockReducedMotion(true);
    const onLanded = vi.fn();
    render(<Harness onLanded={onLanded} />);
    fireEvent.click(screen.getByRole("button", { name: "spin 2" }));
    expect(rotation()).toBeLessThan(360);
    expect(segmentAtRotation(rotation(), SEGMENTS.length)).toBe(2);
    expect(disc().style.transition).toBe("none");
    expect(onLanded).toHaveBeenCalledExactlyOnceWith("k1");
    expect(screen.getByTestId("wheel-highlight")).toBeInTheDocument();
  });

  it("draws every segment with its label (long ones shortened) in a readable colour", () => {
    mockReducedMotion(false);
    render(<Harness onLanded={() => undefined} />);
    const texts = Array.from(disc().querySelectorAll("text"));
    expect(texts.map((t) => t.textContent)).toEqual(["10 điểm", "Chúc bạn may…", "Voucher 20.000 ₫", "50 điểm", "Trà sữa miễn phí"]);
    expect(texts[0]).toHaveAttribute("fill", "#ffffff");
    expect(texts[1]).toHaveAttribute("fill", "#111111");
    expect(screen.getByRole("img", { name: "Vòng quay" })).toBe(disc());
  });
});
