import { useCallback, useEffect } from "react";

// The dirty editor's words and the router's number for its history entry (@remix-run/router's
// browser history keeps it in history.state.idx); null while nothing is unsaved.
let active: { message: string; idx: number | undefined } | null = null;
let installed = false;
const entry = () => (window.history.state as { idx?: number } | null)?.idx;

/**
 * The browser's Back/Forward while edits are unsaved (see useUnsavedGuard). Called by main.tsx
 * before the router mounts, so this popstate listener runs before the router's: Chromium calls
 * a window's listeners in the order they were added, capture or not. The popstate is hidden from
 * the router while we ask, as useBlocker does for a data router — told to stay, we step back to
 * the editor's entry (history.go by the idx difference, that popstate hidden too); told to leave,
 * the router is handed the popstate it missed.
 */
export function installBackGuard(): void {
  if (installed) return;
  installed = true;
  let passing = false;
  let restoring = false;
  window.addEventListener("popstate", (event) => {
    if (passing) return;
    if (restoring) {
      restoring = false;
      event.stopImmediatePropagation();
      return;
    }
    const here = active?.idx;
    const there = entry();
    // Without the router's numbers there is no way back to the editor's entry: let it go.
    if (!active || here === undefined || there === undefined || there === here) return;
    event.stopImmediatePropagation();
    if (window.confirm(active.message)) {
      passing = true;
      window.dispatchEvent(new PopStateEvent("popstate", { state: window.history.state as unknown }));
      passing = false;
    } else {
      restoring = true;
      window.history.go(here - there);
    }
  });
}

/**
 * Asks before unsaved edits are lost. Closing or reloading the tab: the browser asks (its own
 * wording). A link inside the console (the sidebar): the console's router is not a data router
 * (no useBlocker), so a click on an in-app link is caught before the router sees it and goes
 * ahead only once confirmed. The browser's Back: installBackGuard, with the same words. Returns
 * the check for the page's own "back" buttons.
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
    const guard = { message, idx: entry() };
    active = guard;
    window.addEventListener("beforeunload", warn);
    // Capture phase on the document: before React Router's own click handler on the link.
    document.addEventListener("click", onClick, true);
    return () => {
      if (active === guard) active = null;
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
  return useCallback(() => !dirty || window.confirm(message), [dirty, message]);
}
