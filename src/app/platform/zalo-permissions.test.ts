import { beforeEach, describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({
  requestSendNotification: vi.fn<() => Promise<void>>(),
  interactOA: vi.fn<(args: { oaId: string }) => Promise<void>>(),
  getPhoneNumber: vi.fn<() => Promise<{ token?: string; number?: string }>>(),
}));
vi.mock("zmp-sdk/apis", () => ({ ...sdk, nativeStorage: {} }));

const { askInteractOA, askPhoneNumber, askSendNotification, outcomeOfError } = await import("./zalo-permissions");

beforeEach(() => vi.clearAllMocks());

describe("Zalo prompt outcomes", () => {
  it("maps -201 to refused and every other failure to unavailable", () => {
    expect(outcomeOfError({ code: -201, message: "User denied" })).toBe("refused");
    expect(outcomeOfError({ code: -2000, message: "Unknown error" })).toBe("unavailable");
    expect(outcomeOfError({ code: -1404 })).toBe("unavailable");
    expect(outcomeOfError({ code: "-201" })).toBe("unavailable");
    expect(outcomeOfError(new Error("boom"))).toBe("unavailable");
    expect(outcomeOfError(undefined)).toBe("unavailable");
  });

  it("requestSendNotification: allowed when it resolves, refused on -201, unavailable otherwise", async () => {
    sdk.requestSendNotification.mockResolvedValueOnce(undefined);
    expect(await askSendNotification()).toBe("allowed");
    sdk.requestSendNotification.mockRejectedValueOnce({ code: -201 });
    expect(await askSendNotification()).toBe("refused");
    sdk.requestSendNotification.mockRejectedValueOnce({ code: -2000 });
    expect(await askSendNotification()).toBe("unavailable");
  });

  it("interactOA asks with the brand's OA id, and is not called at all without one", async () => {
    sdk.interactOA.mockResolvedValueOnce(undefined);
    expect(await askInteractOA("oa-123")).toBe("allowed");
    expect(sdk.interactOA).toHaveBeenCalledWith({ oaId: "oa-123" });
    sdk.interactOA.mockRejectedValueOnce({ code: -201 });
    expect(await askInteractOA("oa-123")).toBe("refused");

    sdk.interactOA.mockClear();
    expect(await askInteractOA(null)).toBe("unavailable");
    expect(sdk.interactOA).not.toHaveBeenCalled();
  });

  it("phone: the token when allowed, refused on -201, unavailable without a token", async () => {
    sdk.getPhoneNumber.mockResolvedValueOnce({ token: "phone-token" });
    expect(await askPhoneNumber()).toEqual({ outcome: "allowed", token: "phone-token" });
    sdk.getPhoneNumber.mockRejectedValueOnce({ code: -201 });
    expect(await askPhoneNumber()).toEqual({ outcome: "refused" });
    sdk.getPhoneNumber.mockResolvedValueOnce({ number: "" });
    expect(await askPhoneNumber()).toEqual({ outcome: "unavailable" });
  });
});
