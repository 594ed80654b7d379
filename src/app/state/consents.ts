import { atom } from "jotai";
import type { z } from "zod";
import { PhoneResponse } from "../../contract/members";
import { MyConsents, type ZaloAnswerRequest } from "../../contract/preferences";
import type { ConsentPurpose } from "../../domain/consent/purposes";
import { getZaloAccessToken } from "../platform/zalo-identity";
import { api, withSession } from "./api";
import { setCardPhoneAtom } from "./card";

export function fetchConsents() {
  return withSession(() => api.get("/members/me/consents", MyConsents));
}

/** Records a decision on one purpose; `wordingVersion` is the version of the text on screen. */
export function postConsent(request: { purpose: ConsentPurpose; granted: boolean; wordingVersion: string }) {
  return withSession(() => api.post("/members/me/consents", request, MyConsents));
}

/** Records what Zalo answered when we showed its own prompt for a purpose already agreed to. */
export function postZaloAnswer(request: z.infer<typeof ZaloAnswerRequest>) {
  return withSession(() => api.post("/members/me/consents/zalo", request, MyConsents));
}

/**
 * Exchanges Zalo's single-use phone token on the server and shows the masked number on the
 * card. The server checks that the Zalo user behind the token is the one of our session, hence
 * the access token alongside.
 */
export const sharePhoneAtom = atom(null, async (_get, set, phoneToken: string) => {
  const accessToken = await getZaloAccessToken();
  const { phoneMasked } = await withSession(() => api.post("/members/me/phone", { phoneToken, accessToken }, PhoneResponse));
  set(setCardPhoneAtom, phoneMasked);
  return phoneMasked;
});
