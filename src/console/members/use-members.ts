import type { ApiError } from "../../client/api-client";
import type { MemberListResponse } from "../../contract/console";
import { consoleEndpoints } from "../../contract/endpoints/console";
import { useApiResource } from "../common/use-api-resource";
import { membersApiQuery, type MembersQuery } from "./members-query";

export type MembersState =
  /** `previous` keeps the pager steady (total, page size) while the next page loads. */
  | { status: "loading"; previous: MemberListResponse | null }
  | { status: "ready"; data: MemberListResponse }
  | { status: "error"; error: ApiError };

/** One page of the member list; a new search or page starts loading at once, the latest answer wins. */
export function useMembers(query: MembersQuery): { state: MembersState; retry: () => void } {
  const { state, reload } = useApiResource(consoleEndpoints.listMembers, { query: membersApiQuery(query) });
  return { state: state.status === "ready" ? { status: "ready", data: state.data } : state, retry: reload };
}
