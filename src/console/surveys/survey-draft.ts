/**
 * The survey form's state and its two translations: to the contract's SurveyInput (what is
 * saved) and to the domain's SurveyDefinition (what validateSurvey checks as the manager types,
 * so a problem shows next to its field before any request). Dates are Vietnam days typed in
 * <input type="date">: a window starts at 00:00 of its first day and ends after its last day.
 */
import type { ConsoleSurvey, SurveyInput } from "../../contract/surveys";
import { BANDS, type BandId, type Sentiment, type SurveyKind } from "../../domain/surveys/kinds";
import { SURVEY_LIMITS, type SurveyChannel, type SurveyDefinition, type Touchpoint } from "../../domain/surveys/survey";
import { vietnamDateInput } from "../format";
import { en } from "./strings/en";
import { vi } from "./strings/vi";

type Localized = { vi: string; en: string };
export type DraftReason = { id: string; label: Localized };
export type DraftFollowUp = { prompt: Localized; reasons: DraftReason[] };

export type SurveyDraft = {
  kind: SurveyKind;
  name: string;
  question: Localized;
  followUps: Partial<Record<BandId, DraftFollowUp>>;
  touchpoint: Touchpoint;
  /** null: every store. */
  storeIds: string[] | null;
  channel: SurveyChannel;
  /** Typed text, so a half-typed number is not silently 0. */
  rewardPoints: string;
  throttleDays: string;
  /** "YYYY-MM-DD" or "". */
  startsOn: string;
  endsOn: string;
};

/** The question a new survey of each kind starts with, in both languages. */
const DEFAULT_QUESTIONS: Record<SurveyKind, Localized> = {
  nps: { vi: "Bạn có sẵn lòng giới thiệu chúng tôi cho bạn bè không?", en: "How likely are you to recommend us to a friend?" },
  csat: { vi: "Bạn hài lòng thế nào với lần ghé hôm nay?", en: "How satisfied were you with today's visit?" },
  ces: { vi: "Hôm nay mọi việc dễ dàng thế nào với bạn?", en: "How easy was everything for you today?" },
};

export function defaultPrompt(sentiment: Sentiment): Localized {
  const key = `surveys.followUps.promptDefault.${sentiment}` as const;
  return { vi: vi[key], en: en[key] };
}

export function newDraft(kind: SurveyKind = "nps"): SurveyDraft {
  const negative = BANDS[kind].find((b) => b.sentiment === "negative")!;
  return {
    kind,
    name: "",
    question: DEFAULT_QUESTIONS[kind],
    followUps: { [negative.id]: { prompt: defaultPrompt("negative"), reasons: [] } },
    touchpoint: "post_purchase",
    storeIds: null,
    channel: "in_app",
    rewardPoints: "0",
    throttleDays: "30",
    startsOn: "",
    endsOn: "",
  };
}

/** A new kind keeps what still fits: the default question if untouched, follow-ups of bands the new kind has. */
export function changeKind(draft: SurveyDraft, kind: SurveyKind): SurveyDraft {
  const untouched = draft.question.vi === DEFAULT_QUESTIONS[draft.kind].vi && draft.question.en === DEFAULT_QUESTIONS[draft.kind].en;
  const bands = new Set(BANDS[kind].map((b) => b.id));
  const followUps: SurveyDraft["followUps"] = {};
  for (const [band, f] of Object.entries(draft.followUps) as [BandId, DraftFollowUp][]) if (bands.has(band)) followUps[band] = f;
  // A band's sentiment maps across kinds (detractor ↔ low ↔ hard): carry the negative band's reasons over.
  const from = BANDS[draft.kind].find((b) => b.sentiment === "negative")!.id;
  const to = BANDS[kind].find((b) => b.sentiment === "negative")!.id;
  if (draft.followUps[from] && !followUps[to]) followUps[to] = draft.followUps[from];
  return {
    ...draft,
    kind,
    question: untouched ? DEFAULT_QUESTIONS[kind] : draft.question,
    followUps,
    channel: draft.channel === "zns_rating" && kind !== "csat" ? "in_app" : draft.channel,
  };
}

export function draftFromSurvey(s: ConsoleSurvey): SurveyDraft {
  return {
    kind: s.kind,
    name: s.name,
    question: s.question,
    followUps: s.followUps,
    touchpoint: s.touchpoint,
    storeIds: s.storeIds,
    channel: s.channel,
    rewardPoints: String(s.rewardPoints),
    throttleDays: String(s.throttleDays),
    startsOn: s.startsAt ? vietnamDateInput(s.startsAt) : "",
    // endsAt is the exclusive end: the last day shown is the day before it.
    endsOn: s.endsAt ? vietnamDateInput(new Date(Date.parse(s.endsAt) - 1).toISOString()) : "",
  };
}

const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00+07:00`);
/** A typed whole number, or NaN (which validateSurvey reports as out of range). */
const whole = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function draftToDefinition(d: SurveyDraft): SurveyDefinition {
  return {
    kind: d.kind,
    name: d.name.trim(),
    question: { vi: d.question.vi.trim(), en: d.question.en.trim() },
    followUps: d.followUps,
    touchpoint: d.touchpoint,
    storeIds: d.storeIds,
    channel: d.channel,
    rewardPoints: whole(d.rewardPoints),
    throttleDays: whole(d.throttleDays),
    startsAt: d.startsOn ? dayStartMs(d.startsOn) : null,
    endsAt: d.endsOn ? dayStartMs(d.endsOn) + 86_400_000 : null,
  };
}

export function draftToInput(d: SurveyDraft): SurveyInput {
  const def = draftToDefinition(d);
  return {
    ...def,
    startsAt: def.startsAt === null ? null : new Date(def.startsAt).toISOString(),
    endsAt: def.endsAt === null ? null : new Date(def.endsAt).toISOString(),
  };
}

/**
 * A reason id from its Vietnamese label: "Phục vụ chậm" → "phuc_vu_cham", unique in the band.
 * The id is what answers and the dashboards keep; renaming the label later keeps it.
 */
export function reasonId(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^[^a-z]+/, "")
      .slice(0, 32) || "reason";
  const padded = base.length < 2 ? `${base}_x` : base;
  let id = padded;
  for (let n = 2; taken.includes(id); n++) id = `${padded}_${n}`;
  return id.slice(0, 40);
}

export const MAX_REASONS = SURVEY_LIMITS.reasonsPerBand;
