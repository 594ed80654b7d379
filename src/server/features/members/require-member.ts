import type { MiddlewareHandler } from "hono";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { vietnamDayNumber, startOfVietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { members } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { activeMemberOf } from "./cards";

/**
 * Route guard (defineRoute `guards`) for the member's own routes: loads the signed-in user's
 * active membership into `c.get("member")`, or answers not_a_member. Runs after the access check.
 *
 * It also records that the member used the Mini App (members.last_app_use_at: Mini App
 * notifications may only go to recent users, §5.4 of the platform notes) — once per Vietnam day:
 * the read it already does says whether today's use is recorded, so every other request of the
 * day writes nothing. The write is conditional, so two first requests at once record one time.
 */
export const requireMember: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { database, now } = c.get("deps");
  const [m] = await database.db
    .select({ id: members.id, brandId: members.brandId, tier: members.tier, userId: members.userId, lastAppUseAt: members.lastAppUseAt })
    .from(members)
    .where(activeMemberOf(c.get("auth").userId));
  if (!m) return fail(c, "not_a_member", "Join the membership first.");
  const at = now();
  const dayStart = new Date(startOfVietnamDayNumber(vietnamDayNumber(at)));
  if (!m.lastAppUseAt || m.lastAppUseAt < dayStart) {
    await database.db
      .update(members)
      .set({ lastAppUseAt: new Date(at) })
      .where(and(eq(members.id, m.id), or(isNull(members.lastAppUseAt), lt(members.lastAppUseAt, dayStart))));
  }
  c.set("member", { id: m.id, brandId: m.brandId, tier: m.tier, userId: m.userId });
  return next();
};
