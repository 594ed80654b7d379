import type { DashboardScore } from "../../contract/survey-dashboard";
import type { Locale } from "../../domain/locale/locale";
import type { SurveyKind } from "../../domain/surveys/kinds";
import { INTL_LOCALE } from "../i18n";

/** What a dashboard shows: one survey, or every survey of a kind. */
export type DashboardScope = { surveyId: string; kind?: undefined } | { kind: SurveyKind; surveyId?: undefined };

/**
 * A score as the CX team reads it: NPS as a signed whole number (+17, −40), CSAT and CES as a
 * whole percent; the margin as "± 12". Exact figures come from the API; screens round here only.
 */
export function formatScore(locale: Locale, kind: SurveyKind, score: number | null): string {
  if (score === null) return "—";
  const rounded = Math.round(score);
  if (kind === "nps") {
    const body = new Intl.NumberFormat(INTL_LOCALE[locale]).format(Math.abs(rounded));
    return rounded > 0 ? `+${body}` : rounded < 0 ? `−${body}` : body;
  }
  return `${new Intl.NumberFormat(INTL_LOCALE[locale]).format(rounded)}%`;
}

export function formatMargin(locale: Locale, margin: number | null): string {
  if (margin === null) return "—";
  return `± ${new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 0 }).format(margin)}`;
}

export function formatMean(locale: Locale, mean: number | null): string {
  return mean === null
    ? "—"
    : new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(mean);
}

/** The axis range of a kind's score: NPS −100..100, the others 0..100 (percent). */
export function scoreDomain(kind: SurveyKind): [number, number] {
  return kind === "nps" ? [-100, 100] : [0, 100];
}

/** A score's 95% interval clipped to the scale, for an error band: [low, high]; null without answers. */
export function scoreInterval(kind: SurveyKind, s: DashboardScore): [number, number] | null {
  if (s.score === null || s.marginOfError === null) return null;
  const [min, max] = scoreDomain(kind);
  return [Math.max(min, s.score - s.marginOfError), Math.min(max, s.score + s.marginOfError)];
}
