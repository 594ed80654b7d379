/*
 * A friend's invitation (issue 14): the Mini App opened from a share link, the brand's Mini
 * App URL + `?ref=<signed code>` (decision 0032). The code is read from the address at start-up,
 * kept in sessionStorage (it survives a reload during onboarding), and sent to the server once
 * signed in (pages/games/referral-accept.tsx), member or not yet: the server records the invite
 * and turns it into "joined" at enrolment. No zod here: the first route imports this.
 */
/** Where the code waits (read and cleared by pages/games/referral-accept.tsx, in its own chunk). */
export const REFERRAL_KEY = "ll.ref";
/** Keeps the `ref` of the address (the start-up's URL), if any; returns whether one is waiting. */
export function captureReferralCode(): boolean {
  try {
    const code = new URLSearchParams(window.location.search).get("ref");
    // The server's codes are 34 characters; anything much longer is not worth keeping.
    if (code && code.length <= 64) sessionStorage.setItem(REFERRAL_KEY, code);
    return sessionStorage.getItem(REFERRAL_KEY) !== null;
  } catch {
    return false;
  }
}
