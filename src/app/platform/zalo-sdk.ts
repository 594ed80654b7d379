import { onDemand } from "./on-demand";

/**
 * zmp-sdk, loaded on demand (issue 12, docs/decisions/0028-zod-and-zmp-sdk-off-the-first-route.md): it is
 * 34 KB gzip (a private copy of zod 3 included) that the first screen in a browser never needs
 * (storage is localStorage there, the dev identity needs no SDK call), so it is a chunk of its
 * own instead of a part of the first route. Inside Zalo, main.tsx waits for it before the first
 * render, because nativeStorage (the session, the cached card) lives behind it.
 *
 * Every module that calls the SDK from the first route goes through here; modules only lazy
 * pages import (qr-scanner, phone-number, zalo-permissions) import "zmp-sdk/apis" directly,
 * which puts the same chunk in their pages' static imports.
 */
export type ZaloSdk = typeof import("./zalo-sdk-apis");

const sdk = onDemand(() => import("./zalo-sdk-apis"));

/** The SDK; one download however many callers ask. A failed download is tried again on the next call. */
export const loadZaloSdk: () => Promise<ZaloSdk> = sdk.load;

/** The SDK if it has arrived, else null (synchronous callers: storage). */
export const loadedZaloSdk: () => ZaloSdk | null = sdk.loaded;
