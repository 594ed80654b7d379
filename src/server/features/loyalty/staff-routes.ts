import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq, isNull } from "drizzle-orm";
import { loyaltyEndpoints } from "../../../contract/endpoints/loyalty";
import { memberEndpoints } from "../../../contract/endpoints/members";
import { COUNTER_ROLES } from "../../../domain/identity/roles";
import { DEVICE_ID_HEADER, isDeviceId } from "../../../domain/loyalty/actors";
import { parseMemberLookup, phoneEndsWith } from "../../../domain/loyalty/member-lookup";
import { parseMemberQr, verifyMemberQr } from "../../../domain/member-qr/member-qr";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { members, qrScans, staffStores, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { formatMemberNo, memberWithUser, type MemberWithUser } from "../members/cards";
import { completeReferralOnPurchase } from "../referrals/referrals";
import { earn } from "./earn";
import { signScanToken, type ScanMethod } from "./scan-token";
import { previewVoucher, useVoucher } from "./voucher-counter";
import { requireActiveStaff } from "../stores/active-staff";

/** The counter: scan the member's QR, award points, use a voucher. Mounted at /staff. */
const route = routesAt("/staff");
const tags = ["Staff"];

const scanMember = route(memberEndpoints.scanMember, {
  tags,
  summary: "Verify a member's rotating QR code and show who the member is",
  description:
    "Accepts the current 30-second step ±1. Each (member, step) is burned on its first successful scan, so a " +
    "screenshot cannot be replayed.",
  access: COUNTER_ROLES,
  guards: [requireActiveStaff],
  limit: "scan",
  ok: "The member",
  errors: {
    403: "wrong_brand; self_credit (the member is the scanning staff user: a colleague credits them)",
    409: "This code was already scanned (qr_already_used)",
    422: "Forged, expired or future code (qr_invalid, qr_expired, qr_not_yet_valid)",
  },
});

const lookupMember = route(memberEndpoints.lookupMember, {
  tags,
  summary: "Find the member when their QR will not scan: card number or phone, confirmed with the phone's last 3 digits",
  description:
    "The query is the card number printed on the card (`Mã thành viên 00000025`, or just the digits) or the member's phone " +
    "number, which must match a whole normalised number. The last three digits of the member's phone, as the shopper says " +
    "them, must match too; no such member and wrong digits are the same answer (member_not_found), so the route cannot be " +
    "used to walk through members. Own brand only. The scan token it returns marks the earn as made by card number or phone.",
  access: COUNTER_ROLES,
  guards: [requireActiveStaff],
  // Finding a member by card number or phone is a search: bounded like the console's.
  limit: "search",
  ok: "The member, to confirm by name with the shopper",
  errors: { 403: "forbidden (no store), self_credit", 404: "member_not_found" },
});

const earnRoute = route(loyaltyEndpoints.earn, {
  tags,
  summary: "Award points for a bill to the member just scanned",
  description:
    "Points = floor(bill / VND per point), times the tier multiplier and the best active promotion for the store, rounded down " +
    "(src/domain/loyalty/earn.ts). The receipt number is the idempotency key per store: a retry with the same member and amount " +
    "returns the original result (replayed: true); the same receipt for anything else is refused with receipt_already_used. " +
    "Receipts are compared normalised (case, width, surrounding punctuation: src/domain/loyalty/receipt.ts) and shown as typed; " +
    "a repeated receipt says when, by whom and for how many points it was credited (`earlier` on a replay, `params` " +
    "at, staff, points on receipt_already_used). " +
    "Offline counters send the scanned code with the time it was captured instead of a scan token; a captured code credits one receipt.",
  access: COUNTER_ROLES,
  guards: [requireActiveStaff],
  limit: "earn",
  ok: "Points credited (or the original result of a retried receipt)",
  errors: {
    403: "staff_suspended, store_not_allowed, wrong_brand, self_credit (a cashier's own membership)",
    409: "receipt_already_used (params: at, staff, points), qr_already_used",
    422: "bill_invalid, bill_too_small, bill_too_large, scan_token_invalid, qr_expired",
  },
});

const previewVoucherRoute = route(loyaltyEndpoints.previewVoucher, {
  tags,
  summary: "Look at a voucher before using it: the reward, its value and its owner (name, masked phone); changes nothing",
  description:
    "Refuses exactly as the use would, with the details in `params`: voucher_used (usedAt, storeName, usedBy), " +
    "voucher_expired (expiresAt). Another brand's voucher is wrong_brand and says nothing more.",
  access: COUNTER_ROLES,
  guards: [requireActiveStaff],
  limit: "voucherUse",
  ok: "The voucher, usable now",
  errors: {
    403: "staff_suspended, store_not_allowed, wrong_brand",
    404: "voucher_not_found",
    409: "voucher_used (params: usedAt, storeName, usedBy), voucher_void, voucher_cancelled",
    422: "voucher_expired (params: expiresAt)",
  },
});

const useVoucherRoute = route(loyaltyEndpoints.useVoucher, {
  tags,
  summary: "Use (redeem at the counter) a member's voucher: single use",
  description:
    "With an idempotency key, a retry of the same use answers the first result (replayed: true); any other repeat is " +
    "refused as voucher_used with when, where and by whom (params).",
  access: COUNTER_ROLES,
  guards: [requireActiveStaff],
  limit: "voucherUse",
  ok: "Used (or the first result of a retried use)",
  errors: {
    403: "staff_suspended, store_not_allowed, wrong_brand",
    404: "voucher_not_found",
    409: "voucher_used (params: usedAt, storeName, usedBy), voucher_void, voucher_cancelled, idempotency_conflict",
    422: "voucher_expired (params: expiresAt)",
  },
});

/** The member as the counter shows them, with the scan token that lets it credit them (and says how they were found). */
async function scannedMember(
  secret: string,
  auth: { userId: string; brandId: string },
  member: MemberWithUser,
  nowMillis: number,
  method: ScanMethod,
) {
  return {
    memberId: member.id,
    memberNo: formatMemberNo(member.memberSeq),
    displayName: member.displayName,
    avatarUrl: member.avatarUrl,
    tier: member.tier,
    pointsBalance: member.pointsBalance,
    phoneMasked: member.phone ? maskVnPhone(member.phone) : null,
    scannedAt: new Date(nowMillis).toISOString(),
    scanToken: await signScanToken(secret, { memberId: member.id, staffId: auth.userId, brandId: auth.brandId, method }, nowMillis),
  };
}

export const loyaltyStaffRoutes = new OpenAPIHono<AppEnv>()
  .openapi(scanMember, async (c) => {
    const { database, now, config } = c.get("deps");
    const auth = c.get("auth");
    if (auth.role === "staff") {
      const bound = await database.db.select().from(staffStores).where(eq(staffStores.userId, auth.userId)).limit(1);
      if (bound.length === 0) return fail(c, "forbidden", "This staff account is not assigned to a store.");
    }
    const parsed = parseMemberQr(c.req.valid("json").code);
    if (!parsed) return fail(c, "qr_malformed", "This is not a member code.");
    const [member] = await memberWithUser(database.db).where(eq(members.id, parsed.memberId));
    // An unknown member is reported like a forged code: the id in a code proves nothing.
    if (!member) return fail(c, "qr_invalid", "This code is not valid.");
    const nowMillis = now();
    const verdict = verifyMemberQr(parsed, member.qrSecret, nowMillis);
    if (!verdict.ok) {
      if (verdict.reason === "expired") return fail(c, "qr_expired", "This code has expired; ask the member to reopen the card.");
      if (verdict.reason === "not_yet_valid") return fail(c, "qr_not_yet_valid", "This code is from the future; check the phone's clock.");
      return fail(c, "qr_invalid", "This code is not valid.");
    }
    if (member.brandId !== auth.brandId) return fail(c, "wrong_brand", "This member belongs to another brand.");
    // Said at the scan, before the step is burned: the earn would be refused anyway.
    if (member.userId === auth.userId) return fail(c, "self_credit", "You cannot credit your own membership; ask a colleague.");
    // The primary key (member_id, step) is domain qrReplayKey: the first insert wins, atomically.
    const burned = await database.db
      .insert(qrScans)
      .values({ memberId: verdict.memberId, step: verdict.step, scannedBy: auth.userId, scannedAt: new Date(nowMillis) })
      .onConflictDoNothing()
      .returning({ memberId: qrScans.memberId });
    if (burned.length === 0) {
      return fail(c, "qr_already_used", "This code was already scanned; ask the member to show the live card.");
    }
    return c.json(await scannedMember(config.sessionSecret, auth, member, nowMillis, "qr"), 200);
  })
  .openapi(lookupMember, async (c) => {
    const { database, now, config } = c.get("deps");
    const auth = c.get("auth");
    if (auth.role === "staff") {
      const bound = await database.db.select().from(staffStores).where(eq(staffStores.userId, auth.userId)).limit(1);
      if (bound.length === 0) return fail(c, "forbidden", "This staff account is not assigned to a store.");
    }
    const { query, phoneLast3 } = c.req.valid("json");
    const notFound = () => fail(c, "member_not_found", "No member with this card number or phone and these last digits.");
    const lookup = parseMemberLookup(query);
    if (!lookup) return notFound();
    const [member] = await memberWithUser(database.db).where(
      and(
        eq(members.brandId, auth.brandId),
        isNull(members.erasedAt),
        lookup.by === "phone" ? eq(users.phone, lookup.phone) : eq(members.memberSeq, lookup.memberSeq),
      ),
    );
    if (!member || !phoneEndsWith(member.phone, phoneLast3)) return notFound();
    if (member.userId === auth.userId) return fail(c, "self_credit", "You cannot credit your own membership; ask a colleague.");
    return c.json(await scannedMember(config.sessionSecret, auth, member, now(), lookup.by), 200);
  })
  .openapi(earnRoute, async (c) => {
    const { database, now, config } = c.get("deps");
    // The counter's device goes on the ledger entry (decision 0017); a malformed id is refused
    // rather than stored, so the column only ever holds what the Mini App makes.
    const deviceId = c.req.header(DEVICE_ID_HEADER);
    if (deviceId !== undefined && !isDeviceId(deviceId)) {
      return fail(c, "invalid_request", "x-device-id must be 8 to 64 letters, digits, - or _.", [
        { code: "device_id_invalid", field: DEVICE_ID_HEADER, params: { min: 8, max: 64 } },
      ]);
    }
    const actor = { ...c.get("auth"), deviceId: deviceId ?? null };
    const at = now();
    const out = await earn(database.db, { secret: config.sessionSecret, now: at }, actor, c.req.valid("json"));
    if (!out.ok) return failOutcome(c, out);
    if (!out.value.replayed) await referralAfterEarn(c, at, out.value.memberId, out.value.entryId);
    return c.json(out.value, 200);
  })
  .openapi(previewVoucherRoute, async (c) => {
    const { database, now } = c.get("deps");
    const out = await previewVoucher(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(useVoucherRoute, async (c) => {
    const { database, now } = c.get("deps");
    const out = await useVoucher(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });

/**
 * A new earn may be a referred friend's first purchase: both are rewarded then, in the hook's own
 * transaction (docs/decisions/0032). The earn is committed and answered whatever the hook does:
 * should it fail, the friend's next earn completes the referral (still once).
 */
async function referralAfterEarn(c: Context<AppEnv>, at: number, memberId: string, entryId: string) {
  const { database, log } = c.get("deps");
  try {
    await completeReferralOnPurchase(database.db, at, memberId, entryId);
  } catch (error) {
    log.error({ reqId: c.get("requestId"), err: error, memberId }, "referral completion after an earn failed");
  }
}
