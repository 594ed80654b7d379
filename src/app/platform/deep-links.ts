import { isInsideZalo } from "./environment";
import { loadZaloSdk } from "./zalo-sdk";

/*
 * A deep link opened while the Mini App is already running (a ZNS button tapped while the app
 * is in the background, a QR scanned from Zalo's camera): Zalo does not reload the webview, it
 * sends the running app zmp-sdk's OpenApp event ("h5.event.open.mp"). zmp-sdk 2.51.6
 * (apis/common/eventEmitter.js, read in the package) turns the host's `{ url }` into
 * `{ path }`: the URL's path after `/zapps/<APP_ID>` plus its query, e.g.
 * `/survey/<id>?t=<token>`; it passes the host's data on unchanged when that fails. Zalo's
 * zaui-coffee template navigates to `data.path` the same way (docs/zalo-platform.md §1.3).
 */

type Listener = (path: string) => void;
const listeners = new Set<Listener>();
let zaloSubscribed = false;

/** Where an in-app path may begin: one slash, then a letter (never "//host", never a bare "/"). */
const IN_APP_PATH = /^\/[A-Za-z]/;
const APP_PREFIXES = [/^\/zapps\/[^/]+(?=\/|$)/, /^\/s\/[^/]+(?=\/|$)/];

/**
 * The in-app path an OpenApp event asks for, or null. `{ path }` is what the SDK hands over;
 * `{ url }` (the host's data when the SDK could not convert it) is read the same way, with
 * the runtime's `/zapps/<id>` or the share link's `/s/<id>` taken off. A bare "/" (the app
 * reopened, no target) is null: the member stays where they were.
 */
export function deepLinkPath(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return null;
  const { path, url } = data as { path?: unknown; url?: unknown };
  let candidate: string | null = null;
  if (typeof path === "string") candidate = path;
  else if (typeof url === "string") {
    try {
      const parsed = new URL(url);
      let pathname = parsed.pathname;
      for (const prefix of APP_PREFIXES) pathname = pathname.replace(prefix, "");
      candidate = `${pathname}${parsed.search}`;
    } catch {
      return null;
    }
  }
  return candidate !== null && IN_APP_PATH.test(candidate) ? candidate : null;
}

/**
 * zmp-sdk's `events.on` cannot be undone (its wrapper acknowledges the event to the host), so
 * the app subscribes once and fans out, as platform/app-lifecycle does. Only inside Zalo,
 * where the host sends the event.
 */
function subscribeToZalo() {
  if (zaloSubscribed || !isInsideZalo()) return;
  zaloSubscribed = true;
  loadZaloSdk().then(
    ({ events, EventName }) => {
      events.on(EventName.OpenApp, (data: unknown) => {
        const path = deepLinkPath(data);
        if (path) listeners.forEach((l) => l(path));
      });
    },
    () => {
      zaloSubscribed = false; // the SDK did not download: the next listener tries again
    },
  );
}

/** Calls `listener(path)` for each deep link Zalo hands the running app. Returns the unsubscribe. */
export function onDeepLink(listener: Listener): () => void {
  subscribeToZalo();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
