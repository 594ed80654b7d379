import { useCallback, useEffect } from "react";

/**
 * Asks before unsaved edits are lost. Closing or reloading the tab: the browser asks (its own
 * wording). A link inside the console (the sidebar): the console's router is not a data router
 * (no useBlocker), so a click on an in-app link is caught before the router sees it and goes
 * ahead only once confirmed. The browser's Back/Forward: the popstate is caught before the
 * router's listener (capture phase on window: at the target, capturing listeners run first) and
 * hidden from it while we ask, as useBlocker does for a data router — told to stay, we step back
 * to the editor's entry (history.go by the router's own idx delta); told to leave, the router is
 * handed the popstate it missed. Returns the check for the page's own "back" buttons.
 */
export function useUnsavedGuard(dirty: boolean, message: string): () => boolean {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || link.getAttribute("target") === "_blank" || link.hasAttribute("download")) return;
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    // The router keeps its entry number in history.state.idx (@remix-run/router's browser history).
    const idx = () => (window.history.state as { idx?: number } | null)?.idx;
    const here = idx();
    let passing = false;
    let restoring = false;
    const onPop = (event: PopStateEvent) => {
      if (passing) return;
      if (restoring) {
        restoring = false;
        event.stopImmediatePropagation();
        return;
      }
      const there = idx();
      // Without the router's numbers there is no way back to the editor's entry: let it go.
      if (here === undefined || there === undefined || there === here) return;
      event.stopImmediatePropagation();
      if (window.confirm(message)) {
        passing = true;
        window.dispatchEvent(new PopStateEvent("popstate", { state: window.history.state as unknown }));
        passing = false;
      } else {
        restoring = true;
        window.history.go(here - there);
      }
    };
    window.addEventListener("beforeunload", warn);
    // Capture phase on the document: before React Router's own click handler on the link.
    document.addEventListener("click", onClick, true);
    window.addEventListener("popstate", onPop, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPop, true);
    };
  }, [dirty, message]);
  return useCallback(() => !dirty || window.confirm(message), [dirty, message]);
}
