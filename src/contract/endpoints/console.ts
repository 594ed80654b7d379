import { MemberExportQuery, MemberListQuery, MemberListResponse } from "../console";
import { ExportFile } from "../exports";
import { defineEndpoints } from "../endpoint";

export const consoleEndpoints = defineEndpoints({
  listMembers: { method: "get", path: "/console/members", query: MemberListQuery, response: MemberListResponse },
  /** Every member the search finds, as a file; what each role gets is in decision 0047. */
  exportMembers: {
    method: "get",
    path: "/console/exports/members",
    query: MemberExportQuery,
    response: ExportFile,
    mediaType: "spreadsheet",
  },
});
