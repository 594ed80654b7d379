import type { ZaloLoginResult } from "../../domain/identity/zalo-login";
import { ZALO_LOGIN_RESULTS } from "../../domain/identity/zalo-login";

/** A `?zalo=` value the callback sent back, or null for anything else (a hand-edited URL). */
export function zaloResultOf(value: string | null): ZaloLoginResult | null {
  return value && (ZALO_LOGIN_RESULTS as readonly string[]).includes(value) ? (value as ZaloLoginResult) : null;
}
