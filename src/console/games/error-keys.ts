import type { ApiError } from "../../client/api-client";
import { errorMessageKey } from "../common/api-errors";
import type { MessageKey } from "../i18n";

/**
 * The games' own refusal codes, whose sentences travel in the Games chunk's dictionary (not the
 * console's first route); every other code is the console's.
 */
const GAME_ERRORS: Partial<Record<ApiError["code"], MessageKey>> = {
  game_settings_invalid: "error.game_settings_invalid",
  checkin_config_invalid: "error.checkin_config_invalid",
  referral_config_invalid: "error.referral_config_invalid",
};

export function gameErrorKey(code: ApiError["code"]): MessageKey {
  return GAME_ERRORS[code] ?? errorMessageKey(code);
}
