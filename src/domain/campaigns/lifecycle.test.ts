import { describe, expect, it } from "vitest";
import { CAMPAIGN_ACTIONS, CAMPAIGN_STATUSES, transition, type CampaignActor, type TransitionInput } from "./lifecycle";

const base = { audience: 100, approvalThreshold: 1_000 } as const;
const go = (t: Partial<TransitionInput> & Pick<TransitionInput, "status" | "action" | "actor">) => transition({ ...base, ...t });

describe("the campaign lifecycle", () => {
  it("a small campaign goes from draft to scheduled without approval, then sending and done", () => {
    expect(go({ status: "draft", action: "submit", actor: "marketer" })).toEqual({
      ok: true,
      status: "scheduled",
      approved: "by_threshold",
    });
    expect(go({ status: "scheduled", action: "start", actor: "system" })).toEqual({ ok: true, status: "sending" });
    expect(go({ status: "sending", action: "finish", actor: "system" })).toEqual({ ok: true, status: "done" });
  });

  it("above the threshold a marketer's campaign waits for a manager, who approves, or rejects with a note", () => {
    const big = { audience: 1_001 };
    expect(go({ ...big, status: "draft", action: "submit", actor: "marketer" })).toEqual({ ok: true, status: "pending_approval" });
    expect(go({ ...big, status: "pending_approval", action: "approve", actor: "marketer" })).toEqual({ ok: false, code: "forbidden" });
    expect(go({ ...big, status: "pending_approval", action: "approve", actor: "manager" })).toEqual({
      ok: true,
      status: "scheduled",
      approved: "by_manager",
    });
    expect(go({ ...big, status: "pending_approval", action: "reject", actor: "manager" })).toEqual({
      ok: false,
      code: "campaign_note_required",
    });
    expect(go({ ...big, status: "pending_approval", action: "reject", actor: "admin", note: "  " })).toEqual({
      ok: false,
      code: "campaign_note_required",
    });
    expect(go({ ...big, status: "pending_approval", action: "reject", actor: "manager", note: "Giảm tần suất" })).toEqual({
      ok: true,
      status: "draft",
    });
    // A manager's own submission is the approval.
    expect(go({ ...big, status: "draft", action: "submit", actor: "manager" })).toEqual({
      ok: true,
      status: "scheduled",
      approved: "by_manager",
    });
    // At the threshold exactly, no approval.
    expect(go({ audience: 1_000, status: "draft", action: "submit", actor: "marketer" })).toMatchObject({ status: "scheduled" });
  });

  it("pause and resume return to where it was; cancel from anything not final", () => {
    expect(go({ status: "sending", action: "pause", actor: "marketer" })).toEqual({ ok: true, status: "paused" });
    expect(go({ status: "paused", action: "resume", actor: "marketer", pausedFrom: "sending" })).toEqual({ ok: true, status: "sending" });
    expect(go({ status: "paused", action: "resume", actor: "manager", pausedFrom: "scheduled" })).toEqual({
      ok: true,
      status: "scheduled",
    });
    for (const status of ["draft", "pending_approval", "scheduled", "sending", "paused"] as const)
      expect(go({ status, action: "cancel", actor: "marketer" })).toEqual({ ok: true, status: "cancelled" });
    for (const status of ["done", "cancelled"] as const)
      expect(go({ status, action: "cancel", actor: "manager" })).toEqual({ ok: false, code: "campaign_status_conflict" });
  });

  it("people never start or finish a campaign; the scheduler does nothing else; members and staff do nothing", () => {
    for (const action of CAMPAIGN_ACTIONS)
      for (const status of CAMPAIGN_STATUSES)
        for (const actor of ["member", "staff"] as CampaignActor[])
          expect(go({ status, action, actor })).toEqual({ ok: false, code: "forbidden" });
    for (const actor of ["marketer", "manager", "admin"] as CampaignActor[]) {
      expect(go({ status: "scheduled", action: "start", actor })).toEqual({ ok: false, code: "forbidden" });
      expect(go({ status: "sending", action: "finish", actor })).toEqual({ ok: false, code: "forbidden" });
    }
    for (const action of ["submit", "approve", "reject", "pause", "resume", "cancel"] as const)
      expect(go({ status: "draft", action, actor: "system" })).toEqual({ ok: false, code: "forbidden" });
  });

  it("every other (status, action) pair is a conflict, never a silent change", () => {
    const allowed = new Set([
      "draft:submit",
      "pending_approval:approve",
      "pending_approval:reject",
      "scheduled:start",
      "sending:finish",
      "scheduled:pause",
      "sending:pause",
      "paused:resume",
      ...["draft", "pending_approval", "scheduled", "sending", "paused"].map((s) => `${s}:cancel`),
    ]);
    for (const status of CAMPAIGN_STATUSES)
      for (const action of CAMPAIGN_ACTIONS) {
        const actor: CampaignActor = action === "start" || action === "finish" ? "system" : "admin";
        const out = go({ status, action, actor, note: "x" });
        expect(out.ok, `${status}:${action}`).toBe(allowed.has(`${status}:${action}`));
        if (!out.ok) expect(out.code).toBe("campaign_status_conflict");
      }
  });
});
