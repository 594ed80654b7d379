import { describe, expect, it } from "vitest";
import { QR_STEP_SECONDS } from "../member-qr/member-qr";
import { OFFLINE_SCAN_MAX_AGE_MS, offlineScanInWindow } from "./offline-scan";

describe("offline scan window", () => {
  const now = Date.UTC(2026, 10, 24, 3, 0);
  it("accepts a code up to 72 hours old and up to one QR step from the future", () => {
    expect(offlineScanInWindow(now, now)).toBe(true);
    expect(offlineScanInWindow(now - OFFLINE_SCAN_MAX_AGE_MS, now)).toBe(true);
    expect(offlineScanInWindow(now + QR_STEP_SECONDS * 1000, now)).toBe(true);
  });
  it("refuses older or later codes", () => {
    expect(offlineScanInWindow(now - OFFLINE_SCAN_MAX_AGE_MS - 1, now)).toBe(false);
    expect(offlineScanInWindow(now + QR_STEP_SECONDS * 1000 + 1, now)).toBe(false);
  });
});
