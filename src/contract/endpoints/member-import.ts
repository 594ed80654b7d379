import { z } from "zod";
import { defineEndpoints } from "../endpoint";
import { MemberImportDryRun, MemberImportFileQuery, MemberImportJob, MemberImportRunQuery } from "../member-import";

/**
 * The console's member import (admins and managers). Both POSTs take the file itself as the
 * body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,
 * or application/octet-stream), not JSON.
 */
export const memberImportEndpoints = defineEndpoints({
  dryRun: {
    method: "post",
    path: "/console/member-imports/dry-run",
    query: MemberImportFileQuery,
    response: MemberImportDryRun,
    upload: true,
  },
  run: { method: "post", path: "/console/member-imports", query: MemberImportRunQuery, response: MemberImportJob, upload: true },
  job: { method: "get", path: "/console/member-imports/{importId}", params: z.object({ importId: z.uuid() }), response: MemberImportJob },
});
