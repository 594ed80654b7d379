import type { MiddlewareHandler } from "hono";
import { members } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { activeMemberOf } from "./cards";

/**
 * Route guard (defineRoute `guards`) for the member's own routes: loads the signed-in user's
 * active membership into `c.get("member")`, or answers not_a_member. Runs after the access check.
 */
export const requireMember: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { database } = c.get("deps");
  const [m] = await database.db
    .select({ id: members.id, brandId: members.brandId, tier: members.tier, userId: members.userId })
    .from(members)
    .where(activeMemberOf(c.get("auth").userId));
  if (!m) return fail(c, "not_a_member", "Join the membership first.");
  c.set("member", m);
  return next();
};
