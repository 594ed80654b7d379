import { atom } from "jotai";
import type { z } from "zod";

import { memberEndpoints } from "../../contract/endpoints/members";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import type { ZaloAnswerRequest } from "../../contract/preferences";
import type { ConsentPurpose } from "../../domain/consent/purposes";
import { getZaloAccessToken } from "../platform/zalo-identity";
import { api, withSession } from "./api";
import { setCardPhoneAtom } from "./card";

export function fetchConsents() {
  return withSession(() => api.request(preferenceEndpoints.myConsents));
}

/** Records a decision on one purpose; `wordingVersion` is the version of the text on screen. */
export function postConsent(request: { purpose: ConsentPurpose; granted: boolean; wordingVersion: string }) {
  return withSession(() => api.request(preferenceEndpoints.setConsent, { body: request }));
}

/** Records what Zalo answered when we showed its own prompt for a purpose already agreed to. */
export function postZaloAnswer(request: z.infer<typeof ZaloAnswerRequest>) {
  return withSession(() => api.request(preferenceEndpoints.zaloAnswer, { body: request }));
}

/**
 * Exchanges Zalo's single-use phone token on the server and shows the masked number on the
 * card. The server checks that the Zalo user behind the token is the one of our session, hence
 * the access token alongside.
 */
export const sharePhoneAtom = atom(null, async (_get, set, phoneToken: string) => {
  const accessToken = await getZaloAccessToken();
  const { phoneMasked } = await withSession(() => api.request(memberEndpoints.phone, { body: { phoneToken, accessToken } }));
  set(setCardPhoneAtom, phoneMasked);
  return phoneMasked;
});
