import { describe, expect, it } from "vitest";
import { DEFAULT_SLA_HOURS, dueAt, slaOf } from "./sla";

const H = 3_600_000;
const T0 = Date.parse("2026-12-01T02:00:00Z");
const c = { openedAt: T0, dueAt: dueAt(T0), closedAt: null };

describe("case SLA", () => {
  it("is due 48 hours after opening by default", () => {
    expect(DEFAULT_SLA_HOURS).toBe(48);
    expect(dueAt(T0)).toBe(T0 + 48 * H);
    expect(dueAt(T0, 24)).toBe(T0 + 24 * H);
  });

  it("is green below half the SLA, amber from exactly half, red from exactly the due time", () => {
    expect(slaOf(c, T0)).toMatchObject({ colour: "green", overdue: false, elapsedPermille: 0, remainingMs: 48 * H });
    expect(slaOf(c, T0 + 24 * H - 1).colour).toBe("green");
    expect(slaOf(c, T0 + 24 * H)).toMatchObject({ colour: "amber", elapsedPermille: 500, overdue: false });
    expect(slaOf(c, T0 + 48 * H - 1)).toMatchObject({ colour: "amber", overdue: false, remainingMs: 1 });
    expect(slaOf(c, T0 + 48 * H)).toMatchObject({ colour: "red", overdue: true, elapsedPermille: 1000, remainingMs: 0 });
    expect(slaOf(c, T0 + 72 * H)).toMatchObject({ colour: "red", overdue: true, elapsedPermille: 1500, remainingMs: -24 * H });
  });

  it("measures a closed case at its close, whatever the time now", () => {
    const closedInTime = { ...c, closedAt: T0 + 47 * H };
    expect(slaOf(closedInTime, T0 + 100 * H)).toMatchObject({ colour: "amber", overdue: false });
    const closedLate = { ...c, closedAt: T0 + 48 * H };
    expect(slaOf(closedLate, T0 + 100 * H)).toMatchObject({ colour: "red", overdue: true });
  });

  it("treats a clock before the opening as no time elapsed", () => {
    expect(slaOf(c, T0 - H)).toMatchObject({ colour: "green", elapsedPermille: 0 });
  });
});
