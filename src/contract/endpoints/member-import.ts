import { z } from "zod";
import { IMPORT_MAX_BYTES } from "../../domain/members/member-import";
import { defineEndpoints, type UploadRule } from "../endpoint";
import { MemberImportDryRun, MemberImportFileQuery, MemberImportJob, MemberImportRunQuery } from "../member-import";

/**
 * The console's member import (admins and managers). Both POSTs take the file itself as the
 * body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,
 * or application/octet-stream), not JSON.
 */
const importFile: UploadRule = { maxBytes: IMPORT_MAX_BYTES, types: "any", tooLarge: "import_file_too_large" };

export const memberImportEndpoints = defineEndpoints({
  dryRun: {
    method: "post",
    path: "/console/member-imports/dry-run",
    query: MemberImportFileQuery,
    response: MemberImportDryRun,
    upload: importFile,
  },
  run: { method: "post", path: "/console/member-imports", query: MemberImportRunQuery, response: MemberImportJob, upload: importFile },
  job: { method: "get", path: "/console/member-imports/{importId}", params: z.object({ importId: z.uuid() }), response: MemberImportJob },
});
