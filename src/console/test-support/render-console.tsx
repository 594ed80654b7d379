import { render } from "@testing-library/react";
import { BrowserRouter, MemoryRouter, useLocation } from "react-router-dom";
import { SESSION_STORAGE_KEY } from "../auth-context";
import { installBackGuard } from "../common/unsaved-guard";
import { ConsoleApp } from "../console-app";
import { SESSION } from "./fixtures";

/** Shows the router's current location, so tests can assert what ends up in the URL. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/** Mounts the real console at `path`, as main.tsx does but in memory. */
export function renderConsole(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <ConsoleApp />
      <LocationProbe />
    </MemoryRouter>,
  );
}

/**
 * Mounts the console as main.tsx does (the Back guard installed first), on jsdom's real history, after a visit to `from`: the
 * browser's Back (history.back(), a popstate) goes there. The entries carry the router's idx.
 */
export function renderConsoleInBrowser(from: string, path: string) {
  window.history.replaceState({ usr: null, key: "from", idx: 0 }, "", `/console${from}`);
  window.history.pushState({ usr: null, key: "here", idx: 1 }, "", `/console${path}`);
  installBackGuard();
  return render(
    <BrowserRouter basename="/console" future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <ConsoleApp />
      <LocationProbe />
    </BrowserRouter>,
  );
}

export function storeSession() {
  sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(SESSION));
}

export function storedSession(): unknown {
  const raw = sessionStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as unknown) : null;
}

export function currentLocation(): URL {
  const text = document.querySelector('[data-testid="location"]')?.textContent ?? "";
  return new URL(text, "http://localhost");
}
