import { useEffect, useRef } from "react";
import { useLocation } from "zmp-ui";

/**
 * Runs `refresh` each time the shopper arrives on this page, and when the Mini App comes back
 * to the foreground. Arriving is not always mounting: AnimationRoutes keeps a page it is still
 * animating out, so a quick tab switch back (under 200 ms) returns to the same instance. Each
 * arrival has a new location key, which is what this listens to.
 */
export function usePageEntry(refresh: () => void) {
  const { key } = useLocation();
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    latest.current();
  }, [key]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") latest.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);
}
