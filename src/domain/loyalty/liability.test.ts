import { describe, expect, it } from "vitest";
import { expiryProfile } from "./liability";

describe("points liability: expiry profile by Vietnam month", () => {
  // 2026-11-24 10:00 in Vietnam.
  const now = Date.UTC(2026, 10, 24, 3, 0);

  it("lists this month and the next 12, empty ones included", () => {
    const profile = expiryProfile([], now);
    expect(profile).toHaveLength(13);
    expect(profile[0]).toEqual({ month: "2026-11", points: 0 });
    expect(profile[12]).toEqual({ month: "2027-11", points: 0 });
  });

  it("counts each lot in the Vietnam month it expires, and overdue lots in the current month", () => {
    const profile = expiryProfile(
      [
        { remaining: 10, expiresAt: Date.UTC(2026, 11, 31, 17, 30) }, // 1 Jan 2027, 00:30 in Vietnam
        { remaining: 5, expiresAt: Date.UTC(2026, 11, 15) },
        { remaining: 7, expiresAt: now - 86_400_000 }, // past due, not yet expired by the job
      ],
      now,
    );
    expect(profile.find((m) => m.month === "2027-01")!.points).toBe(10);
    expect(profile.find((m) => m.month === "2026-12")!.points).toBe(5);
    expect(profile.find((m) => m.month === "2026-11")!.points).toBe(7);
  });
});
