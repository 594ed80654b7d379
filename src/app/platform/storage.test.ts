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
