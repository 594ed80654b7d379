import { defineEndpoints } from "../endpoint";
import {
  EnrolRequest,
  EnrolResponse,
  LookupMemberRequest,
  MemberCard,
  PhoneRequest,
  PhoneResponse,
  ScanMemberRequest,
  ScannedMember,
  TermsResponse,
} from "../members";

export const memberEndpoints = defineEndpoints({
  terms: { method: "get", path: "/terms", response: TermsResponse },
  /** 201 when the membership is created, 200 with the existing card when already a member. */
  enrol: { method: "post", path: "/members", body: EnrolRequest, response: EnrolResponse, status: [201, 200] },
  card: { method: "get", path: "/members/me/card", response: MemberCard },
  phone: { method: "post", path: "/members/me/phone", body: PhoneRequest, response: PhoneResponse },
  scanMember: { method: "post", path: "/staff/scan-member", body: ScanMemberRequest, response: ScannedMember },
  lookupMember: { method: "post", path: "/staff/members/lookup", body: LookupMemberRequest, response: ScannedMember },
});
