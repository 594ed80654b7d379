import { prefixKeys } from "../../domain/locale/locale";
import { LEDGER_WORDS } from "../../domain/loyalty/ledger-words";
import type { vi } from "./vi";

/**
 * English strings of the console shell and what every page shares (sign-in, navigation, roles,
 * tiers, errors), key for key the Vietnamese ones.
 */
export const en: Record<keyof typeof vi, string> = {
  "app.name": "LoyalLoop Console",
  "app.loading": "Loading…",
  "app.loadFailed": "Could not load your account.",
  "app.retry": "Try again",
  "app.skipToContent": "Skip to content",

  "lang.label": "Language",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",

  "login.title": "LoyalLoop Console",
  "login.subtitle": "Run your brand's loyalty programme.",
  "login.devTitle": "Quick sign-in (dev)",
  "login.devHint": "The server runs in dev mode (no Zalo configured). Pick a role to sign in with a demo account.",
  "login.devManager": "Manager",
  "login.devMarketer": "Marketer",
  "login.linkTitle": "One-time sign-in code",
  "login.linkHint": "Paste the code, or the whole sign-in link your administrator sent you.",
  "login.linkLabel": "Sign-in code",
  "login.linkPlaceholder": "https://…/console/login?token=…",
  "login.linkSubmit": "Sign in",
  "login.signingIn": "Signing in…",
  "login.linkSigningIn": "Signing in with your link…",
  "login.error.login_link_invalid": "This sign-in code is invalid, already used or expired. Ask for a new link.",
  "login.error.dev_identity_disabled": "Quick sign-in only works when the server runs in dev mode. Use a one-time sign-in code.",
  "login.error.network": "Could not reach the server. Check your connection and try again.",
  "login.error.rate_limited": "Too many attempts. Please wait a moment and try again.",
  "login.error.forbidden": "This account has no access to the console.",
  "login.error.not_found": "No demo account exists for this role. Seed the demo data on the server.",
  "login.error.generic": "Sign-in failed. Please try again.",

  "nav.label": "Main navigation",
  "nav.ledger": "Points ledger",
  "nav.members": "Members",
  "nav.rewards": "Rewards",
  "nav.preferences": "Customer preferences",
  "nav.surveys": "Surveys",
  "nav.segments": "Segments",
  "nav.campaigns": "Campaigns",
  "nav.messages": "Messages",
  "nav.retention": "Retention",
  "nav.stores": "Store loop",

  "topbar.signOut": "Sign out",
  "topbar.devBadge": "Dev mode",

  ...prefixKeys("role.", LEDGER_WORDS.en.roles),

  "tier.member": "Member",
  "tier.silver": "Silver",
  "tier.gold": "Gold",
  "tier.diamond": "Diamond",

  "members.searchPlaceholder": "Name, card number or full phone number",
  "members.noPhone": "Not given",
  "members.empty": "No members found",
  "members.errorNetwork": "Could not reach the server. Check your connection and try again.",
  "members.errorServer": "The server ran into a problem. Please try again in a few minutes.",

  "common.cancel": "Cancel",
  "common.close": "Close",
  "common.dismiss": "Dismiss",
  "common.points": "points",
  "common.saving": "Saving…",

  "error.network": "Could not reach the server. Check your connection and try again.",
  "error.forbidden": "Your account is not allowed to do this. Only managers and admins can.",
  "error.invalid_request": "Some of the data is not valid. Check the fields and try again.",
  "error.member_not_found": "This member could not be found.",
  "error.voucher_not_found": "This voucher could not be found. Reload the page for the latest list.",
  "error.entry_not_found": "This ledger entry could not be found. It may belong to another brand.",
  "error.reward_not_found": "This reward could not be found. Reload the page to see the current list.",
  "error.insufficient_points": "The member does not have enough points to take this many off.",
  "error.idempotency_conflict": "This request reused the key of a different adjustment. Close the dialog and start again.",
  "error.already_reversed": "This entry has already been reversed.",
  "error.not_reversible": "Only points earned at a store can be reversed. Use a points adjustment instead.",
  "error.voucher_used": "This voucher was already used at a store, so it cannot be cancelled.",
  "error.voucher_expired": "This voucher has expired, so it cannot be cancelled.",
  "error.voucher_cancelled": "This voucher was already cancelled and its points refunded.",
  "error.voucher_void": "This voucher was voided with the member's account.",
  "error.rate_limited": "Too many requests. Please wait a moment and try again.",
  "error.template_not_found": "This template could not be found. Reload the page to see the current list.",
  "error.survey_not_found": "This survey could not be found. Reload the page to see the current list.",
  "error.survey_inactive": "This survey is not active or is outside its active dates.",
  "error.survey_archived": "This survey is archived and can no longer be changed.",
  "error.survey_version_conflict": "Someone else just saved this survey. Reload to see the latest version, then edit again.",
  "error.survey_invalid": "Some fields of the survey are not valid. Check the marked fields.",
  "error.survey_token_invalid": "This survey code is not valid.",
  "error.survey_token_expired": "This survey code has expired. Make a new link.",
  "error.generic": "The server ran into a problem. Please try again in a few minutes.",

  "ledger.col.actions": "Actions",

  "liability.showTable": "Show as a table",
};
