import { OpenAPIHono } from "@hono/zod-openapi";
import { storeEndpoints } from "../../../contract/endpoints/stores";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { startSession } from "../auth/sessions";
import { userById, userView } from "../auth/users";
import { acceptInvite, previewInvite } from "./invites";
import { publicStores } from "./stores";

/** The Mini App's store list and a cashier's invite (issue 16). */
const route = routesAt("");
const tags = ["Stores"];

const list = route(storeEndpoints.listStores, {
  tags,
  summary: "The brand's active stores: address, hours, phone, map link (open now is worked out on the phone)",
  access: ROLES,
  ok: "Stores",
});
const inviteErrors = {
  404: "staff_invite_not_found (unknown or withdrawn)",
  409: "staff_invite_used",
  422: "staff_invite_expired (params.expiresAt)",
};
const preview = route(storeEndpoints.previewStaffInvite, {
  tags,
  summary: "What an invite link offers (brand, stores, expiry) before the cashier accepts; changes nothing",
  access: ROLES,
  ok: "The invite",
  errors: inviteErrors,
});
const accept = route(storeEndpoints.acceptStaffInvite, {
  tags,
  summary: "Accept a cashier invite: single use; the signed-in user becomes staff of its stores and gets a new session",
  access: ROLES,
  ok: "A new session carrying the staff role, and the user with their stores",
  errors: {
    ...inviteErrors,
    403: "staff_suspended (a suspended cashier cannot rejoin through an invite)",
    409: "staff_invite_used; staff_invite_role_conflict (a console account)",
  },
});

export const storeMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await publicStores(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(preview, async (c) => {
    const { database, now } = c.get("deps");
    const out = await previewInvite(database.db, now(), c.get("auth").brandId, c.req.valid("json").token);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(accept, async (c) => {
    const { database, now, config } = c.get("deps");
    const auth = c.get("auth");
    const out = await acceptInvite(database.db, now(), auth, c.req.valid("json").token);
    if (!out.ok) return failOutcome(c, out);
    const user = await userById(database.db, auth.userId);
    if (!user) return fail(c, "unauthenticated", "This account no longer exists.");
    const session = await startSession(database.db, config.sessionSecret, { id: user.id, brandId: user.brandId, role: user.role }, now());
    return c.json({ session, user: await userView(database.db, user) }, 200);
  });
