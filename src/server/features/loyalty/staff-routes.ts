import { OpenAPIHono } from "@hono/zod-openapi";
import { EarnRequest, EarnResponse, UseVoucherRequest, UseVoucherResponse } from "../../../contract/loyalty";
import { COUNTER_ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { earn, useVoucher } from "./operations";

const tags = ["Staff"];

const earnRoute = defineRoute({
  method: "post",
  path: "/staff/earn",
  tags,
  summary: "Award points for a bill to the member just scanned",
  description:
    "Points = floor(bill / VND per point), times the tier multiplier and the best active promotion for the store, rounded down " +
    "(src/domain/loyalty/earn.ts). The receipt number is the idempotency key per store: a retry with the same member and amount " +
    "returns the original result (replayed: true); the same receipt for anything else is refused with receipt_already_used. " +
    "Offline counters send the scanned code with the time it was captured instead of a scan token.",
  access: COUNTER_ROLES,
  request: jsonBody(EarnRequest),
  responses: {
    200: json(EarnResponse, "Points credited (or the original result of a retried receipt)"),
    409: errorResponse("receipt_already_used, qr_already_used"),
    422: errorResponse("bill_invalid, bill_too_small, bill_too_large, scan_token_invalid, qr_expired"),
  },
});

const useVoucherRoute = defineRoute({
  method: "post",
  path: "/staff/vouchers/use",
  tags,
  summary: "Use (redeem at the counter) a member's voucher: single use",
  access: COUNTER_ROLES,
  request: jsonBody(UseVoucherRequest),
  responses: {
    200: json(UseVoucherResponse, "Used"),
    404: errorResponse("voucher_not_found"),
    409: errorResponse("voucher_used, voucher_void"),
    422: errorResponse("voucher_expired"),
  },
});

export const loyaltyStaffRoutes = new OpenAPIHono<AppEnv>()
  .openapi(earnRoute, async (c) => {
    const { database, now, config } = c.get("deps");
    const out = await earn(database.db, { secret: config.sessionSecret, now: now() }, c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(useVoucherRoute, async (c) => {
    const { database, now } = c.get("deps");
    const out = await useVoucher(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  });
