/**
 * The case SLA: a case should be closed within `slaHours` of opening (default 48 h, the issue's
 * example). The due time is fixed on the case when it opens (feedback_cases.due_at), so a later
 * change of the default never moves old cases, and "overdue" is one comparison in SQL too.
 *
 * Colour by the elapsed share of the SLA: green below half, amber from half, red from the due
 * time itself (overdue: at exactly 48 h the case is late). A closed case is measured at its close.
 */
export const DEFAULT_SLA_HOURS = 48;
const HOUR_MS = 3_600_000;
/** From this share of the SLA on, amber. */
export const AMBER_FROM = 0.5;

export const SLA_COLOURS = ["green", "amber", "red"] as const;
export type SlaColour = (typeof SLA_COLOURS)[number];

export const dueAt = (openedAt: number, slaHours = DEFAULT_SLA_HOURS): number => openedAt + slaHours * HOUR_MS;

export type Sla = {
  colour: SlaColour;
  overdue: boolean;
  /** Elapsed share of the SLA in per mille (500 = half), an integer for the UI's bar. */
  elapsedPermille: number;
  /** Milliseconds left until due (negative once overdue). */
  remainingMs: number;
};

export function slaOf(c: { openedAt: number; dueAt: number; closedAt: number | null }, now: number): Sla {
  const end = c.closedAt ?? now;
  const span = Math.max(1, c.dueAt - c.openedAt);
  const elapsed = Math.max(0, end - c.openedAt);
  const overdue = end >= c.dueAt;
  const colour: SlaColour = overdue ? "red" : elapsed >= span * AMBER_FROM ? "amber" : "green";
  return { colour, overdue, elapsedPermille: Math.floor((elapsed * 1000) / span), remainingMs: c.dueAt - end };
}
