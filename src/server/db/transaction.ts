/**
 * How the server's operations report expected failures, for every feature: an operation
 * returns an Outcome; inside a transaction it throws a Refusal, which rolls everything back and
 * becomes a failed Outcome. Routes turn a failed Outcome into HTTP with `fail`. Other exceptions
 * are bugs and propagate. A leaf module: it imports only the database types and the error codes.
 */
import type { ErrorCode } from "../../contract/errors";
import type { ProblemParams } from "../../domain/problems";
import type { Db, Tx } from "./client";

/** A refusal's `params`: the values a client needs to say it in its own words (a time, a name, a limit). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; params?: ProblemParams };
export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refused = <T = never>(code: ErrorCode, message: string): Outcome<T> => ({ ok: false, code, message });

/** An expected failure thrown inside a transaction: rolls it back, becomes a failed Outcome. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ProblemParams,
  ) {
    super(message);
  }
}

/** A Refusal thrown by `fn` becomes a failed Outcome; anything else is a bug and propagates. */
export async function refusalsAsOutcome<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof Refusal)
      return error.params
        ? { ok: false, code: error.code, message: error.message, params: error.params }
        : { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** Runs `fn` in a transaction; a Refusal rolls it back and becomes a failed Outcome. */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  return refusalsAsOutcome(() => db.transaction(fn));
}
