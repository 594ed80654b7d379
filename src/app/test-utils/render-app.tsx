import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createStore } from "jotai";
import { LoyalLoopApp } from "../app";

/**
 * Renders the whole Mini App (providers, router, session gate) with a fresh jotai store, the
 * way a shopper opens it. Tests then drive it by roles and labels, as a user would.
 */
export function renderApp(opts: { advanceTimers?: (ms: number) => void } = {}) {
  const user = userEvent.setup(opts.advanceTimers ? { advanceTimers: opts.advanceTimers } : {});
  const store = createStore();
  const view = render(<LoyalLoopApp store={store} />);
  return { user, store, ...view };
}

/** Storage is the app's memory between launches; every test starts as a fresh install. */
export function resetDevice() {
  localStorage.clear();
}
