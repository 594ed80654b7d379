import { MemberListQuery, MemberListResponse } from "../console";
import { defineEndpoints } from "../endpoint";

export const consoleEndpoints = defineEndpoints({
  listMembers: { method: "get", path: "/console/members", query: MemberListQuery, response: MemberListResponse },
});
