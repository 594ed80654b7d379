import type { ErrorCode } from "../contract/errors";
import type { Problem } from "../contract/problems";

/**
 * A refused or failed API call: the server's error code, or "network" when the server could
 * not be reached. No zod here (types only), so the Mini App's first route can tell failures
 * apart before the contract's chunk has arrived (docs/decisions/0028).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** A contract error code, or "network" when the server could not be reached. */
    readonly code: ErrorCode | "network",
    message: string,
    /** Field-level problems the server listed (invalid_request, form_invalid); empty otherwise. */
    readonly issues: readonly Problem[] = [],
    /** The values the refusal's sentence needs (receipt_already_used: at, staff, points); empty otherwise. */
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}
