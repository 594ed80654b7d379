import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { isStaffSuspended } from "./staff";

/**
 * A counter route's guard: a suspended cashier is refused (staff_suspended) from their next
 * request, whatever their access token says. Read uncached, one primary-key lookup: a
 * suspension is an admin stopping someone now, not within the session check's few seconds.
 */
export const requireActiveStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = c.get("auth");
  if (auth.role === "staff" && (await isStaffSuspended(c.get("deps").database.db, auth.userId))) {
    return fail(c, "staff_suspended", "This cashier account is suspended; ask an admin.");
  }
  return next();
};
