import { OpenAPIHono } from "@hono/zod-openapi";
import { caseEndpoints } from "../../../contract/endpoints/cases";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { addNote, closeCase, grantApologyVoucher, reopenCase, sendCareMessage } from "./actions";
import { caseDetail, caseMetrics, listCases } from "./queries";

/**
 * Feedback cases in the console: mounted at /console. Every console role reads them (a
 * marketer follows what customers say); managers and admins act, as they do on points and
 * rewards. Console roles are brand-wide in this codebase (staff_stores binds counter staff
 * only), so every manager sees every store's cases and filters by store.
 */
const route = routesAt("/console");
const tags = ["Feedback cases"];
const ACT_ERRORS = { 404: "case_not_found", 409: "case_closed, case_not_closed, idempotency_conflict" };

const list = route(caseEndpoints.listCases, {
  tags,
  summary: "Cases not closed (default), oldest first, with their SLA colour; by store, status and overdue",
  description:
    "The SLA is 48 hours from opening to close, fixed on each case when it opens (dueAt): green below half, amber from half, " +
    "red from the due time (overdue). `status=closed` lists closed cases, the last closed first.",
  access: CONSOLE_ROLES,
  ok: "Cases",
});

const metrics = route(caseEndpoints.caseMetrics, {
  tags,
  summary: "Time to first response and time to close (median, mean) of the period's cases; open and overdue now, per store",
  access: CONSOLE_ROLES,
  ok: "Metrics",
});

const detail = route(caseEndpoints.getCase, {
  tags,
  summary: "One case: the answer and its follow-up, the member's tier, recent visits, the transaction, the history",
  access: CONSOLE_ROLES,
  ok: "The case",
  errors: { 404: "case_not_found" },
});

const note = route(caseEndpoints.addNote, {
  tags,
  summary: "Add an internal note, or record a call to the member (a call is the first response); idempotent by key",
  access: MANAGERS,
  ok: "Recorded",
  errors: ACT_ERRORS,
});

const care = route(caseEndpoints.sendCare, {
  tags,
  summary: "Queue a customer-care ZNS to the member with one of the brand's care templates; idempotent by key",
  description:
    "Care templates: active, tag customer_care, not tied to an automatic message. Consent is checked now and again at send time; " +
    "quiet hours, caps and the OA's quota apply as to every message.",
  access: MANAGERS,
  ok: "Queued",
  errors: {
    404: "case_not_found, template_not_found",
    409: "case_closed, case_no_care_template, case_care_not_allowed, idempotency_conflict",
    422: "case_care_template_unfit",
  },
});

const voucher = route(caseEndpoints.grantVoucher, {
  tags,
  summary: "Give the member an apology voucher for one of the brand's rewards (no points, stock respected); one per case",
  access: MANAGERS,
  ok: "Granted",
  errors: {
    404: "case_not_found, reward_not_found",
    409: "case_closed, case_voucher_already_granted, out_of_stock, reward_unavailable, idempotency_conflict",
  },
});

const close = route(caseEndpoints.closeCase, {
  tags,
  summary: "Record the outcome and close the case; idempotent by key",
  access: MANAGERS,
  ok: "Closed",
  errors: ACT_ERRORS,
});

const reopen = route(caseEndpoints.reopenCase, {
  tags,
  summary: "Reopen a closed case (its first response stays; the next close is measured)",
  access: MANAGERS,
  ok: "Reopened",
  errors: ACT_ERRORS,
});

export const caseConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await listCases(database.db, c.get("auth").brandId, now(), c.req.valid("query")), 200);
  })
  .openapi(metrics, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await caseMetrics(database.db, c.get("auth").brandId, now(), c.req.valid("query").days), 200);
  })
  .openapi(detail, async (c) => {
    const { database, now } = c.get("deps");
    const found = await caseDetail(database.db, c.get("auth").brandId, c.req.valid("param").caseId, now());
    return found ? c.json(found, 200) : fail(c, "case_not_found", "No such case.");
  })
  .openapi(note, async (c) => {
    const { database, now } = c.get("deps");
    const out = await addNote(database.db, now(), c.get("auth"), c.req.valid("param").caseId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(care, async (c) => {
    const { database, now } = c.get("deps");
    const out = await sendCareMessage(database.db, now(), c.get("auth"), c.req.valid("param").caseId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(voucher, async (c) => {
    const { database, now } = c.get("deps");
    const out = await grantApologyVoucher(database.db, now(), c.get("auth"), c.req.valid("param").caseId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(close, async (c) => {
    const { database, now } = c.get("deps");
    const out = await closeCase(database.db, now(), c.get("auth"), c.req.valid("param").caseId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(reopen, async (c) => {
    const { database, now } = c.get("deps");
    const out = await reopenCase(database.db, now(), c.get("auth"), c.req.valid("param").caseId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });
