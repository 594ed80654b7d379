import { defineEndpoints } from "../endpoint";
import {
  CheckinConfigSchema,
  CheckinRequest,
  CheckinResponse,
  CheckinResults,
  CheckinResultsQuery,
  CheckinState,
  ConsoleCheckinConfig,
} from "../checkin";

export const checkinEndpoints = defineEndpoints({
  // member
  checkinState: { method: "get", path: "/members/me/checkin", response: CheckinState },
  checkin: { method: "post", path: "/members/me/checkin", body: CheckinRequest, response: CheckinResponse, status: [201, 200] },
  // console
  checkinConfig: { method: "get", path: "/console/checkin/config", response: ConsoleCheckinConfig },
  saveCheckinConfig: { method: "put", path: "/console/checkin/config", body: CheckinConfigSchema, response: ConsoleCheckinConfig },
  checkinResults: { method: "get", path: "/console/checkin/results", query: CheckinResultsQuery, response: CheckinResults },
});
