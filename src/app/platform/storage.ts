import { isInsideZalo } from "./environment";
import { loadedZaloSdk } from "./zalo-sdk";

/** The subset of Web Storage the app uses; the API client's token store takes the same shape. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * Persistent key/value storage for the Mini App.
 *
 * Inside Zalo, zmp-sdk `nativeStorage` (synchronous, 5 MB, survives webview restarts) is the
 * recommended store. Outside Zalo it throws synchronously (-1404 on localhost, -2000 elsewhere:
 * docs/zalo.md#sdk-outside-zalo), so every call falls back to `localStorage`. Once native storage has
 * thrown we stop trying it: the answer will not change during a page's life, and a throw per
 * read would cost a stack trace each time. If `localStorage` is unavailable too (some private
 * modes), an in-memory map keeps the app working for the session.
 *
 * `native` may be a getter: the SDK is a chunk loaded on demand (platform/zalo-sdk.ts), so by
 * default native storage is there only inside Zalo once the SDK has arrived (main.tsx waits for
 * it before the first render there). Outside Zalo it is never asked: it would only throw.
 */
export function createPlatformStorage(
  native: KeyValueStorage | (() => KeyValueStorage | null) = nativeWhenLoaded,
  fallback: () => KeyValueStorage = defaultFallback,
): KeyValueStorage {
  let useNative = true;
  let fallbackStore: KeyValueStorage | null = null;
  const backup = () => (fallbackStore ??= fallback());

  function run<T>(nativeOp: (s: KeyValueStorage) => T): T {
    const store = typeof native === "function" ? native() : native;
    if (useNative && store) {
      try {
        return nativeOp(store);
      } catch {
        useNative = false;
      }
    }
    return nativeOp(backup());
  }

  return {
    getItem: (key) => run((s) => s.getItem(key)),
    setItem: (key, value) => run((s) => s.setItem(key, value)),
    removeItem: (key) => run((s) => s.removeItem(key)),
  };
}

function nativeWhenLoaded(): KeyValueStorage | null {
  return isInsideZalo() ? (loadedZaloSdk()?.nativeStorage ?? null) : null;
}

function defaultFallback(): KeyValueStorage {
  try {
    const probe = "__ll_probe__";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** The app-wide instance. */
export const platformStorage: KeyValueStorage = createPlatformStorage();

/** Reads and parses a JSON value; corrupt or foreign data reads as null instead of throwing. */
export function readJson(storage: KeyValueStorage, key: string): unknown {
  const raw = storage.getItem(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
