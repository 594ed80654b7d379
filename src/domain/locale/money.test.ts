import { describe, expect, it } from "vitest";
import { formatVnd } from "./money";

describe("formatVnd", () => {
  it("groups Vietnamese amounts with dots and puts the sign after the number", () => {
    expect(formatVnd("vi", 5_000_000)).toBe("5.000.000\u00a0₫");
    expect(formatVnd("vi", 0)).toBe("0\u00a0₫");
    expect(formatVnd("vi", -40_000)).toBe("-40.000\u00a0₫");
  });

  it("groups English amounts with commas and still puts the sign after the number", () => {
    expect(formatVnd("en", 5_000_000)).toBe("5,000,000\u00a0₫");
    expect(formatVnd("en", 1_250)).toBe("1,250\u00a0₫");
    expect(formatVnd("en", -40_000)).toBe("-40,000\u00a0₫");
  });

  it("shows whole đồng only", () => {
    expect(formatVnd("vi", 1_250.6)).toBe("1.251\u00a0₫");
    expect(formatVnd("en", 1_250.4)).toBe("1,250\u00a0₫");
  });
});
