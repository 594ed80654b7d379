import {
  Campaign,
  CampaignFunnel,
  CampaignIdParam,
  CampaignInput,
  CampaignList,
  CampaignListQuery,
  CampaignPlan,
  CampaignPreview,
  CampaignPreviewRequest,
  CampaignResults,
  CampaignSettings,
  CampaignSettingsUpdate,
  CampaignTransitionRequest,
  CampaignUpdateRequest,
} from "../campaigns";
import { defineEndpoints } from "../endpoint";
import { ExportFile, ExportQuery } from "../exports";

/** Campaigns (console: marketers build, managers approve). */
export const campaignEndpoints = defineEndpoints({
  campaignSettings: { method: "get", path: "/console/campaign-settings", response: CampaignSettings },
  updateCampaignSettings: { method: "put", path: "/console/campaign-settings", body: CampaignSettingsUpdate, response: CampaignSettings },
  listCampaigns: { method: "get", path: "/console/campaigns", query: CampaignListQuery, response: CampaignList },
  createCampaign: { method: "post", path: "/console/campaigns", body: CampaignInput, response: Campaign, status: [201] },
  getCampaign: { method: "get", path: "/console/campaigns/{campaignId}", params: CampaignIdParam, response: Campaign },
  updateCampaign: {
    method: "put",
    path: "/console/campaigns/{campaignId}",
    params: CampaignIdParam,
    body: CampaignUpdateRequest,
    response: Campaign,
  },
  previewCampaign: {
    method: "post",
    path: "/console/campaigns/{campaignId}/preview",
    params: CampaignIdParam,
    body: CampaignPreviewRequest,
    response: CampaignPreview,
  },
  campaignFunnel: { method: "get", path: "/console/campaigns/{campaignId}/funnel", params: CampaignIdParam, response: CampaignFunnel },
  campaignPlan: { method: "get", path: "/console/campaigns/{campaignId}/plan", params: CampaignIdParam, response: CampaignPlan },
  campaignResults: { method: "get", path: "/console/campaigns/{campaignId}/results", params: CampaignIdParam, response: CampaignResults },
  /** Every recipient of a campaign with their group, message and conversion, as a file (decision 0047). */
  exportCampaignRecipients: {
    method: "get",
    path: "/console/exports/campaigns/{campaignId}",
    params: CampaignIdParam,
    query: ExportQuery,
    response: ExportFile,
    mediaType: "spreadsheet",
  },
  transitionCampaign: {
    method: "post",
    path: "/console/campaigns/{campaignId}/transitions",
    params: CampaignIdParam,
    body: CampaignTransitionRequest,
    response: Campaign,
  },
});
