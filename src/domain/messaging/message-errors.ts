import type { Problem, ProblemParams } from "../problems";

/**
 * A message's last error is a code (messages.last_error): consent_withdrawn, quiet_hours,
 * zns_-118, http_503, network:timeout… Some codes carry data, kept beside the code in
 * messages.error_detail so nothing is ever parsed back out of a string:
 * - render_invalid: the member's data does not fit the template; `problems` has one problem
 *   per parameter (field = the parameter's name, as renderTemplate reports them).
 * - any retryable code the worker stopped retrying: `params.gaveUpAfter` attempts.
 */
export const RENDER_INVALID = "render_invalid";
/** The in-doubt window passed without a delivery event: the message goes again. */
export const RECONCILED = "reconciled";

export type MessageErrorDetail = { params?: ProblemParams; problems?: Problem[] };
