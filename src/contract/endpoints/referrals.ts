import { defineEndpoints } from "../endpoint";
import {
  AcceptReferralRequest,
  AcceptReferralResponse,
  ConsoleReferralConfig,
  MyReferrals,
  ReferralConfigSchema,
  ReferralResults,
  ReferralResultsQuery,
} from "../referrals";

export const referralEndpoints = defineEndpoints({
  // member
  myReferrals: { method: "get", path: "/members/me/referrals", response: MyReferrals },
  /**
   * The friend opened a share link (before or after joining): records the invite. Any signed-in
   * user may call it, member or not yet; at enrolment the invite becomes joined.
   */
  acceptReferral: {
    method: "post",
    path: "/referrals/accept",
    body: AcceptReferralRequest,
    response: AcceptReferralResponse,
    status: [201, 200],
  },
  // console
  referralConfig: { method: "get", path: "/console/referrals/config", response: ConsoleReferralConfig },
  saveReferralConfig: { method: "put", path: "/console/referrals/config", body: ReferralConfigSchema, response: ConsoleReferralConfig },
  referralResults: { method: "get", path: "/console/referrals/results", query: ReferralResultsQuery, response: ReferralResults },
});
