/**
 * Are we running inside the Zalo app?
 *
 * Rule: the Zalo host injects `window.ZJSBridge` into every Mini App webview before our code
 * runs; a desktop or mobile browser (dev, e2e, the `zmp start` simulator) never has it. This is
 * the same test Zalo's official zaui-market template uses (`const isDev = !window.ZJSBridge`).
 *
 * We deliberately do not reuse zmp-sdk's own hostname check: it treats any "localhost" page as
 * a mock environment and every other host as neither, which says nothing about whether real
 * Zalo APIs (access token, phone prompt, camera) will answer.
 */
export function isInsideZalo(): boolean {
  return typeof window !== "undefined" && "ZJSBridge" in window && Boolean((window as { ZJSBridge?: unknown }).ZJSBridge);
}
