import pino, { type DestinationStream, type Logger } from "pino";

/** JSON lines on stdout; every request line carries reqId (see app.ts). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, base: { service: "loyalloop" }, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: safeError } },
    destination,
  );
}

/** What a database error may say in a log: where it failed, never the values involved. */
const DATABASE_FIELDS = ["code", "severity", "constraint", "table", "column", "schema", "dataType", "routine"] as const;

type SafeError = { type: string; message: string; stack?: string; cause?: SafeError } & Record<string, unknown>;

/**
 * Serialises an error for the logs without personal data. A failed query (drizzle's
 * DrizzleQueryError) carries its parameters in `params` and in its message ("params: …", which
 * the stack repeats), and the database's own error carries row values in `detail` ("Failing row
 * contains (…, 0901234567, …)") and input in its message (`invalid input syntax …: "…"`): the
 * SQL text and the SQLSTATE are enough to find the fault, so only those are kept. Other errors
 * keep their message and stack.
 */
export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: "(not an Error)" };
  const out: SafeError = { type: error.constructor?.name ?? "Error", message: error.message };
  const e = error as Error & Record<string, unknown>;
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) {
    // A database error (node-postgres' DatabaseError, PGlite's, which also carries the query's
    // params): its message may quote input; only the named fields are kept.
    out.message = error.message.replace(/:\s*".*$/s, ': "…"');
    for (const field of DATABASE_FIELDS) if (typeof e[field] === "string") out[field] = e[field];
    out.stack = [`${out.type}: ${out.message}`, ...framesOf(error.stack)].join("\n");
  } else if (typeof e.query === "string") {
    // The stack's first lines are the message; its frames (lines starting "at ") are kept.
    out.message = `Failed query: ${e.query}`;
    out.stack = [`${out.type}: ${out.message}`, ...framesOf(error.stack)].join("\n");
  } else {
    out.stack = error.stack;
  }
  if (error.cause !== undefined && depth < 3) out.cause = safeError(error.cause, depth + 1);
  return out;
}

const framesOf = (stack: string | undefined) => (stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
