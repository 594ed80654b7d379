import { followOA, openShareSheet, vibrate } from "zmp-sdk/apis";
import { isInsideZalo } from "./environment";
import { errorCode } from "./phone-number";

/*
 * The zmp-sdk calls of the Games tab (issue 14). Only that lazy page imports this module, so
 * the SDK comes with the page's chunk, as for the scanner and the phone prompt (decision 0028).
 * Every call is a no-op outside Zalo: there the SDK has no haptics, no share sheet and no OA.
 */

/**
 * A short buzz (the wheel stopping, a check-in). `@zaloOnly` and `@requirePermission` in the
 * SDK: a phone or Zalo without it just stays still, which is never an error for the shopper.
 */
export function buzz(milliseconds: number): void {
  if (!isInsideZalo()) return;
  void vibrate({ type: "oneShot", milliseconds }).catch(() => undefined);
}

/** What the share sheet did: shared (to chat or feed), cancelled, or not available (outside Zalo, an old Zalo). */
export type ShareOutcome = "shared" | "cancelled" | "unavailable";

/** Zalo's share sheet with a link (the member's invitation). */
export async function shareLink(link: string): Promise<ShareOutcome> {
  if (!isInsideZalo()) return "unavailable";
  try {
    const result = await openShareSheet({ type: "link", data: { link, chatOnly: false } });
    return result && typeof result === "object" && "status" in result && result.status === 0 ? "cancelled" : "shared";
  } catch (err) {
    return errorCode(err) === -201 || errorCode(err) === -2003 ? "cancelled" : "unavailable";
  }
}

/** Zalo's own follow prompt for the brand's Official Account. */
export type FollowOutcome = "followed" | "refused" | "unavailable";

export async function followOfficialAccount(oaId: string): Promise<FollowOutcome> {
  if (!isInsideZalo()) return "unavailable";
  try {
    await followOA({ id: oaId, showDialogConfirm: true });
    return "followed";
  } catch (err) {
    return errorCode(err) === -201 ? "refused" : "unavailable";
  }
}
