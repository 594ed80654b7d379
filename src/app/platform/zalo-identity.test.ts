import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "./storage";

const sdk = vi.hoisted(() => ({
  getAccessToken: vi.fn<() => Promise<string>>(),
  scanQRCode: vi.fn<() => Promise<{ content: string }>>(),
  getPhoneNumber: vi.fn<() => Promise<{ token?: string; number?: string }>>(),
}));
vi.mock("zmp-sdk/apis", () => ({
  ...sdk,
  nativeStorage: {
    getItem: () => {
      throw { code: -1404 };
    },
    setItem: () => {
      throw { code: -1404 };
    },
    removeItem: () => {
      throw { code: -1404 };
    },
  },
}));

const { getZaloAccessToken, ZaloUnavailableError } = await import("./zalo-identity");
const { scanCode } = await import("./qr-scanner");
const { requestPhoneToken, devPhoneToken } = await import("./phone-number");

function enterZalo() {
  (window as { ZJSBridge?: unknown }).ZJSBridge = {};
}

beforeEach(() => vi.clearAllMocks());
afterEach(() => {
  delete (window as { ZJSBridge?: unknown }).ZJSBridge;
});

describe("Zalo access token", () => {
  it("passes the real token through", async () => {
    sdk.getAccessToken.mockResolvedValue("zalo-user-token");
    expect(await getZaloAccessToken(memoryStorage())).toBe("zalo-user-token");
  });

  it("outside Zalo makes a stable dev token when the SDK gives none (localhost) or rejects (other hosts)", async () => {
    const storage = memoryStorage();
    sdk.getAccessToken.mockResolvedValueOnce("");
    const first = await getZaloAccessToken(storage);
    sdk.getAccessToken.mockRejectedValueOnce({ code: -2000, message: "Unknown error" });
    const second = await getZaloAccessToken(storage);

    // The server's dev grammar: dev:<[A-Za-z0-9_-]{1,64}>|<name>
    expect(first).toMatch(/^dev:[A-Za-z0-9_-]{1,64}\|.{1,100}$/);
    expect(second).toBe(first);
    expect(await getZaloAccessToken(memoryStorage())).not.toBe(first);
  });

  it("inside Zalo never falls back to a dev token", async () => {
    enterZalo();
    sdk.getAccessToken.mockResolvedValueOnce("");
    await expect(getZaloAccessToken(memoryStorage())).rejects.toBeInstanceOf(ZaloUnavailableError);
    sdk.getAccessToken.mockRejectedValueOnce({ code: -2000 });
    await expect(getZaloAccessToken(memoryStorage())).rejects.toBeInstanceOf(ZaloUnavailableError);
  });
});

describe("QR scanner", () => {
  it("returns the scanned text", async () => {
    sdk.scanQRCode.mockResolvedValue({ content: " LL1.abc \n" });
    expect(await scanCode()).toBe("LL1.abc");
  });

  it("returns null when there is no camera scan (empty stub or rejection)", async () => {
    sdk.scanQRCode.mockResolvedValueOnce({ content: "" });
    expect(await scanCode()).toBeNull();
    sdk.scanQRCode.mockRejectedValueOnce({ code: -2000 });
    expect(await scanCode()).toBeNull();
  });
});

describe("phone number", () => {
  it("distinguishes a token, a refusal and no answer", async () => {
    sdk.getPhoneNumber.mockResolvedValueOnce({ token: "phone-token" });
    expect(await requestPhoneToken()).toEqual({ kind: "token", token: "phone-token" });
    sdk.getPhoneNumber.mockRejectedValueOnce({ code: -201, message: "User denied" });
    expect(await requestPhoneToken()).toEqual({ kind: "denied" });
    sdk.getPhoneNumber.mockResolvedValueOnce({ number: "" });
    expect(await requestPhoneToken()).toEqual({ kind: "unavailable" });
  });

  it("builds dev phone tokens the server accepts, and refuses junk", () => {
    expect(devPhoneToken("0912 345 678")).toBe("dev-phone:0912345678");
    expect(devPhoneToken("+84912345678")).toBe("dev-phone:+84912345678");
    expect(devPhoneToken("12ab")).toBeNull();
    expect(devPhoneToken("")).toBeNull();
  });
});
