import { describe, expect, it } from "vitest";
import { formatVnPhone, maskVnPhone, normalizeVnPhone } from "./phone";

describe("Vietnamese phone numbers", () => {
  it.each([
    ["0912345678", "84912345678"],
    ["+84912345678", "84912345678"],
    ["84912345678", "84912345678"],
    ["0912 345 678", "84912345678"],
    ["091.234.5678", "84912345678"],
    ["0387654321", "84387654321"],
    ["02838123456", "842838123456"],
  ])("normalizes %s to %s", (input, expected) => {
    expect(normalizeVnPhone(input)).toBe(expected);
  });

  it.each(["", "12345", "0112345678", "+14155550100", "091234567", "09123456789", "abc0912345678"])("rejects %j", (input) => {
    expect(normalizeVnPhone(input)).toBeNull();
  });

  it("masks the middle digits and formats the national form", () => {
    expect(maskVnPhone("84912345678")).toBe("0912 *** 678");
    expect(formatVnPhone("84912345678")).toBe("0912 345 678");
  });
});
