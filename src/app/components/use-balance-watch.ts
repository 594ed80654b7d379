import { useEffect, useRef, useState } from "react";
import { isForeground, onForegroundChange } from "../platform/app-lifecycle";

/** How often the card asks for the balance while the shopper may be at the counter. */
export const BALANCE_POLL_MS = 10_000;
/** How long after the last touch (or arrival, or return to the app) it keeps asking. */
export const BALANCE_WATCH_MS = 3 * 60_000;

/**
 * While the card is on screen the shopper is usually at the counter, and the cashier is about
 * to credit them: re-read the balance every `pollMs`, so the new points appear without a
 * reload. Bounded, to spare the battery and the server: only while the app is in the
 * foreground, and only until `watchMs` after the last interaction (showing up, a touch, coming
 * back to the app). No push channel reaches a Mini App page, so a short poll it is.
 */
export function useBalanceWatch(refresh: () => void, enabled: boolean, { pollMs = BALANCE_POLL_MS, watchMs = BALANCE_WATCH_MS } = {}) {
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    let until = 0;
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const tick = () => {
      if (Date.now() >= until) stop();
      else latest.current();
    };
    const watch = () => {
      until = Date.now() + watchMs;
      if (timer === null && isForeground()) timer = setInterval(tick, pollMs);
    };
    const unsubscribe = onForegroundChange((foreground) => (foreground ? watch() : stop()));
    window.addEventListener("pointerdown", watch, { passive: true });
    watch();
    return () => {
      stop();
      unsubscribe();
      window.removeEventListener("pointerdown", watch);
    };
  }, [enabled, pollMs, watchMs]);
}

/** How long the "+125 điểm" celebration stays on the card. */
export const GAIN_SHOWN_MS = 6_000;

/**
 * The points just added, for a short celebration: set when a fresh balance of the same member
 * is higher than the one before it (not on the first reading, which has nothing to compare
 * with, nor when points were spent), cleared after `GAIN_SHOWN_MS`.
 */
export function usePointsGain(balance: number | null, owner: string | null): { points: number; id: number } | null {
  const [gain, setGain] = useState<{ points: number; id: number } | null>(null);
  const last = useRef<{ owner: string; balance: number } | null>(null);
  useEffect(() => {
    if (balance === null || owner === null) return;
    const before = last.current;
    last.current = { owner, balance };
    if (before && before.owner === owner && balance > before.balance) setGain({ points: balance - before.balance, id: Date.now() });
  }, [balance, owner]);
  useEffect(() => {
    if (!gain) return;
    const id = setTimeout(() => setGain(null), GAIN_SHOWN_MS);
    return () => clearTimeout(id);
  }, [gain]);
  return gain;
}
