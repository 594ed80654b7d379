import { ApiError } from "../../client/api-error";
import { platformStorage, readJson } from "../platform/storage";
import { ZaloUnavailableError } from "../platform/zalo-identity";
import { isSession } from "./cache-guards";

/**
 * The parts of the Mini App's API glue the first route needs before the contract's chunk has
 * arrived (state/contract.ts): storage keys, whose session is stored, and failure codes. No
 * zod here; the client itself is in state/api.ts, inside that chunk.
 */
export const SESSION_KEY = "ll.session";
export const DEVICE_KEY = "ll.device";
/** Whose session ll.session is (a user id): the cached /me is only shown at start-up for them. */
export const SESSION_USER_KEY = "ll.sessionUser";

// Mirrored for the first paint inside Zalo (platform/storage.ts): it stands for the tokens,
// which never leave nativeStorage.
platformStorage.mirror(SESSION_USER_KEY);

export function sessionUser(): string | null {
  return platformStorage.getItem(SESSION_USER_KEY);
}

/** Records (or with null forgets) whose tokens are stored; call wherever the tokens change hands. */
export function setSessionUser(userId: string | null) {
  if (userId) platformStorage.setItem(SESSION_USER_KEY, userId);
  else platformStorage.removeItem(SESSION_USER_KEY);
}

/**
 * Whether tokens are stored (checked by shape: the API client parses them with the contract
 * when it sends them). Decides at start-up whether the cached card may be painted. Inside
 * Zalo before zmp-sdk has arrived only the mirror can answer, and it never holds the tokens:
 * whose session it is stands for them until nativeStorage confirms (state/session.ts).
 */
export function hasStoredSession(): boolean {
  if (!platformStorage.isSettled()) return sessionUser() !== null;
  return isSession(readJson(platformStorage, SESSION_KEY));
}

/** A stable, translatable error code for anything an API call or Zalo can throw. */
export type FailureCode = ApiError["code"] | "zalo";

export function failureCode(err: unknown): FailureCode {
  if (err instanceof ApiError) return err.code;
  if (err instanceof ZaloUnavailableError) return "zalo";
  return "internal";
}

/** The values a refusal's sentence needs (receipt_already_used: at, staff, points); {} for anything else. */
export function failureParams(err: unknown): Readonly<Record<string, string | number>> {
  return err instanceof ApiError ? err.params : {};
}
