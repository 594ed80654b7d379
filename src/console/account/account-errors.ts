import type { ApiError } from "../../client/api-client";
import { errorMessageKey } from "../common/api-errors";
import type { MessageKey } from "../i18n";

const ACCOUNT: Partial<Record<ApiError["code"], MessageKey>> = {
  invite_invalid: "account.error.invite_invalid",
  brand_already_set_up: "account.error.brand_already_set_up",
  brand_slug_fixed: "account.error.brand_slug_fixed",
  last_admin: "account.error.last_admin",
};

/** The account pages' own refusals, then the console's shared ones. */
export const accountErrorKey = (code: ApiError["code"]): MessageKey => ACCOUNT[code] ?? errorMessageKey(code);
