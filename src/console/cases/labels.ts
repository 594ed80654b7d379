import type { CaseEventView, CaseSummary } from "../../contract/cases";
import type { CaseOutcome } from "../../domain/cases/lifecycle";
import type { Locale } from "../../domain/locale/locale";
import type { MessageKey, Params } from "../i18n";

type T = (key: MessageKey, params?: Params) => string;
const HOUR_MS = 3_600_000;

/** Hours for people: whole hours from 10 up, one decimal below (a case due in 0.5 h says so). */
export function hoursText(locale: Locale, ms: number): string {
  const hours = Math.abs(ms) / HOUR_MS;
  return new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en", { maximumFractionDigits: hours >= 10 ? 0 : 1 }).format(hours);
}

export function slaText(t: T, locale: Locale, c: CaseSummary): string {
  if (c.status === "closed") return t("cases.sla.closed");
  return t(`cases.sla.${c.sla.colour}`, { hours: hoursText(locale, c.sla.remainingMs) });
}

export const outcomeText = (t: T, outcome: CaseOutcome) => t(`case.outcome.${outcome}`);

export function eventText(t: T, e: CaseEventView): string {
  switch (e.kind) {
    case "opened":
      return t("case.event.opened", { score: e.toScore ?? "" });
    case "answer_changed":
      return t("case.event.answer_changed", { from: e.fromScore ?? "", to: e.toScore ?? "" });
    case "closed":
      return t("case.event.closed", { outcome: e.outcome ? outcomeText(t, e.outcome) : "" });
    default:
      return t(`case.event.${e.kind}`);
  }
}
