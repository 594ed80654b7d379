import { interactOA, requestSendNotification } from "zmp-sdk/apis";
import { errorCode, requestPhoneToken } from "./phone-number";

/** Zalo's answer to one of its own permission prompts, as the consent centre records it. */
export type ZaloPromptOutcome = "allowed" | "refused" | "unavailable";

/** zmp-sdk's code for "the user said no" to authorize / followOA / interactOA (docs/zalo.md#sdk-errors). */
const USER_REFUSED = -201;

/**
 * Any other failure (outside Zalo -2000, an old Zalo -1404, a disabled API…) means Zalo could
 * not ask, which is not the member refusing: recording it as "refused" would be a false record.
 */
export function outcomeOfError(err: unknown): ZaloPromptOutcome {
  return errorCode(err) === USER_REFUSED ? "refused" : "unavailable";
}

async function outcomeOf(prompt: () => Promise<unknown>): Promise<ZaloPromptOutcome> {
  try {
    await prompt();
    return "allowed";
  } catch (err) {
    return outcomeOfError(err);
  }
}

/** Opt-in for notifications through the Mini App's own OA (zmp-sdk requestSendNotification). */
export function askSendNotification(): Promise<ZaloPromptOutcome> {
  return outcomeOf(() => requestSendNotification());
}

/**
 * Lets the brand's Official Account message the member (zmp-sdk interactOA). With no OA
 * configured there is nothing Zalo could ask, so we do not call it.
 */
export function askInteractOA(oaId: string | null): Promise<ZaloPromptOutcome> {
  if (!oaId) return Promise.resolve("unavailable");
  return outcomeOf(() => interactOA({ oaId }));
}

export type PhonePrompt = { outcome: "allowed"; token: string } | { outcome: "refused" } | { outcome: "unavailable" };

/** Zalo's phone prompt, with the single-use token the server exchanges when the member allowed it. */
export async function askPhoneNumber(): Promise<PhonePrompt> {
  const result = await requestPhoneToken();
  if (result.kind === "token") return { outcome: "allowed", token: result.token };
  return { outcome: result.kind === "denied" ? "refused" : "unavailable" };
}
