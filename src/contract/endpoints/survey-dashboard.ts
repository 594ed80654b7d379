import { defineEndpoints } from "../endpoint";
import { ConsoleStoreList, SurveyComments, SurveyCommentsQuery, SurveyDashboard, SurveyDashboardQuery } from "../survey-dashboard";

/** The survey dashboards (console; every console role reads them). */
export const surveyDashboardEndpoints = defineEndpoints({
  surveyDashboard: { method: "get", path: "/console/survey-dashboard", query: SurveyDashboardQuery, response: SurveyDashboard },
  surveyComments: { method: "get", path: "/console/survey-dashboard/comments", query: SurveyCommentsQuery, response: SurveyComments },
  /** Every store of the brand, by name (the survey form's store picker). */
  consoleStores: { method: "get", path: "/console/stores", response: ConsoleStoreList },
});
