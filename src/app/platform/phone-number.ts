import { getPhoneNumber } from "zmp-sdk/apis";

/**
 * The outcome of asking Zalo for the shopper's phone number.
 * - token: Zalo's single-use token (valid 2 minutes), exchanged by the server (docs/zalo.md#graph-phone)
 * - denied: the shopper refused Zalo's prompt (error -201)
 * - unavailable: no token came back: outside Zalo (the localhost stub resolves without one,
 *   other hosts reject -2000), or the API is not enabled for this Mini App ID
 */
export type PhoneTokenResult = { kind: "token"; token: string } | { kind: "denied" } | { kind: "unavailable" };

const USER_REFUSED = -201;

export async function requestPhoneToken(): Promise<PhoneTokenResult> {
  try {
    const { token } = await getPhoneNumber();
    return token ? { kind: "token", token } : { kind: "unavailable" };
  } catch (err) {
    return errorCode(err) === USER_REFUSED ? { kind: "denied" } : { kind: "unavailable" };
  }
}

/** What the server's dev identity accepts in place of a Zalo phone token: dev-phone:<digits>. */
export function devPhoneToken(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, "");
  return /^\+?\d{9,13}$/.test(compact) ? `dev-phone:${compact}` : null;
}

/** zmp-sdk rejects with plain objects `{code, message}`, not Error instances (docs/zalo.md#sdk-errors). */
export function errorCode(err: unknown): number | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "number" ? code : undefined;
  }
  return undefined;
}
