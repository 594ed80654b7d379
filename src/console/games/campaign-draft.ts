import type { ConsoleGameCampaign, GameCampaignInput, GameSegment } from "../../contract/game";
import { defaultWheelCampaign } from "../../domain/game/defaults";
import { effectiveWeights, oddsOf, type IneligibleReason, type Odds } from "../../domain/game/draw";
import { changesOdds, validateWheelCampaign, WHEEL_LIMITS, type WheelCampaignConfig, type WheelProblem } from "../../domain/game/wheel";
import { VIETNAM_UTC_OFFSET_MS } from "../../domain/loyalty/vietnam-time";

/**
 * The wheel editor's draft: the contract's input as typed so far. A number field left empty is
 * NaN (or null where null means "none": stock, caps, play price), so the domain's validator
 * names it; nothing with a NaN is ever sent (the editor validates first).
 */
export type CampaignDraft = GameCampaignInput;

export function draftOf(campaign: ConsoleGameCampaign): CampaignDraft {
  const { name, segments, freePlaysPerDay, extraPlays, purchaseMinVnd, playPricePoints, caps, gates, startsAt, endsAt, rulesText } =
    campaign;
  return {
    name,
    segments,
    freePlaysPerDay,
    extraPlays,
    purchaseMinVnd,
    playPricePoints,
    caps,
    gates,
    startsAt,
    endsAt,
    rulesText,
    registrationNumber: campaign.registrationNumber,
  };
}

/** A new campaign starts from the domain's default wheel (eight segments, a month long). */
export function newCampaignDraft(startsAt: number): CampaignDraft {
  const config = defaultWheelCampaign(startsAt);
  return { ...config, startsAt: new Date(config.startsAt).toISOString(), endsAt: new Date(config.endsAt).toISOString() };
}

export function configOf(draft: CampaignDraft): WheelCampaignConfig {
  return { ...draft, startsAt: Date.parse(draft.startsAt), endsAt: Date.parse(draft.endsAt) };
}

export function draftProblems(draft: CampaignDraft): WheelProblem[] {
  return validateWheelCampaign(configOf(draft));
}

/** Whether saving the draft over the campaign changes what a member's odds or prizes are. */
export function draftChangesOdds(campaign: ConsoleGameCampaign, draft: CampaignDraft): boolean {
  return changesOdds(configOf(draftOf(campaign)), configOf(draft));
}

const PALETTE = [
  "#f59e0b",
  "#64748b",
  "#10b981",
  "#3b82f6",
  "#ef4444",
  "#8b5cf6",
  "#ec4899",
  "#14b8a6",
  "#f97316",
  "#0ea5e9",
  "#84cc16",
  "#a855f7",
];

/** A new segment: an unused id (the stock counters and the draw log name it), the next colour. */
export function newSegment(existing: readonly GameSegment[]): GameSegment {
  const ids = new Set(existing.map((s) => s.id));
  let n = existing.length + 1;
  while (ids.has(`s${n}`)) n++;
  return {
    id: `s${n}`,
    label: { vi: "", en: "" },
    color: PALETTE[existing.length % PALETTE.length]!,
    prize: "points",
    value: 10,
    rewardId: null,
    weight: 100,
    stock: null,
  };
}

export const canAddSegment = (draft: CampaignDraft) => draft.segments.length < WHEEL_LIMITS.segmentsMax;
export const canRemoveSegment = (draft: CampaignDraft) => draft.segments.length > WHEEL_LIMITS.segmentsMin;

/**
 * The odds a member would see once the draft is saved: the domain's effective weights over the
 * stock the new version would have. A kept segment's stock left becomes stock − won (the server
 * does the same, console.ts), so lowering stock below what was won makes it unwinnable; today's
 * budgets are not counted (they reset every day; the rules page shows them live).
 */
export function previewOdds(
  draft: CampaignDraft,
  campaign: ConsoleGameCampaign | null,
): { odds: Odds[]; blocked: (IneligibleReason | null)[]; stockLeft: (number | null)[] } {
  const segments = draft.segments.map((s) => ({ ...s, weight: Number.isInteger(s.weight) && s.weight > 0 ? s.weight : 0 }));
  const stockLeft = segments.map((s) => {
    if (s.prize === "nothing" || s.stock === null || !Number.isFinite(s.stock)) return null;
    const before = campaign?.segments.find((b) => b.id === s.id);
    const left = campaign?.stockLeft[s.id];
    const won = before && before.stock !== null && left !== undefined && left !== null ? before.stock - left : 0;
    return Math.max(0, s.stock - won);
  });
  const { weights, blocked } = effectiveWeights(
    { segments, caps: draft.caps },
    { stockLeft, winsToday: 0, winsTotal: campaign?.wins ?? 0, pointsToday: 0, memberWins: 0 },
  );
  return { odds: oddsOf(weights), blocked, stockLeft };
}

/** An ISO instant as the value of a datetime-local input, in Vietnam time (the brand's day). */
export function toVietnamLocal(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : new Date(ms + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value read as Vietnam time, as an ISO instant ("" when empty or not a date). */
export function fromVietnamLocal(value: string): string {
  const ms = Date.parse(`${value}:00+07:00`);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
}
