import { isInsideZalo } from "./environment";
import { loadZaloSdk, loadedZaloSdk } from "./zalo-sdk";

/** The subset of Web Storage the app uses; the API client's token store takes the same shape. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * Platform storage plus what the first paint inside Zalo needs before zmp-sdk has arrived.
 *
 * `mirror(key, redact)` marks a key the first paint reads (the session's user, the cached /me
 * and card, the language): while nativeStorage is the store, every write of it is copied,
 * through `redact`, to localStorage, which reads answer from until the SDK is here. Once it is
 * (`settled()`), nativeStorage is the truth: the mirror is rewritten from it, and whatever this
 * page wrote before (to localStorage, the only store then) is pushed to it. A mirror that
 * cannot be written (full, blocked) is dropped silently: the SDK's value still arrives.
 */
export type PlatformStorage = KeyValueStorage & {
  /** Copy this key to localStorage for the first paint, as `redact` makes it (null: not at all). */
  mirror(key: string, redact?: (value: string) => string | null): void;
  /** Resolves once nativeStorage is the store (inside Zalo, the SDK arrived), or will not be. */
  settled(): Promise<void>;
  /** Whether reads answer from the durable store now (false inside Zalo before the SDK: the mirror). */
  isSettled(): boolean;
};

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
 * default native storage is there only inside Zalo once the SDK has arrived. Until then reads
 * and writes use localStorage, where the mirror keeps the first paint's keys (above; decision
 * 0028). Outside Zalo it is never asked: it would only throw.
 */
export function createPlatformStorage(
  native: KeyValueStorage | (() => KeyValueStorage | null) = nativeWhenLoaded,
  fallback: () => KeyValueStorage = defaultFallback,
  arrival: { load: () => Promise<unknown>; expected: () => boolean } = { load: loadNativeInZalo, expected: isInsideZalo },
): PlatformStorage {
  let useNative = true;
  let reconciled = false;
  let settling: Promise<void> | null = null;
  let unreachable = false;
  let fallbackStore: KeyValueStorage | null = null;
  const backup = () => (fallbackStore ??= fallback());
  const mirrors = new Map<string, (value: string) => string | null>();
  /** Keys written while localStorage stood in for nativeStorage: pushed to it when it arrives. */
  const pending = new Set<string>();

  function writeMirror(key: string, value: string | null) {
    const redact = mirrors.get(key);
    if (!redact) return;
    const copy = value === null ? null : redact(value);
    try {
      if (copy === null) backup().removeItem(key);
      else backup().setItem(key, copy);
    } catch {
      // Full or blocked: no stale copy may stay behind; the first paint then waits for the SDK.
      try {
        backup().removeItem(key);
      } catch {
        /* nothing more to do */
      }
    }
  }

  /** nativeStorage, once it is here and working; reconciled with the mirror on first sight. */
  function durable(): KeyValueStorage | null {
    if (!useNative) return null;
    const store = typeof native === "function" ? native() : native;
    if (!store) return null;
    if (!reconciled) {
      reconciled = true;
      try {
        for (const key of pending) {
          // This page's own writes, made before the SDK arrived, are the newest values.
          const value = backup().getItem(key);
          if (value === null) store.removeItem(key);
          else store.setItem(key, value);
          if (!mirrors.has(key)) backup().removeItem(key);
        }
        // Everything else: the SDK's value wins, and the mirror is fixed to it.
        for (const key of mirrors.keys()) writeMirror(key, store.getItem(key));
        pending.clear();
      } catch {
        useNative = false;
        return null;
      }
    }
    return store;
  }

  function run<T>(op: (s: KeyValueStorage) => T, written?: { key: string; value: string | null }): T {
    const store = durable();
    if (store) {
      try {
        const result = op(store);
        if (written) writeMirror(written.key, written.value);
        return result;
      } catch {
        useNative = false;
      }
    }
    if (written && arrival.expected() && useNative) pending.add(written.key);
    return op(backup());
  }

  return {
    getItem: (key) => run((s) => s.getItem(key)),
    setItem: (key, value) => run((s) => s.setItem(key, value), { key, value }),
    removeItem: (key) => run((s) => s.removeItem(key), { key, value: null }),
    mirror: (key, redact = (value) => value) => void mirrors.set(key, redact),
    settled: () =>
      (settling ??= arrival.expected()
        ? arrival.load().then(
            () => void durable(),
            () => {
              // No SDK (offline on a first visit): localStorage is the store, as before the mirror.
              unreachable = true;
            },
          )
        : Promise.resolve()),
    isSettled: () => durable() !== null || !useNative || unreachable || !arrival.expected(),
  };
}

function loadNativeInZalo(): Promise<unknown> {
  return loadZaloSdk();
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
export const platformStorage: PlatformStorage = createPlatformStorage();

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
