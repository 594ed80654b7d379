import { useCallback, useEffect, useState } from "react";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import { useAuth } from "../auth-context";
import { toApiError } from "./api-errors";

export type ResourceState<T> =
  | { status: "loading" }
  /** `refreshing`: a reload after a write is under way; the old data stays on screen meanwhile. */
  | { status: "ready"; data: T; refreshing: boolean }
  | { status: "error"; error: ApiError };

/**
 * GETs one API resource and keeps it. `reload()` fetches again without going back to the
 * skeleton (used after a write, so the page does not flash); a failed reload keeps the data
 * that was there. Only the latest request's answer is applied.
 */
export function useApiResource<S extends z.ZodType>(path: string, schema: S) {
  const { api } = useAuth();
  const [state, setState] = useState<ResourceState<z.infer<S>>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState((current) => (current.status === "ready" ? { ...current, refreshing: true } : { status: "loading" }));
    api
      .get(path, schema)
      .then((data) => {
        if (live) setState({ status: "ready", data, refreshing: false });
      })
      .catch((error: unknown) => {
        if (!live) return;
        setState((current) =>
          current.status === "ready" ? { ...current, refreshing: false } : { status: "error", error: toApiError(error) },
        );
      });
    return () => {
      live = false;
    };
  }, [api, path, schema, attempt]);

  // A new path (another member) starts from the skeleton, not from the previous member's data.
  const [shownPath, setShownPath] = useState(path);
  if (shownPath !== path) {
    setShownPath(path);
    setState({ status: "loading" });
  }

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  /** Applies a write's answer locally (e.g. the PATCHed row) without another round trip. */
  const update = useCallback(
    (change: (data: z.infer<S>) => z.infer<S>) =>
      setState((current) => (current.status === "ready" ? { ...current, data: change(current.data) } : current)),
    [],
  );
  return { state, reload, update };
}
