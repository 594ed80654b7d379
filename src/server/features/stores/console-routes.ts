import { OpenAPIHono } from "@hono/zod-openapi";
import { storeConsoleEndpoints } from "../../../contract/endpoints/stores";
import { ADMINS, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { createInvite, pendingInvites, revokeInvite } from "./invites";
import { consoleStaff, staffActivity, updateStaff } from "./staff";
import { storeAdminList, saveStore } from "./stores";

/** Stores and cashiers in the console (issue 16): admins change, managers read. */
const route = routesAt("/console");
const tags = ["Stores and staff (console)"];

const list = route(storeConsoleEndpoints.storeAdminList, {
  tags,
  summary: "The brand's stores, active or not, with their cashier count",
  access: MANAGERS,
  ok: "Stores",
});
const storeErrors = { 422: "store_invalid, with issues (domain/stores StoreProblemCode per field)" };
const create = route(storeConsoleEndpoints.createStore, {
  tags,
  summary: "Create a store (admins); audited as store_changed",
  access: ADMINS,
  ok: "Created",
  errors: storeErrors,
});
const update = route(storeConsoleEndpoints.updateStore, {
  tags,
  summary: "Edit a store (admins); each changed field audited with from and to; the same values again record nothing",
  access: ADMINS,
  ok: "Saved",
  errors: { ...storeErrors, 404: "store_not_found" },
});
const staff = route(storeConsoleEndpoints.consoleStaff, {
  tags,
  summary: "Cashiers with their stores, status, last activity and 30-day counts; open invites",
  access: MANAGERS,
  ok: "Staff",
});
const patchStaff = route(storeConsoleEndpoints.updateStaff, {
  tags,
  summary: "Suspend or reinstate a cashier, or move them to other stores (admins); audited as staff_changed",
  description: "A suspended cashier's next counter request is refused with 403 staff_suspended.",
  access: ADMINS,
  ok: "The cashier",
  errors: { 404: "staff_not_found", 422: "staff_invalid, with issues (staff_stores_required, store_unknown)" },
});
const activity = route(storeConsoleEndpoints.staffActivity, {
  tags,
  summary: "What a cashier did: their last 50 ledger entries and voucher uses, newest first",
  access: MANAGERS,
  ok: "Activity",
  errors: { 404: "staff_not_found" },
});
const invite = route(storeConsoleEndpoints.createStaffInvite, {
  tags,
  summary: "Invite a cashier to one or more stores (admins): a single-use link valid 72 hours, shown once",
  access: ADMINS,
  ok: "The invite with its link (the token is kept only as a hash)",
  errors: { 422: "staff_invalid, with issues (staff_stores_required, store_unknown)" },
});
const revoke = route(storeConsoleEndpoints.revokeStaffInvite, {
  tags,
  summary: "Withdraw an open invite (admins)",
  access: ADMINS,
  ok: "Withdrawn",
  errors: { 404: "staff_invite_not_found (unknown, another brand's or already used)" },
});

export const storeConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json({ stores: await storeAdminList(c.get("deps").database.db, c.get("auth").brandId) }, 200))
  .openapi(create, async (c) => {
    const { database, now } = c.get("deps");
    const out = await saveStore(database.db, now(), c.get("auth"), null, c.req.valid("json"));
    if ("invalid" in out) return fail(c, "store_invalid", "The store cannot be saved as it is.", out.invalid);
    return out.ok ? c.json(out.value, 201) : failOutcome(c, out);
  })
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const out = await saveStore(database.db, now(), c.get("auth"), c.req.valid("param").storeId, c.req.valid("json"));
    if ("invalid" in out) return fail(c, "store_invalid", "The store cannot be saved as it is.", out.invalid);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(staff, async (c) => {
    const { database, now } = c.get("deps");
    const { brandId } = c.get("auth");
    const at = now();
    return c.json(
      { staff: await consoleStaff(database.db, brandId, at), pendingInvites: await pendingInvites(database.db, brandId, at) },
      200,
    );
  })
  .openapi(patchStaff, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateStaff(database.db, now(), c.get("auth"), c.req.valid("param").userId, c.req.valid("json"));
    if ("invalid" in out) return fail(c, "staff_invalid", "Choose at least one of the brand's active stores.", out.invalid);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(activity, async (c) => {
    const out = await staffActivity(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").userId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(invite, async (c) => {
    const { database, now, config } = c.get("deps");
    const out = await createInvite(database.db, { now: now(), publicUrl: config.publicUrl }, c.get("auth"), c.req.valid("json"));
    if ("invalid" in out) return fail(c, "staff_invalid", "Choose at least one of the brand's active stores.", out.invalid);
    return out.ok ? c.json(out.value, 201) : failOutcome(c, out);
  })
  .openapi(revoke, async (c) => {
    const { database, now } = c.get("deps");
    const out = await revokeInvite(database.db, now(), c.get("auth"), c.req.valid("param").inviteId);
    return out.ok ? c.body(null, 204) : failOutcome(c, out);
  });
