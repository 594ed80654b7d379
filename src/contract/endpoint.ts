import type { z } from "zod";

/**
 * One HTTP operation of the API, declared once in the contract and used by the server's route
 * declaration, the API client and the tests, so a path or a schema cannot drift between them.
 * Paths are relative to /api and name their parameters OpenAPI-style: `/console/rewards/{rewardId}`.
 */
export type Endpoint = {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  readonly path: string;
  /** Path parameters; their names match the `{…}` placeholders of the path. */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** The JSON request body; absent when the operation takes none (or, like a webhook, reads its own). */
  readonly body?: z.ZodType;
  /** The JSON success body; null when the answer has none (204). */
  readonly response: z.ZodType | null;
  /**
   * The success body's media type when it is not JSON (a CSV download): the response schema
   * then describes text, the client fetches it as a file, not as parsed JSON. `spreadsheet`: an
   * export that answers CSV or XLSX as its `format` query asks (contract/exports.ts).
   */
  readonly mediaType?: "text/csv" | "text/plain" | "image/webp" | "spreadsheet";
  /**
   * The request body is a file's bytes, not JSON (a reward image, an import): sent with the
   * file's own Content-Type. The rule is what the server's body checks hold it to before the
   * route runs (server/http/uploads.ts); the route reads the bytes and decides what they are.
   */
  readonly upload?: UploadRule;
  /** The success statuses, the usual one first; 200 when absent. */
  readonly status?: readonly [SuccessStatus, ...SuccessStatus[]];
};

export type SuccessStatus = 200 | 201 | 204;

/** What an upload endpoint takes: one place for its media types, its size and its refusal. */
export type UploadRule = {
  /** The largest body taken, in bytes: a declared length above it is refused unread, an undeclared one as it streams. */
  readonly maxBytes: number;
  /**
   * Accepted Content-Types (the part before any `;`), or "any" when the route tells the file's
   * kind from its name and bytes (a CSV arrives as text/csv, application/vnd.ms-excel or nothing,
   * depending on the browser and the system).
   */
  readonly types: readonly string[] | "any";
  /** The refusal code of a body over maxBytes (413; `max` in its details). */
  readonly tooLarge: "payload_too_large" | "import_file_too_large";
};

/** Checks a feature's table against Endpoint while keeping every entry's literal types. */
export const defineEndpoints = <const T extends Record<string, Endpoint>>(table: T): T => table;

/** The success statuses of an endpoint. */
export const successStatuses = (endpoint: Endpoint): readonly SuccessStatus[] => endpoint.status ?? [200];

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** What a caller passes: path parameters, query and body, each only when the endpoint has them. */
export type EndpointInput<E extends Endpoint> = ([ParamNames<E["path"]>] extends [never]
  ? unknown
  : { params: Record<ParamNames<E["path"]>, string> }) &
  (E["query"] extends z.ZodType ? { query?: z.input<E["query"]> } : unknown) &
  (E["body"] extends z.ZodType ? { body: z.input<E["body"]> } : unknown);

/** What a successful call answers. */
export type EndpointOutput<E extends Endpoint> = E["response"] extends z.ZodType ? z.output<E["response"]> : undefined;

/** The path of a call, parameters encoded, with its query string (undefined query values left out). */
export function endpointUrl(endpoint: Endpoint, input: { params?: Record<string, string>; query?: Record<string, unknown> } = {}): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error(`${endpoint.path}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) if (value !== undefined && value !== null) query.set(key, String(value));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
