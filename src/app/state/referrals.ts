import { atom } from "jotai";
import { referralEndpoints } from "../../contract/endpoints/referrals";
import { api, withSession } from "./api";
import { remoteAtoms } from "./remote";
import { meAtom } from "./session";

/** The member's invitation link and their invites with each friend's state (issue 14). */
const referrals = remoteAtoms((get) => {
  void get(meAtom);
  return withSession(() => api.request(referralEndpoints.myReferrals));
});
export const myReferralsAtom = referrals.valueAtom;
export const loadMyReferralsAtom = referrals.loadAtom;

/** Records that this user opened a friend's invitation link (member or not yet). */
export const acceptReferralAtom = atom(null, (_get, _set, code: string) =>
  withSession(() => api.request(referralEndpoints.acceptReferral, { body: { code } })),
);
