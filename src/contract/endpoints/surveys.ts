import { defineEndpoints } from "../endpoint";
import { ExportFile, ExportQuery } from "../exports";
import {
  AnswerIdParam,
  AnswerRequest,
  AnswerResponse,
  ConsoleSurveyDetail,
  ConsoleSurveyList,
  FollowUpRequest,
  FollowUpResponse,
  MyOpenSurveys,
  SurveyIdParam,
  SurveyInput,
  SurveyLinks,
  SurveyLinksQuery,
  SurveySettings,
  SurveySettingsUpdate,
  SurveyUpdateRequest,
  SurveyView,
  SurveyViewQuery,
} from "../surveys";

export const surveyEndpoints = defineEndpoints({
  // member
  myOpenSurveys: { method: "get", path: "/members/me/surveys", response: MyOpenSurveys },
  surveyView: {
    method: "get",
    path: "/members/me/surveys/{surveyId}",
    params: SurveyIdParam,
    query: SurveyViewQuery,
    response: SurveyView,
  },
  answer: {
    method: "post",
    path: "/members/me/surveys/{surveyId}/answers",
    params: SurveyIdParam,
    body: AnswerRequest,
    response: AnswerResponse,
    status: [201, 200],
  },
  followUp: {
    method: "put",
    path: "/members/me/survey-answers/{answerId}/follow-up",
    params: AnswerIdParam,
    body: FollowUpRequest,
    response: FollowUpResponse,
  },
  // console
  listSurveys: { method: "get", path: "/console/surveys", response: ConsoleSurveyList },
  /** A survey's current answers as a file; the member as the role may see them (decision 0047). */
  exportSurveyAnswers: {
    method: "get",
    path: "/console/exports/surveys/{surveyId}",
    params: SurveyIdParam,
    query: ExportQuery,
    response: ExportFile,
    mediaType: "spreadsheet",
  },
  createSurvey: { method: "post", path: "/console/surveys", body: SurveyInput, response: ConsoleSurveyDetail, status: [201] },
  getSurvey: { method: "get", path: "/console/surveys/{surveyId}", params: SurveyIdParam, response: ConsoleSurveyDetail },
  updateSurvey: {
    method: "put",
    path: "/console/surveys/{surveyId}",
    params: SurveyIdParam,
    body: SurveyUpdateRequest,
    response: ConsoleSurveyDetail,
  },
  activateSurvey: { method: "post", path: "/console/surveys/{surveyId}/activate", params: SurveyIdParam, response: ConsoleSurveyDetail },
  archiveSurvey: { method: "post", path: "/console/surveys/{surveyId}/archive", params: SurveyIdParam, response: ConsoleSurveyDetail },
  surveySettings: { method: "get", path: "/console/survey-settings", response: SurveySettings },
  updateSurveySettings: { method: "put", path: "/console/survey-settings", body: SurveySettingsUpdate, response: SurveySettings },
  surveyLinks: {
    method: "get",
    path: "/console/surveys/{surveyId}/links",
    params: SurveyIdParam,
    query: SurveyLinksQuery,
    response: SurveyLinks,
  },
});
