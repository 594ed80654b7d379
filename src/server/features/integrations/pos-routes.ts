import { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { posEndpoints } from "../../../contract/endpoints/integrations";
import { brands, stores } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { previewVoucher, useVoucher } from "../loyalty/voucher-counter";
import { completeReferralOnPurchase } from "../referrals/referrals";
import { posActor, posEarn, posRefund } from "./pos";

/**
 * A store's POS or web shop, with the store's API key (docs/integration.md). Mounted at /pos;
 * every request acts for the key's store and brand only. Versioned in the path (/pos/v1) because
 * the brand's own systems call it and cannot be updated with the console.
 */
const route = routesAt("/pos");
const tags = ["POS integration"];
const keyErrors = "key_invalid (unknown or malformed key), key_revoked";

const whoAmI = route(posEndpoints.whoAmI, {
  tags,
  summary: "The store and brand this API key acts for (check the set-up with it)",
  access: "pos",
  ok: "The key's store and brand",
  errors: { 401: keyErrors },
});

const earnRoute = route(posEndpoints.earn, {
  tags,
  summary: "Award points for a receipt to a member found by their card's QR code or phone number",
  description:
    "The same rules as the counter (src/domain/loyalty/earn.ts): points = floor(amount / VND per point) × tier multiplier × the " +
    "best promotion for the store. The receipt number is the idempotency key per store: a retry with the same member and amount " +
    "answers the first result (`replayed: true`); the same receipt for another member or amount is `receipt_conflict` " +
    "(params: at, points). The QR code is the member card's content as scanned now (valid for about a minute); the phone " +
    "a whole Vietnamese number.",
  access: "pos",
  ok: "Points credited (or the first result of a retried receipt)",
  errors: {
    401: keyErrors,
    403: "store_not_allowed (the key's store is switched off), wrong_brand",
    404: "member_not_found (no member with this phone)",
    409: "receipt_conflict (params: at, points)",
    422: "bill_invalid, bill_too_small, bill_too_large (params: min, max), qr_invalid, qr_expired, qr_not_yet_valid",
  },
});

const refundRoute = route(posEndpoints.refund, {
  tags,
  summary: "Refund all or part of a receipt that earned: its points come back off the member's balance in proportion",
  description:
    "After refunds totalling R of a bill B that earned P points, floor(P × R / B) points have been taken back; a full refund " +
    "takes back all P. `refundId` is the POS's id of this refund (idempotency key per store). Points the member already spent " +
    "are never taken below zero: the refund is refused with insufficient_points and nothing changes (settle it in the console).",
  access: "pos",
  ok: "Refunded (or the first result of a retried refund)",
  errors: {
    401: keyErrors,
    404: "receipt_not_found",
    409: "refund_conflict (the refund id was used for another receipt or amount), insufficient_points, already_reversed",
    422: "refund_exceeds_bill (params: remainingVnd)",
  },
});

const checkVoucher = route(posEndpoints.checkVoucher, {
  tags,
  summary: "Check a voucher before using it: the reward, its value and its owner; changes nothing",
  access: "pos",
  ok: "The voucher, usable now",
  errors: {
    401: keyErrors,
    403: "wrong_brand, store_not_allowed",
    404: "voucher_not_found",
    409: "voucher_used (params: usedAt, storeName), voucher_void, voucher_cancelled",
    422: "voucher_expired (params: expiresAt)",
  },
});

const useVoucherRoute = route(posEndpoints.useVoucher, {
  tags,
  summary: "Use a member's voucher at this store: single use",
  description:
    "With an idempotency key, a retry of the same use answers the first result (replayed: true); any other repeat is " +
    "voucher_used. Two tills using one voucher at once: exactly one succeeds.",
  access: "pos",
  ok: "Used (or the first result of a retried use)",
  errors: {
    401: keyErrors,
    403: "wrong_brand, store_not_allowed",
    404: "voucher_not_found",
    409: "voucher_used (params: usedAt, storeName), voucher_void, voucher_cancelled, idempotency_conflict",
    422: "voucher_expired (params: expiresAt)",
  },
});

export const posRoutes = new OpenAPIHono<AppEnv>()
  .openapi(whoAmI, async (c) => {
    const key = c.get("posKey");
    const { db } = c.get("deps").database;
    const [store] = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.id, key.storeId));
    const [brand] = await db.select({ id: brands.id, name: brands.name }).from(brands).where(eq(brands.id, key.brandId));
    return c.json({ keyName: key.name, store: store!, brand: brand! }, 200);
  })
  .openapi(earnRoute, async (c) => {
    const { database, now, config, log } = c.get("deps");
    const at = now();
    const out = await posEarn(database.db, { secret: config.sessionSecret, now: at }, c.get("posKey"), c.req.valid("json"));
    if (!out.ok) return failOutcome(c, out);
    if (!out.value.replayed) {
      // As after a counter's earn: a referred friend's first purchase completes the referral (decision 0032).
      await completeReferralOnPurchase(database.db, at, out.value.memberId, out.value.entryId).catch((error: unknown) =>
        log.error({ reqId: c.get("requestId"), err: error }, "referral completion after a POS earn failed"),
      );
    }
    return c.json(out.value, 200);
  })
  .openapi(refundRoute, async (c) => {
    const { database, now } = c.get("deps");
    const out = await posRefund(database.db, now(), c.get("posKey"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(checkVoucher, async (c) => {
    const { database, now } = c.get("deps");
    const key = c.get("posKey");
    const out = await previewVoucher(database.db, now(), posActor(key), { code: c.req.valid("json").code, storeId: key.storeId });
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(useVoucherRoute, async (c) => {
    const { database, now } = c.get("deps");
    const key = c.get("posKey");
    const body = c.req.valid("json");
    const out = await useVoucher(database.db, now(), posActor(key), {
      code: body.code,
      storeId: key.storeId,
      idempotencyKey: body.idempotencyKey,
    });
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });
