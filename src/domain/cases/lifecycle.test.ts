import { describe, expect, it } from "vitest";
import { applyAction, statusOf, timeToClose, timeToFirstResponse, type CaseTimes } from "./lifecycle";

const T0 = Date.parse("2026-12-01T02:00:00Z");
const fresh: CaseTimes = { openedAt: T0, firstResponseAt: null, closedAt: null, outcome: null };

function run(c: CaseTimes, ...steps: [Parameters<typeof applyAction>[1], number][]) {
  let cur = c;
  for (const [action, at] of steps) {
    const r = applyAction(cur, action, at);
    if (!r.ok) throw new Error(r.code);
    cur = r.next;
  }
  return cur;
}

describe("case lifecycle", () => {
  it("opens as open; a note keeps it open and stamps no response", () => {
    expect(statusOf(fresh)).toBe("open");
    const c = run(fresh, [{ kind: "note" }, T0 + 1000]);
    expect(statusOf(c)).toBe("open");
    expect(timeToFirstResponse(c)).toBeNull();
  });

  it.each(["called", "care_message_queued", "voucher_granted"] as const)(
    "%s is a contact: the first one stamps the first response",
    (kind) => {
      const c = run(fresh, [{ kind }, T0 + 60_000], [{ kind: "called" }, T0 + 120_000]);
      expect(statusOf(c)).toBe("contacted");
      expect(timeToFirstResponse(c)).toBe(60_000);
    },
  );

  it("closes with an outcome from open or contacted; time-to-close counts from the opening", () => {
    const direct = run(fresh, [{ kind: "closed", outcome: "no_action_needed" }, T0 + 5]);
    expect(statusOf(direct)).toBe("closed");
    expect(direct.outcome).toBe("no_action_needed");
    expect(timeToClose(direct)).toBe(5);
    expect(timeToFirstResponse(direct)).toBeNull();
    const contacted = run(fresh, [{ kind: "called" }, T0 + 10], [{ kind: "closed", outcome: "resolved" }, T0 + 30]);
    expect([timeToFirstResponse(contacted), timeToClose(contacted)]).toEqual([10, 30]);
  });

  it("refuses every action on a closed case but reopening, and reopening an open one", () => {
    const closed = run(fresh, [{ kind: "closed", outcome: "resolved" }, T0 + 1]);
    for (const kind of ["note", "called", "care_message_queued", "voucher_granted"] as const)
      expect(applyAction(closed, { kind }, T0 + 2)).toEqual({ ok: false, code: "case_closed" });
    expect(applyAction(closed, { kind: "closed", outcome: "resolved" }, T0 + 2)).toEqual({ ok: false, code: "case_closed" });
    expect(applyAction(fresh, { kind: "reopened" }, T0 + 2)).toEqual({ ok: false, code: "case_not_closed" });
  });

  it("reopening clears the close and keeps the first response; the next close is what time-to-close measures", () => {
    const c = run(
      fresh,
      [{ kind: "called" }, T0 + 10],
      [{ kind: "closed", outcome: "resolved" }, T0 + 20],
      [{ kind: "reopened" }, T0 + 30],
    );
    expect(statusOf(c)).toBe("contacted");
    expect(c.outcome).toBeNull();
    const again = run(c, [{ kind: "closed", outcome: "not_resolved" }, T0 + 50]);
    expect([timeToFirstResponse(again), timeToClose(again)]).toEqual([10, 50]);
    const neverContacted = run(fresh, [{ kind: "closed", outcome: "unreachable" }, T0 + 1], [{ kind: "reopened" }, T0 + 2]);
    expect(statusOf(neverContacted)).toBe("open");
  });

  it("never puts a response before the opening when the clock steps back", () => {
    const c = run(fresh, [{ kind: "called" }, T0 - 5_000], [{ kind: "closed", outcome: "resolved" }, T0 - 1]);
    expect([timeToFirstResponse(c), timeToClose(c)]).toEqual([0, 0]);
  });
});
