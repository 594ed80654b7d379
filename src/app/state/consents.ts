import { atom } from "jotai";
import type { z } from "zod";

import { memberEndpoints } from "../../contract/endpoints/members";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import type { ZaloAnswerRequest } from "../../contract/preferences";
import type { ConsentPurpose } from "../../domain/consent/purposes";
import { getZaloAccessToken } from "../platform/zalo-identity";
import { api, withSession } from "./api";
import { setCardPhoneAtom } from "./card";
import { remoteAtoms } from "./remote";

const consents = remoteAtoms(() => withSession(() => api.request(preferenceEndpoints.myConsents)));
/** The member's decision per purpose, with its history. */
export const consentsAtom = consents.valueAtom;
export const loadConsentsAtom = consents.loadAtom;

/**
 * Records a decision on one purpose (`wordingVersion`: the version of the text on screen) and
 * shows the server's answer; returns it.
 */
export const postConsentAtom = atom(
  null,
  async (_get, set, request: { purpose: ConsentPurpose; granted: boolean; wordingVersion: string }) => {
    const answer = await withSession(() => api.request(preferenceEndpoints.setConsent, { body: request }));
    set(consents.updateAtom, answer);
    return answer;
  },
);

/** Records what Zalo answered when we showed its own prompt for a purpose already agreed to. */
export const postZaloAnswerAtom = atom(null, async (_get, set, request: z.infer<typeof ZaloAnswerRequest>) => {
  set(consents.updateAtom, await withSession(() => api.request(preferenceEndpoints.zaloAnswer, { body: request })));
});

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
