import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../client/api-client";
import type { MemberListResponse } from "../../contract/console";
import { consoleEndpoints } from "../../contract/endpoints/console";
import { useAuth } from "../auth-context";
import { membersApiQuery, type MembersQuery } from "./members-query";

export type MembersState =
  /** `previous` keeps the pager steady (total, page size) while the next page loads. */
  | { status: "loading"; previous: MemberListResponse | null }
  | { status: "ready"; data: MemberListResponse }
  | { status: "error"; error: ApiError };

export function useMembers(query: MembersQuery): { state: MembersState; retry: () => void } {
  const { api } = useAuth();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<MembersState>({ status: "loading", previous: null });
  const { q, page, pageSize } = query;

  useEffect(() => {
    // Responses can arrive out of order when the user pages quickly; only the latest counts.
    let live = true;
    setState((current) => ({ status: "loading", previous: current.status === "ready" ? current.data : null }));
    api
      .request(consoleEndpoints.listMembers, { query: membersApiQuery({ q, page, pageSize }) })
      .then((data) => {
        if (live) setState({ status: "ready", data });
      })
      .catch((error: unknown) => {
        if (live) setState({ status: "error", error: error instanceof ApiError ? error : new ApiError(0, "internal", String(error)) });
      });
    return () => {
      live = false;
    };
  }, [api, q, page, pageSize, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
