/**
 * Resolves once the browser has painted the frame after the call: work that the first screen
 * can do without (fetching the API chunk for a member whose card is drawn from the phone's
 * copy, the background senders of queued taps) starts after that paint, not before it.
 *
 * Why: each on-demand import made during the first render makes Vite's preload helper add a
 * <link rel="modulepreload"> per dependency, and on a phone (CPU ÷4) those, with the chunk's
 * evaluation, held the card's first paint back by 100–300 ms (issue 12's profile).
 *
 * requestAnimationFrame runs just before a paint; the timeout after it runs once that paint
 * is done. A hidden page paints nothing (and runs no animation frames): it goes on at once,
 * as it does when the frames never come (the fallback timer), so nothing waits forever.
 */
let firstPaint: Promise<void> | null = null;
let painted = false;

const FALLBACK_MS = 1_000;

export function afterFirstPaint(): Promise<void> {
  firstPaint ??= new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame !== "function" || document.visibilityState === "hidden") return resolve();
    const fallback = setTimeout(resolve, FALLBACK_MS);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  }).then(() => {
    painted = true;
  });
  return firstPaint;
}

/** Whether afterFirstPaint has resolved (a component mounted later need not wait a render). */
export function hasPaintedOnce(): boolean {
  return painted;
}
