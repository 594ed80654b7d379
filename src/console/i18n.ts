import { LOCALES, type Locale } from "../domain/locale/locale";
import type { Role } from "../domain/identity/roles";
import type { TierCode } from "../domain/loyalty/tiers";
import type { vi as campaignsVi } from "./campaigns/strings/vi";
import type { vi as accountVi } from "./account/strings/vi";
import type { vi as casesVi } from "./cases/strings/vi";
import type { vi as storeAdminVi } from "./store-admin/strings/vi";
import type { vi as gamesVi } from "./games/strings/vi";
import type { vi as insightsVi } from "./insights/strings/vi";
import type { vi as integrationsVi } from "./integrations/strings/vi";
import type { vi as ledgerVi } from "./ledger/strings/vi";
import type { vi as memberDetailVi } from "./member-detail/strings/vi";
import type { vi as membersVi } from "./members/strings/vi";
import type { vi as messagingVi } from "./messaging/strings/vi";
import type { vi as preferencesVi } from "./preferences/strings/vi";
import type { vi as programmeVi } from "./programme/strings/vi";
import type { vi as rewardsVi } from "./rewards/strings/vi";
import type { vi as segmentsVi } from "./segments/strings/vi";
import type { vi as surveysVi } from "./surveys/strings/vi";
import type { vi as triggersVi } from "./triggers/strings/vi";
import { en as shellEn } from "./strings/en";
import { vi as shellVi } from "./strings/vi";

/**
 * Console strings, per locale and per feature. The shell's (console/strings) are in the main
 * chunk; each page's strings (<feature>/strings) sit in the page's lazily loaded chunk and join
 * the dictionary when that chunk runs (<feature>/strings/load.ts), before the page renders.
 * The key type still spans every feature (type-only imports above, nothing of them is bundled
 * here), so `t("msg.…")` stays checked wherever it is written.
 */
export type MessageKey =
  | keyof typeof shellVi
  | keyof typeof membersVi
  | keyof typeof memberDetailVi
  | keyof typeof ledgerVi
  | keyof typeof rewardsVi
  | keyof typeof preferencesVi
  | keyof typeof messagingVi
  | keyof typeof insightsVi
  | keyof typeof casesVi
  | keyof typeof surveysVi
  | keyof typeof segmentsVi
  | keyof typeof triggersVi
  | keyof typeof gamesVi
  | keyof typeof storeAdminVi
  | keyof typeof campaignsVi
  | keyof typeof accountVi
  | keyof typeof programmeVi
  | keyof typeof integrationsVi;

/** One feature's strings in every language. */
export type FeatureMessages<K extends MessageKey> = Record<Locale, Record<K, string>>;

const loaded: Record<Locale, Partial<Record<MessageKey, string>>> = { vi: { ...shellVi }, en: { ...shellEn } };

/** Called once by each feature's strings/load.ts. */
export function registerMessages<K extends MessageKey>(messages: FeatureMessages<K>): void {
  for (const locale of LOCALES) Object.assign(loaded[locale], messages[locale]);
}

/** BCP 47 tags for Intl; `en` stays generic rather than guessing a region. */
export const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en" };

export type Params = Record<string, string | number>;

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A key whose feature's strings are not loaded shows as the key itself: visible, never a crash. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(loaded[locale][key] ?? key, params);
}

export const roleKey = (role: Role): MessageKey => `role.${role}`;
export const tierKey = (tier: TierCode): MessageKey => `tier.${tier}`;
