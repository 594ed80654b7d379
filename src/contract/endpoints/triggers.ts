import { Trigger, TriggerKindParam, TriggerList, TriggerPreview, TriggerResults, TriggerUpdateRequest } from "../triggers";
import { defineEndpoints } from "../endpoint";

/** Always-on triggers (console: marketers and managers switch and configure them). */
export const triggerEndpoints = defineEndpoints({
  listTriggers: { method: "get", path: "/console/triggers", response: TriggerList },
  updateTrigger: {
    method: "put",
    path: "/console/triggers/{kind}",
    params: TriggerKindParam,
    body: TriggerUpdateRequest,
    response: Trigger,
  },
  previewTrigger: { method: "get", path: "/console/triggers/{kind}/preview", params: TriggerKindParam, response: TriggerPreview },
  triggerResults: { method: "get", path: "/console/triggers/{kind}/results", params: TriggerKindParam, response: TriggerResults },
});
