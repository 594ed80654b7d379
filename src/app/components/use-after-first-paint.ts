import { useEffect, useState } from "react";
import { afterFirstPaint, hasPaintedOnce } from "../platform/after-paint";

/**
 * False until the app's first frame has painted (platform/after-paint.ts): renders what the
 * first screen can do without — a background sender, an on-demand chunk — only after it.
 */
export function useAfterFirstPaint(): boolean {
  const [done, setDone] = useState(hasPaintedOnce);
  useEffect(() => {
    if (done) return;
    let live = true;
    void afterFirstPaint().then(() => {
      if (live) setDone(true);
    });
    return () => {
      live = false;
    };
  }, [done]);
  return done;
}
