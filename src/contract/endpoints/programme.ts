import { defineEndpoints } from "../endpoint";
import { ProgrammePreview, ProgrammePreviewRequest, ProgrammeUpdate, ProgrammeView } from "../programme";

/** The programme settings (issue 16): every console role reads and previews, managers and admins save. */
export const programmeEndpoints = defineEndpoints({
  programme: { method: "get", path: "/console/programme", response: ProgrammeView },
  updateProgramme: { method: "put", path: "/console/programme", body: ProgrammeUpdate, response: ProgrammeView },
  previewProgramme: { method: "post", path: "/console/programme/preview", body: ProgrammePreviewRequest, response: ProgrammePreview },
});
