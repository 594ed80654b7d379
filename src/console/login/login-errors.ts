import type { ApiError } from "../../client/api-client";
import type { MessageKey } from "../i18n";

/** Codes with their own sign-in message; anything else gets the generic one. */
const KNOWN: Partial<Record<ApiError["code"], MessageKey>> = {
  login_link_invalid: "login.error.login_link_invalid",
  // A malformed code (too short, pasted with junk) is, for the user, just an invalid code.
  invalid_request: "login.error.login_link_invalid",
  dev_identity_disabled: "login.error.dev_identity_disabled",
  network: "login.error.network",
  rate_limited: "login.error.rate_limited",
  forbidden: "login.error.forbidden",
  not_found: "login.error.not_found",
  zalo_login_unavailable: "login.error.zalo_login_unavailable",
};

export function loginErrorKey(code: ApiError["code"]): MessageKey {
  return KNOWN[code] ?? "login.error.generic";
}

/**
 * People paste whatever they were sent: the bare token or the whole
 * https://…/console/login?token=… link. Accept both.
 */
export function extractLinkToken(input: string): string {
  const text = input.trim();
  const match = /[?&]token=([^&#\s]+)/.exec(text);
  if (!match?.[1]) return text;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
