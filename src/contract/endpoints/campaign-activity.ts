import { CampaignIdParam } from "../campaigns";
import { CampaignAuditCsv, CampaignAuditCsvQuery, CampaignAuditLog } from "../campaign-activity";
import { defineEndpoints } from "../endpoint";

/** A campaign's audit log (managers), as rows and as CSV. */
export const campaignActivityEndpoints = defineEndpoints({
  campaignAudit: { method: "get", path: "/console/campaigns/{campaignId}/audit", params: CampaignIdParam, response: CampaignAuditLog },
  campaignAuditCsv: {
    method: "get",
    path: "/console/campaigns/{campaignId}/audit.csv",
    params: CampaignIdParam,
    query: CampaignAuditCsvQuery,
    response: CampaignAuditCsv,
    mediaType: "text/csv",
  },
});
