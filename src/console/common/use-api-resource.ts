import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { endpointUrl, type Endpoint, type EndpointInput, type EndpointOutput } from "../../contract/endpoint";
import { useAuth } from "../auth-context";
import { toApiError } from "./api-errors";

export type ResourceState<T> =
  /** `previous`: what the last path showed, for what may stay steady meanwhile (a pager's total). */
  | { status: "loading"; previous: T | null }
  /** `refreshing`: a reload after a write is under way; the old data stays on screen meanwhile. */
  | { status: "ready"; data: T; refreshing: boolean }
  | { status: "error"; error: ApiError };

/**
 * The console's one loading pattern: GETs one API resource and keeps it. `reload()` fetches again without going back to the
 * skeleton (used after a write, so the page does not flash); a failed reload keeps the data
 * that was there. Only the latest request's answer is applied.
 */
export function useApiResource<E extends Endpoint & { method: "get" }>(endpoint: E, ...[input]: ResourceArgs<E>) {
  const { api } = useAuth();
  type Data = EndpointOutput<E>;
  const [state, setState] = useState<ResourceState<Data>>({ status: "loading", previous: null });
  const [attempt, setAttempt] = useState(0);
  // The path (with its query) says what is loaded; the input object is new on every render, so
  // the request reads the latest one from a ref and only a new path fetches again.
  const path = endpointUrl(endpoint, input as Parameters<typeof endpointUrl>[1]);
  const latestInput = useRef(input);
  latestInput.current = input;

  useEffect(() => {
    let live = true;
    setState((current) =>
      current.status === "ready"
        ? { ...current, refreshing: true }
        : current.status === "loading"
          ? current
          : { status: "loading", previous: null },
    );
    (api.request as (endpoint: E, input: unknown) => Promise<Data>)(endpoint, latestInput.current)
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
  }, [api, endpoint, path, attempt]);

  // A new path (another member) starts from the skeleton, not from the previous member's data.
  const [shownPath, setShownPath] = useState(path);
  if (shownPath !== path) {
    setShownPath(path);
    setState((current) => ({ status: "loading", previous: current.status === "ready" ? current.data : null }));
  }

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  /** Applies a write's answer locally (e.g. the PATCHed row) without another round trip. */
  const update = useCallback(
    (change: (data: Data) => Data) =>
      setState((current) => (current.status === "ready" ? { ...current, data: change(current.data) } : current)),
    [],
  );
  return { state, reload, update };
}

/** A GET takes no body; the input is needed only when the endpoint has path parameters. */
type ResourceArgs<E extends Endpoint> =
  Record<never, never> extends EndpointInput<E> ? [input?: EndpointInput<E>] : [input: EndpointInput<E>];
