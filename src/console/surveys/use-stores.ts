import { surveyDashboardEndpoints } from "../../contract/endpoints/survey-dashboard";
import { useApiResource } from "../common/use-api-resource";

/** The brand's stores, for the store picker and filters. */
export function useStores() {
  return useApiResource(surveyDashboardEndpoints.consoleStores).state;
}
