import { defineEndpoints } from "../endpoint";
import {
  SegmentCount,
  SegmentDetail,
  SegmentDraftRequest,
  SegmentExplainRequest,
  SegmentExplanation,
  SegmentIdParam,
  SegmentInput,
  SegmentList,
  SegmentListQuery,
  SegmentSample,
  SegmentSampleRequest,
  SegmentUpdateRequest,
  SegmentVersion,
  SegmentVersionParam,
} from "../segments";

/** Segments (console: marketers and managers). Drafts are counted, sampled and explained without saving. */
export const segmentEndpoints = defineEndpoints({
  countSegment: { method: "post", path: "/console/segments/count", body: SegmentDraftRequest, response: SegmentCount },
  sampleSegment: { method: "post", path: "/console/segments/sample", body: SegmentSampleRequest, response: SegmentSample },
  explainSegment: { method: "post", path: "/console/segments/explain", body: SegmentExplainRequest, response: SegmentExplanation },
  listSegments: { method: "get", path: "/console/segments", query: SegmentListQuery, response: SegmentList },
  createSegment: { method: "post", path: "/console/segments", body: SegmentInput, response: SegmentDetail, status: [201] },
  getSegment: { method: "get", path: "/console/segments/{segmentId}", params: SegmentIdParam, response: SegmentDetail },
  updateSegment: {
    method: "put",
    path: "/console/segments/{segmentId}",
    params: SegmentIdParam,
    body: SegmentUpdateRequest,
    response: SegmentDetail,
  },
  getSegmentVersion: {
    method: "get",
    path: "/console/segments/{segmentId}/versions/{version}",
    params: SegmentVersionParam,
    response: SegmentVersion,
  },
  archiveSegment: { method: "post", path: "/console/segments/{segmentId}/archive", params: SegmentIdParam, response: SegmentDetail },
});
