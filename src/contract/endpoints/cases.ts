import {
  CaseActionResponse,
  CaseCareRequest,
  CaseCloseRequest,
  CaseDetail,
  CaseIdParam,
  CaseList,
  CaseListQuery,
  CaseMetrics,
  CaseMetricsQuery,
  CaseNoteRequest,
  CaseReopenRequest,
  CaseVoucherRequest,
  MyFeedbackResponses,
} from "../cases";
import { defineEndpoints } from "../endpoint";

/** Feedback cases: console (every console role reads; managers and admins act) and the member's own view. */
export const caseEndpoints = defineEndpoints({
  listCases: { method: "get", path: "/console/cases", query: CaseListQuery, response: CaseList },
  caseMetrics: { method: "get", path: "/console/cases/metrics", query: CaseMetricsQuery, response: CaseMetrics },
  getCase: { method: "get", path: "/console/cases/{caseId}", params: CaseIdParam, response: CaseDetail },
  addNote: {
    method: "post",
    path: "/console/cases/{caseId}/notes",
    params: CaseIdParam,
    body: CaseNoteRequest,
    response: CaseActionResponse,
  },
  sendCare: {
    method: "post",
    path: "/console/cases/{caseId}/care-message",
    params: CaseIdParam,
    body: CaseCareRequest,
    response: CaseActionResponse,
  },
  grantVoucher: {
    method: "post",
    path: "/console/cases/{caseId}/apology-voucher",
    params: CaseIdParam,
    body: CaseVoucherRequest,
    response: CaseActionResponse,
  },
  closeCase: {
    method: "post",
    path: "/console/cases/{caseId}/close",
    params: CaseIdParam,
    body: CaseCloseRequest,
    response: CaseActionResponse,
  },
  reopenCase: {
    method: "post",
    path: "/console/cases/{caseId}/reopen",
    params: CaseIdParam,
    body: CaseReopenRequest,
    response: CaseActionResponse,
  },
  myFeedbackResponses: { method: "get", path: "/members/me/feedback-responses", response: MyFeedbackResponses },
});
