/*
 * A friend's invitation (issue 14): the Mini App opened from a share link, the brand's Mini
 * App URL + `?ref=<signed code>` (decision 0032). The code is read from the address at start-up,
 * kept in sessionStorage (it survives a reload during onboarding), and sent to the server once
 * signed in (pages/games/referral-accept.tsx), member or not yet: the server records the invite
 * and turns it into "joined" at enrolment. No zod here: the first route imports this.
 */
const KEY = "ll.ref";
/** The server's codes are 34 characters of base64url; anything far from that is not worth a request. */
const CODE_RE = /^[A-Za-z0-9_.-]{8,64}$/;

/** Keeps the `ref` of the address (the start-up's URL), if any; returns whether one is waiting. */
export function captureReferralCode(search: string = window.location.search): boolean {
  const code = new URLSearchParams(search).get("ref")?.trim();
  try {
    if (code && CODE_RE.test(code)) sessionStorage.setItem(KEY, code);
    return sessionStorage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}

export function pendingReferralCode(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The server answered (recorded, or refused for good): the code is done with. */
export function forgetReferralCode(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Blocked storage: nothing was kept either.
  }
}
