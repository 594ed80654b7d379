import { afterEach, describe, expect, it, vi } from "vitest";

/*
 * afterFirstPaint keeps its promise in a module variable (one first paint per app start): each
 * case loads a fresh copy of the module.
 */
async function freshModule() {
  vi.resetModules();
  return import("./after-paint");
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("afterFirstPaint", () => {
  it("waits for an animation frame and the task after it, then says it has painted", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { afterFirstPaint, hasPaintedOnce } = await freshModule();
    let done = false;
    void afterFirstPaint().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(frames).toHaveLength(1);

    frames[0]!(0); // the frame: the paint follows it, so nothing yet
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersToNextTimerAsync(); // the task after that paint
    expect(done).toBe(true);
    expect(hasPaintedOnce()).toBe(true);
    // Asked again later: the same answer, no new frame needed.
    await afterFirstPaint();
    expect(frames).toHaveLength(1);
  });

  it("goes on without frames that never come (a page the browser does not paint)", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { afterFirstPaint } = await freshModule();
    let done = false;
    void afterFirstPaint().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it("does not wait at all in a hidden page", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    const { afterFirstPaint } = await freshModule();
    await afterFirstPaint();
    expect(frames).toHaveLength(0);
    vi.restoreAllMocks();
  });
});
