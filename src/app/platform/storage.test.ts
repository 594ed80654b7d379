import { nativeStorage } from "zmp-sdk/apis";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createPlatformStorage, memoryStorage, readJson, type KeyValueStorage } from "./storage";

beforeEach(() => localStorage.clear());

describe("platform storage", () => {
  it("really is outside Zalo here: zmp-sdk's nativeStorage throws in this browser", () => {
    expect(() => nativeStorage.setItem("k", "v")).toThrow();
  });

  it("uses localStorage outside Zalo (nativeStorage would only throw there)", () => {
    const storage = createPlatformStorage();
    storage.setItem("ll.test", "xin chào");
    expect(localStorage.getItem("ll.test")).toBe("xin chào");
    expect(storage.getItem("ll.test")).toBe("xin chào");
    storage.removeItem("ll.test");
    expect(localStorage.getItem("ll.test")).toBeNull();
  });

  it("stops calling nativeStorage once it has failed", () => {
    const failing: KeyValueStorage = {
      getItem: vi.fn(() => {
        throw { code: -1404, message: "This API is not supported in this version of Zalo" };
      }),
      setItem: vi.fn(),
      removeItem: vi.fn(),
    };
    const storage = createPlatformStorage(failing);
    storage.getItem("a");
    storage.setItem("a", "1");
    expect(failing.getItem).toHaveBeenCalledTimes(1);
    expect(failing.setItem).not.toHaveBeenCalled();
    expect(localStorage.getItem("a")).toBe("1");
  });

  it("uses nativeStorage, and only it, inside Zalo", () => {
    const native = memoryStorage();
    const storage = createPlatformStorage(native);
    storage.setItem("ll.session", "{}");
    expect(native.getItem("ll.session")).toBe("{}");
    expect(localStorage.getItem("ll.session")).toBeNull();
  });

  it("takes nativeStorage from the SDK once its chunk has arrived", () => {
    const native = memoryStorage();
    let sdkHere = false;
    const storage = createPlatformStorage(() => (sdkHere ? native : null));
    storage.setItem("before", "1");
    expect(localStorage.getItem("before")).toBe("1");
    sdkHere = true;
    storage.setItem("after", "2");
    expect(native.getItem("after")).toBe("2");
    expect(localStorage.getItem("after")).toBeNull();
  });

  it("keeps working in memory when localStorage is blocked too", () => {
    const throwing = () => {
      throw new Error("blocked");
    };
    const storage = createPlatformStorage({ getItem: throwing, setItem: throwing, removeItem: throwing }, () => memoryStorage());
    storage.setItem("k", "v");
    expect(storage.getItem("k")).toBe("v");
  });

  it("reads corrupt JSON as null instead of throwing", () => {
    const storage = memoryStorage();
    storage.setItem("bad", "{not json");
    expect(readJson(storage, "bad")).toBeNull();
    expect(readJson(storage, "missing")).toBeNull();
  });
});

/**
 * Inside Zalo: nativeStorage arrives with zmp-sdk (a chunk loaded on demand), and the first
 * paint reads a localStorage mirror of its keys until then (decision 0028).
 */
function insideZalo() {
  const native = memoryStorage();
  const mirror = memoryStorage();
  let sdkHere = false;
  let arrive!: () => void;
  let fail!: () => void;
  const arrived = new Promise<void>((resolve, reject) => {
    arrive = () => {
      sdkHere = true;
      resolve();
    };
    fail = () => reject(new Error("offline"));
  });
  const storage = createPlatformStorage(
    () => (sdkHere ? native : null),
    () => mirror,
    { load: () => arrived, expected: () => true },
  );
  storage.mirror("ll.card", (raw) => JSON.stringify({ ...(JSON.parse(raw) as object), secret: "" }));
  storage.mirror("ll.sessionUser");
  return { storage, native, mirror, arrive, fail };
}

describe("the first paint's mirror inside Zalo", () => {
  it("copies the first paint's keys to localStorage as written to nativeStorage, redacted, and never the tokens", async () => {
    const { storage, native, mirror, arrive } = insideZalo();
    arrive();
    await storage.settled();
    storage.setItem("ll.card", JSON.stringify({ name: "An", secret: "k" }));
    storage.setItem("ll.sessionUser", "user-a");
    storage.setItem("ll.session", '{"accessToken":"t"}');
    expect(native.getItem("ll.card")).toBe('{"name":"An","secret":"k"}');
    expect(mirror.getItem("ll.card")).toBe('{"name":"An","secret":""}');
    expect(mirror.getItem("ll.sessionUser")).toBe("user-a");
    expect(mirror.getItem("ll.session")).toBeNull();
    expect(storage.getItem("ll.card")).toBe('{"name":"An","secret":"k"}');
  });

  it("answers from the mirror before the SDK has arrived, then from nativeStorage, whose value wins and fixes the mirror", async () => {
    const { storage, native, mirror, arrive } = insideZalo();
    mirror.setItem("ll.sessionUser", "user-a");
    mirror.setItem("ll.card", '{"name":"A","secret":""}');
    native.setItem("ll.sessionUser", "user-b");
    native.setItem("ll.card", '{"name":"B","secret":"kb"}');

    expect(storage.isSettled()).toBe(false);
    expect(storage.getItem("ll.sessionUser")).toBe("user-a");

    arrive();
    await storage.settled();
    expect(storage.isSettled()).toBe(true);
    expect(storage.getItem("ll.sessionUser")).toBe("user-b");
    expect(storage.getItem("ll.card")).toBe('{"name":"B","secret":"kb"}');
    expect(mirror.getItem("ll.sessionUser")).toBe("user-b");
    expect(mirror.getItem("ll.card")).toBe('{"name":"B","secret":""}');
  });

  it("drops the mirror's card when nativeStorage has none (another Zalo account, or a deletion the mirror missed)", async () => {
    const { storage, mirror, arrive } = insideZalo();
    mirror.setItem("ll.sessionUser", "user-a");
    mirror.setItem("ll.card", '{"name":"A","secret":""}');
    arrive();
    await storage.settled();
    expect(storage.getItem("ll.card")).toBeNull();
    expect(mirror.getItem("ll.card")).toBeNull();
    expect(mirror.getItem("ll.sessionUser")).toBeNull();
  });

  it("clears the mirror with the store: a signed-out or deleted member's card does not outlive it", async () => {
    const { storage, native, mirror, arrive } = insideZalo();
    arrive();
    await storage.settled();
    storage.setItem("ll.card", '{"name":"A"}');
    storage.setItem("ll.sessionUser", "user-a");
    storage.removeItem("ll.card");
    storage.removeItem("ll.sessionUser");
    expect(native.getItem("ll.card")).toBeNull();
    expect(mirror.getItem("ll.card")).toBeNull();
    expect(mirror.getItem("ll.sessionUser")).toBeNull();
  });

  it("keeps what this page wrote before the SDK arrived: pushed to nativeStorage, not left in localStorage unless mirrored", async () => {
    const { storage, native, mirror, arrive } = insideZalo();
    native.setItem("ll.card", '{"name":"A","secret":"ka"}');
    native.setItem("ll.sessionUser", "user-a");
    // Signed out before the SDK was here: the removal must reach nativeStorage too.
    storage.removeItem("ll.card");
    storage.removeItem("ll.sessionUser");
    storage.setItem("ll.device", "phone-1");
    arrive();
    await storage.settled();
    expect(native.getItem("ll.card")).toBeNull();
    expect(native.getItem("ll.sessionUser")).toBeNull();
    expect(native.getItem("ll.device")).toBe("phone-1");
    expect(mirror.getItem("ll.device")).toBeNull();
  });

  it("falls back silently when localStorage is full: no stale copy stays, nativeStorage is written", async () => {
    const { storage, native, mirror, arrive } = insideZalo();
    mirror.setItem("ll.card", '{"name":"old","secret":""}');
    arrive();
    await storage.settled();
    const setItem = mirror.setItem;
    mirror.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    expect(() => storage.setItem("ll.card", '{"name":"new","secret":"k"}')).not.toThrow();
    expect(native.getItem("ll.card")).toBe('{"name":"new","secret":"k"}');
    expect(mirror.getItem("ll.card")).toBeNull();
    mirror.setItem = setItem;
  });

  it("stays on localStorage when the SDK cannot be fetched, and says so", async () => {
    const { storage, mirror, fail } = insideZalo();
    mirror.setItem("ll.sessionUser", "user-a");
    fail();
    await storage.settled();
    expect(storage.isSettled()).toBe(true);
    expect(storage.getItem("ll.sessionUser")).toBe("user-a");
  });

  it("is settled at once outside Zalo, where localStorage is the store itself", async () => {
    const storage = createPlatformStorage(
      () => null,
      () => memoryStorage(),
      { load: () => new Promise(() => undefined), expected: () => false },
    );
    storage.mirror("ll.card");
    expect(storage.isSettled()).toBe(true);
    await storage.settled();
    storage.setItem("ll.card", "full");
    expect(storage.getItem("ll.card")).toBe("full");
  });
});
