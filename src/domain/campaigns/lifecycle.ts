/**
 * A campaign's life (decision 0034):
 *
 *   draft ──submit──▶ pending_approval ──approve──▶ scheduled ──start──▶ sending ──finish──▶ done
 *     ▲                     │reject (note)              │                  │  ▲
 *     └─────────────────────┘                           └──pause──▶ paused ─┘  └──resume (from paused)
 *   cancel: from every state but done and cancelled; nothing more goes out.
 *
 * `submit` goes straight to scheduled when the audience is at or below the brand's approval
 * threshold, or when a manager submits (their submission is the approval, recorded as such);
 * above it a marketer's campaign waits for a manager, who approves it or sends it back to draft
 * with a note. `start` and `finish` are the system's (the scheduler), never a person's.
 */
import type { Role } from "../identity/roles";

export const CAMPAIGN_STATUSES = ["draft", "pending_approval", "scheduled", "sending", "paused", "done", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_ACTIONS = ["submit", "approve", "reject", "start", "pause", "resume", "finish", "cancel"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Who acts: a console role, or the scheduler. */
export type CampaignActor = Role | "system";

export const CAMPAIGN_TRANSITION_PROBLEMS = ["campaign_status_conflict", "forbidden", "campaign_note_required"] as const;

export type TransitionInput = {
  status: CampaignStatus;
  action: CampaignAction;
  actor: CampaignActor;
  /** The audience size at submission (recipients before the control group). */
  audience: number;
  /** Above this many recipients a marketer's campaign needs a manager's approval. */
  approvalThreshold: number;
  /** Paused while scheduled or while sending: resume goes back there. */
  pausedFrom?: "scheduled" | "sending" | null;
  note?: string | null;
};

export type TransitionResult =
  | { ok: true; status: CampaignStatus; approved?: "by_threshold" | "by_manager" }
  | { ok: false; code: (typeof CAMPAIGN_TRANSITION_PROBLEMS)[number] };

const BUILDERS: readonly CampaignActor[] = ["marketer", "manager", "admin"];
const APPROVERS: readonly CampaignActor[] = ["manager", "admin"];
const SYSTEM: readonly CampaignActor[] = ["system"];

/** Who may take each action (the state decides whether it applies). */
export const ACTION_ACTORS: Record<CampaignAction, readonly CampaignActor[]> = {
  submit: BUILDERS,
  approve: APPROVERS,
  reject: APPROVERS,
  start: SYSTEM,
  finish: SYSTEM,
  pause: BUILDERS,
  resume: BUILDERS,
  cancel: BUILDERS,
};

/** Only a draft can be edited. */
export const isEditable = (status: CampaignStatus) => status === "draft";
/** No transition leaves these. */
export const isFinal = (status: CampaignStatus) => status === "done" || status === "cancelled";

export function needsApproval(actor: CampaignActor, audience: number, threshold: number): boolean {
  return !APPROVERS.includes(actor) && audience > threshold;
}

export function transition(t: TransitionInput): TransitionResult {
  if (!ACTION_ACTORS[t.action].includes(t.actor)) return { ok: false, code: "forbidden" };
  const conflict = { ok: false, code: "campaign_status_conflict" } as const;
  switch (t.action) {
    case "submit":
      if (t.status !== "draft") return conflict;
      if (needsApproval(t.actor, t.audience, t.approvalThreshold)) return { ok: true, status: "pending_approval" };
      return {
        ok: true,
        status: "scheduled",
        approved: APPROVERS.includes(t.actor) && t.audience > t.approvalThreshold ? "by_manager" : "by_threshold",
      };
    case "approve":
      return t.status === "pending_approval" ? { ok: true, status: "scheduled", approved: "by_manager" } : conflict;
    case "reject":
      if (t.status !== "pending_approval") return conflict;
      if (!t.note || t.note.trim() === "") return { ok: false, code: "campaign_note_required" };
      return { ok: true, status: "draft" };
    case "start":
      return t.status === "scheduled" ? { ok: true, status: "sending" } : conflict;
    case "finish":
      return t.status === "sending" ? { ok: true, status: "done" } : conflict;
    case "pause":
      return t.status === "scheduled" || t.status === "sending" ? { ok: true, status: "paused" } : conflict;
    case "resume":
      return t.status === "paused" ? { ok: true, status: t.pausedFrom ?? "scheduled" } : conflict;
    case "cancel":
      return isFinal(t.status) ? conflict : { ok: true, status: "cancelled" };
  }
}
