import { ApiError } from "../../client/api-error";
import { afterFirstPaint } from "../platform/after-paint";
import { onDemand } from "../platform/on-demand";
import { platformStorage } from "../platform/storage";

/**
 * The API client and the contract's schemas, loaded on demand (issue 12, decision 0028): zod
 * and the schemas are ≈ 37 KB gzip the first screen can paint without. The download starts
 * once the first screen has painted: a returning member's card from what is cached (checked by
 * shape, state/cache-guards.ts), a first visit's welcome; every API call of the first route
 * goes through `callApi`, which waits for the chunk before sending.
 */
export type ApiChunk = typeof import("./api-chunk");

const apiChunk = onDemand(
  () => import("./api-chunk"),
  () => new ApiError(0, "network", "Không tải được ứng dụng."),
);

/**
 * The chunk; one download however many callers ask. A failed download (offline before it was
 * ever cached) rejects as a network failure, so the screens say "no connection" and offer a
 * retry, and is tried again on the next call.
 */
export const loadApi = (): Promise<ApiChunk> =>
  // Inside Zalo the tokens are in nativeStorage (the first paint's mirror never holds them):
  // nothing is sent before zmp-sdk has arrived with it (platform/storage.ts). The download
  // starts after the first paint (platform/after-paint.ts): the card drawn from the phone's
  // copies, or the welcome, paints first.
  Promise.all([afterFirstPaint().then(() => apiChunk.load()), platformStorage.settled()]).then(([chunk]) => chunk);

/** The chunk if it has arrived, else null (synchronous readers of the caches). */
export const loadedApi: () => ApiChunk | null = apiChunk.loaded;

/**
 * Calls the API once the chunk is here, signing in again when the session is gone for good
 * (withSession). `signedIn: false` for the public calls (the terms).
 */
export async function callApi<T>(call: (chunk: ApiChunk) => Promise<T>, opts?: { signedIn?: false }): Promise<T> {
  const chunk = await loadApi();
  return opts?.signedIn === false ? call(chunk) : chunk.withSession(() => call(chunk));
}
