import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context";

/**
 * Security headers on every response (issue 10 item 18), by what is answered:
 *
 * - the API: JSON only, so its CSP allows nothing at all; never framed; `Cache-Control: no-store`
 *   unless a route says otherwise, since nearly every answer is a token or personal data (a
 *   card, a ledger, an export) and a shared or back-button cache must not keep it;
 * - the console and the Mini App as served by us to a browser (inside Zalo the Mini App is
 *   served by Zalo, with Zalo's headers): a CSP without 'unsafe-eval' or inline scripts, never
 *   framed (clickjacking a manager's adjust button), no powerful features.
 *
 * The page policy's sources were found by loading both production builds in Chromium and
 * watching every CSP report (test/e2e/security-headers.e2e.test.ts keeps it so):
 * - scripts and styles: only our own files (React and zmp-ui set styles through the DOM, which
 *   CSP allows; zod is told not to probe for eval: src/client/strict-csp.ts);
 * - fonts: our own or data: only. zaui.css's icon font from Zalo's CDN (h5.zadn.vn) is cut out
 *   at build time (scripts/build/zaui-css.ts; we draw our own SVG icons) and the console does
 *   not use zmp-ui, so no page loads a font from elsewhere (issue 12);
 * - images: avatars come from Zalo's CDNs and reward images from any https URL a manager sets,
 *   so any https image; QR codes may be data: URLs;
 * - connect: only our own /api (the built apps call it on their own origin; zmp-sdk made no
 *   request of its own in those runs).
 */
const PAGE_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  fontSrc: ["'self'", "data:"],
  imgSrc: ["'self'", "data:", "blob:", "https:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Features no page of ours uses (the QR scanner is Zalo's, not the browser camera). */
const NO_FEATURES = {
  camera: [],
  microphone: [],
  geolocation: [],
  payment: [],
  usb: [],
  serial: [],
  hid: [],
  midi: [],
  displayCapture: [],
  browsingTopics: [],
};

const common = {
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: NO_FEATURES,
} as const;

const apiHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
});
const pageHeaders = secureHeaders({ ...common, contentSecurityPolicy: PAGE_POLICY });

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const isApi = c.req.path === "/api" || c.req.path.startsWith("/api/");
    if (!isApi) return pageHeaders(c, next);
    await apiHeaders(c, next);
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
    // An uploaded reward image is drawn by the Mini App, which Zalo serves from its own origin:
    // same-origin (secureHeaders' default) would make the WebView refuse the <img>.
    if (c.res.headers.get("content-type")?.startsWith("image/")) c.res.headers.set("cross-origin-resource-policy", "cross-origin");
  };
}
