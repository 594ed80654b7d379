/**
 * Whether a member may spin now, as one decision with a typed reason, checked in a fixed order
 * before any play is counted: the campaign running, inside its window, the member passing the
 * gates, the budget not spent (so "the budget is spent" is said before a play is used), then a
 * play left. The server runs it inside the spin's transaction with the member and the
 * campaign's counters locked; the Mini App's view uses the same function for its banner.
 */
import { checkBudget, type WheelState } from "./draw";
import { failedGate, runState, type Gate, type MemberFacts } from "./gates";
import { takePlay, type PlayCounts, type PlaySource } from "./plays";
import type { CampaignStatus, WheelCampaignConfig } from "./wheel";

export const SPIN_REFUSALS = [
  "game_not_running",
  "game_out_of_window",
  "game_not_eligible",
  "game_budget_spent",
  "game_win_limit_reached",
  "game_no_plays_left",
  "game_daily_play_limit",
] as const;
export type SpinRefusal = (typeof SPIN_REFUSALS)[number];

export type SpinDecision =
  { ok: true; source: PlaySource; weights: number[] } | { ok: false; code: SpinRefusal; params?: Record<string, string | number> };

export function decideSpin(input: {
  status: CampaignStatus;
  config: WheelCampaignConfig;
  at: number;
  member: MemberFacts;
  state: WheelState;
  plays: PlayCounts;
}): SpinDecision {
  const run = runState(input.status, input.config, input.at);
  if (run === "not_running") return { ok: false, code: "game_not_running" };
  if (run !== "running") return { ok: false, code: "game_out_of_window", params: { when: run } };
  const gate: Gate | null = failedGate(input.config.gates, input.member);
  if (gate) return { ok: false, code: "game_not_eligible", params: { gate } };
  const budget = checkBudget(input.config, input.state);
  if (budget.state === "member_cap") return { ok: false, code: "game_win_limit_reached" };
  if (budget.state === "spent") return { ok: false, code: "game_budget_spent", params: { scope: budget.scope, reason: budget.reason } };
  const play = takePlay(input.plays);
  if (!play.ok) return { ok: false, code: play.reason };
  return { ok: true, source: play.source, weights: budget.weights };
}
