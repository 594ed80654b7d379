import { useCallback, useEffect } from "react";

/**
 * Asks before unsaved edits are lost. Closing or reloading the tab: the browser asks (its own
 * wording). A link inside the console (the sidebar): the console's router is not a data router
 * (no useBlocker), so a click on an in-app link is caught before the router sees it and goes
 * ahead only once confirmed. Returns the check for the page's own "back" buttons.
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
    window.addEventListener("beforeunload", warn);
    // Capture phase on the document: before React Router's own click handler on the link.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
  return useCallback(() => !dirty || window.confirm(message), [dirty, message]);
}
