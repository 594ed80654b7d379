import { isInsideZalo } from "./environment";
import { loadZaloSdk } from "./zalo-sdk";

type Listener = (foreground: boolean) => void;
const listeners = new Set<Listener>();
let zaloSubscribed = false;

/**
 * zmp-sdk's `events.on` wraps each handler (to acknowledge the event to the host), so
 * `events.off(name, handler)` cannot remove it again. Subscribe once for the whole app and
 * fan out to our own listeners instead. Only inside Zalo, where the host sends these events:
 * in a browser the SDK (a chunk of its own, platform/zalo-sdk.ts) is not fetched for them.
 */
function subscribeToZalo() {
  if (zaloSubscribed || !isInsideZalo()) return;
  zaloSubscribed = true;
  loadZaloSdk().then(
    ({ events, EventName }) => {
      events.on(EventName.AppPaused, () => listeners.forEach((l) => l(false)));
      events.on(EventName.AppResumed, () => listeners.forEach((l) => l(true)));
    },
    () => {
      zaloSubscribed = false; // the SDK did not download: the next listener tries again
    },
  );
}

/**
 * Calls `listener(false)` when the Mini App goes to the background and `listener(true)` when it
 * comes back. Inside Zalo the host says so with zmp-sdk's AppPaused / AppResumed events (the
 * webview is not always told through the page's visibility); in a browser the page's
 * visibilitychange says it. Both are listened to: a second call in the same direction is
 * harmless to the listeners here. Returns the unsubscribe.
 */
export function onForegroundChange(listener: Listener): () => void {
  subscribeToZalo();
  const onVisibility = () => listener(document.visibilityState === "visible");
  document.addEventListener("visibilitychange", onVisibility);
  listeners.add(listener);
  return () => {
    document.removeEventListener("visibilitychange", onVisibility);
    listeners.delete(listener);
  };
}

export function isForeground(): boolean {
  return document.visibilityState === "visible";
}
