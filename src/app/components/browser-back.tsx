import { useEffect, useRef } from "react";
import { useNavigationType } from "react-router-dom";
import { useLocation, useNavigate } from "zmp-ui";

type Navigate = ReturnType<typeof useNavigate>;

/**
 * Outside Zalo the router keeps its history in memory (LoyalLoopApp explains why), so the
 * browser's own back button, or a phone's back gesture, would leave the app from any page.
 * This mirrors the router's history into the browser's: each forward navigation adds a browser
 * entry tagged with its depth, an in-app back (the page's back arrow) takes the browser back
 * too, and a browser back or forward moves the router by the same number of steps.
 * Replacing navigations (tabs, redirects) add nothing, as in the router. Entries are tagged
 * with this run of the app too: after a reload the browser still holds the previous run's
 * entries, which the new run's router knows nothing about.
 */
export function BrowserBackBridge() {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  const navigate = useNavigate();
  const latestNavigate = useRef<Navigate>(navigate);
  latestNavigate.current = navigate;
  /** Router entries above the first one, as the browser knows them. */
  const depth = useRef(0);
  /** Browser pops this bridge caused itself (following an in-app back): not to be replayed. */
  const ownPops = useRef(0);
  /** The router move in progress came from the browser: the browser is already there. */
  const fromBrowser = useRef(false);
  const run = useRef(Math.random().toString(36).slice(2));

  useEffect(() => {
    window.history.replaceState({ llRun: run.current, llDepth: 0 }, "");
  }, []);

  useEffect(() => {
    if (fromBrowser.current) {
      fromBrowser.current = false;
      return;
    }
    if (navigationType === "PUSH") {
      depth.current += 1;
      window.history.pushState({ llRun: run.current, llDepth: depth.current }, "");
    } else if (navigationType === "POP" && depth.current > 0) {
      depth.current -= 1;
      ownPops.current += 1;
      window.history.back();
    }
    // The first render is a POP at depth 0: nothing to mirror.
  }, [key, navigationType]);

  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      if (ownPops.current > 0) {
        ownPops.current -= 1;
        return;
      }
      const state = event.state as { llRun?: string; llDepth?: number } | null;
      // An entry from before this run (the page was reloaded): nothing of ours to go back to.
      if (state?.llRun !== run.current) return;
      const target = state.llDepth ?? 0;
      const delta = target - depth.current;
      if (delta === 0) return;
      depth.current = target;
      fromBrowser.current = true;
      latestNavigate.current(delta);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  return null;
}
