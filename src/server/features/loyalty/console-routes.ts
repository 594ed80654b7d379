import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { loyaltyEndpoints } from "../../../contract/endpoints/loyalty";
import { LEDGER_EXPORT_MAX_ROWS } from "../../../contract/loyalty";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { TierCode } from "../../../domain/loyalty/tiers";
import type { Tx } from "../../db/client";
import { rewards } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { liability, memberDetail, memberInBrand, rewardList } from "./console-queries";
import { adjust, cancelVoucher, reverse } from "./corrections";
import { rewardImageInBrand } from "./reward-images";
import { rewardView } from "./rewards-view";
import { sendExport } from "../exports/export-stream";
import { exportLedger } from "./ledger-export";
import { tiersNotInProgramme } from "./programme";
import { consoleLedgerPage } from "./summary";
import { revealVoucherCode } from "./voucher-reveal";

/** Loyalty in the console: mounted at /console. */
const route = routesAt("/console");
const tags = ["Console"];

const detail = route(loyaltyEndpoints.memberDetail, {
  tags,
  summary: "Member detail: balance, tier, open lots, latest ledger entries and vouchers",
  access: CONSOLE_ROLES,
  ok: "Detail",
  errors: { 404: "member_not_found" },
});

const memberLedger = route(loyaltyEndpoints.memberLedger, {
  tags,
  summary: "A member's whole ledger, newest first, paged with a cursor, with who caused each entry; filterable by actor",
  access: CONSOLE_ROLES,
  ok: "A page of entries",
  errors: { 404: "member_not_found" },
});

const brandLedger = route(loyaltyEndpoints.brandLedger, {
  tags,
  summary: "The brand's ledger, newest first, with who caused each entry; filter by a user (one cashier) or a kind of actor",
  access: CONSOLE_ROLES,
  ok: "A page of entries",
});

const ledgerExport = route(loyaltyEndpoints.exportLedger, {
  tags,
  summary:
    "The brand's ledger as CSV or XLSX for a spreadsheet, with the same filters as the list; every export is recorded in the audit log",
  description:
    "format=csv (default): RFC 4180 CSV, UTF-8 with a byte order mark (Excel reads Vietnamese); format=xlsx: one worksheet, " +
    "streamed. A header row in `locale`, newest first; the x-row-count header gives the rows before the body. Points and bill " +
    "are integers; text that a spreadsheet would run as a formula (= + - @ tab CR first) starts with an apostrophe. At most " +
    `the server's limit (exportMaxRows of the ledger page; ${LEDGER_EXPORT_MAX_ROWS} unless LEDGER_EXPORT_MAX_ROWS is set) rows: ` +
    "more matches are refused with export_too_large (params.max) so no file is silently cut. " +
    "Each export writes an audit_events row (who, when, filters, rows) before the file is sent.",
  access: CONSOLE_ROLES,
  limit: "export",
  ok: "The file (CSV or XLSX), as an attachment",
  errors: { 422: "export_too_large" },
});

const voucherCancel = route(loyaltyEndpoints.cancelVoucher, {
  tags,
  summary: "Cancel a member's unused voucher and refund its points, with a reason (managers only); idempotent by key",
  access: MANAGERS,
  ok: "Cancelled and refunded",
  errors: {
    404: "voucher_not_found",
    409: "voucher_used, voucher_cancelled, voucher_void, idempotency_conflict",
    422: "voucher_expired",
  },
});

const adjustment = route(loyaltyEndpoints.adjust, {
  tags,
  summary: "Manual adjustment with a reason (managers only); idempotent by key",
  access: MANAGERS,
  ok: "Posted",
  errors: { 409: "insufficient_points, idempotency_conflict" },
});

const reversal = route(loyaltyEndpoints.reverse, {
  tags,
  summary: "Reverse a mistaken earn as a new ledger entry (managers only)",
  access: MANAGERS,
  ok: "Reversed",
  errors: { 409: "already_reversed, not_reversible, insufficient_points" },
});

const revealCode = route(loyaltyEndpoints.revealVoucherCode, {
  tags,
  summary: "Show one voucher's live code (managers only); every reveal is recorded in the audit log",
  description:
    "Lists show voucher codes masked (codeMasked) to every console role. A manager reveals one code here; the reveal writes " +
    "an audit_events row (who, when, which voucher) in the same transaction. Marketers get 403 forbidden.",
  access: MANAGERS,
  ok: "The code",
  errors: { 404: "voucher_not_found" },
});

const listRewards = route(loyaltyEndpoints.listRewards, {
  tags,
  summary: "All rewards of the brand, active first",
  access: CONSOLE_ROLES,
  ok: "Rewards",
});

const createReward = route(loyaltyEndpoints.createReward, {
  tags,
  summary: "Create a reward (managers only)",
  access: MANAGERS,
  ok: "Created",
});

const updateReward = route(loyaltyEndpoints.updateReward, {
  tags,
  summary: "Change a reward: price, stock, validity, eligibility, or deactivate it (managers only)",
  access: MANAGERS,
  ok: "Updated",
  errors: { 404: "reward_not_found" },
});

const liabilityRoute = route(loyaltyEndpoints.liability, {
  tags,
  summary: "Outstanding points per store (where they were earned) and their expiry profile by month",
  access: CONSOLE_ROLES,
  ok: "Points liability",
});

/** A reward limited to a tier the programme does not have would be offered to nobody (decision 0049). */
const tiersRefused = (c: Parameters<typeof fail>[0], tiers: readonly TierCode[]) =>
  fail(c, "invalid_request", "The programme has no such tier.", [
    { code: "tier_not_in_programme", field: "eligibleTiers", params: { tiers: tiers.join(",") } },
  ]);

const dateOrNull = (v: string | null | undefined) => (v ? new Date(v) : v === null ? null : undefined);

export const loyaltyConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(detail, async (c) => {
    const { database, now } = c.get("deps");
    const found = await memberDetail(database.db, c.get("auth").brandId, c.req.valid("param").memberId, now(), c.req.valid("query").locale);
    return found ? c.json(found, 200) : fail(c, "member_not_found", "No such member in this brand.");
  })
  .openapi(memberLedger, async (c) => {
    const { database } = c.get("deps");
    const { memberId } = c.req.valid("param");
    if (!(await memberInBrand(database.db, c.get("auth").brandId, memberId)))
      return fail(c, "member_not_found", "No such member in this brand.");
    return c.json(await consoleLedgerPage(database.db, { ...c.req.valid("query"), brandId: c.get("auth").brandId, memberId }), 200);
  })
  .openapi(brandLedger, async (c) => {
    const { database, config } = c.get("deps");
    const page = await consoleLedgerPage(database.db, { ...c.req.valid("query"), brandId: c.get("auth").brandId });
    return c.json({ ...page, exportMaxRows: config.ledgerExportMaxRows ?? LEDGER_EXPORT_MAX_ROWS }, 200);
  })
  .openapi(ledgerExport, async (c) => {
    const { database, now, config } = c.get("deps");
    const filter = { ...c.req.valid("query"), brandId: c.get("auth").brandId };
    const out = await exportLedger(database.db, now(), c.get("auth"), filter, undefined, config.ledgerExportMaxRows);
    return out.ok ? sendExport(c, out.value) : failOutcome(c, out);
  })
  .openapi(adjustment, async (c) => {
    const { database, now } = c.get("deps");
    const out = await adjust(database.db, now(), c.get("auth"), c.req.valid("param").memberId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(reversal, async (c) => {
    const { database, now } = c.get("deps");
    const out = await reverse(database.db, now(), c.get("auth"), c.req.valid("param").entryId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(voucherCancel, async (c) => {
    const { database, now } = c.get("deps");
    const out = await cancelVoucher(database.db, now(), c.get("auth"), c.req.valid("param").voucherId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(revealCode, async (c) => {
    const { database, now } = c.get("deps");
    const out = await revealVoucherCode(database.db, now(), c.get("auth"), c.req.valid("param").voucherId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(listRewards, async (c) => c.json(await rewardList(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(createReward, async (c) => {
    const { database } = c.get("deps");
    const input = c.req.valid("json");
    if (input.imageId && !(await rewardImageInBrand(database.db, c.get("auth").brandId, input.imageId))) return unknownImage(c);
    const out = await database.db.transaction(async (tx: Tx) => {
      const missing = await tiersNotInProgramme(tx, c.get("auth").brandId, input.eligibleTiers);
      if (missing.length) return { missing };
      const [row] = await tx
        .insert(rewards)
        .values({
          ...input,
          brandId: c.get("auth").brandId,
          validFrom: dateOrNull(input.validFrom),
          validUntil: dateOrNull(input.validUntil),
        })
        .returning();
      return { row: row! };
    });
    return out.missing ? tiersRefused(c, out.missing) : c.json(rewardView(out.row!), 201);
  })
  .openapi(updateReward, async (c) => {
    const { database } = c.get("deps");
    const patch = c.req.valid("json");
    const { rewardId } = c.req.valid("param");
    const [existing] = await database.db
      .select()
      .from(rewards)
      .where(and(eq(rewards.id, rewardId), eq(rewards.brandId, c.get("auth").brandId)));
    if (!existing) return fail(c, "reward_not_found", "No such reward.");
    if (patch.imageId && !(await rewardImageInBrand(database.db, c.get("auth").brandId, patch.imageId))) return unknownImage(c);
    const validFrom = patch.validFrom === undefined ? existing.validFrom : dateOrNull(patch.validFrom)!;
    const validUntil = patch.validUntil === undefined ? existing.validUntil : dateOrNull(patch.validUntil)!;
    if (validFrom && validUntil && validFrom >= validUntil) {
      return fail(c, "invalid_request", "validUntil must be after validFrom.", [{ code: "valid_until_before_from", field: "validUntil" }]);
    }
    const out = await database.db.transaction(async (tx: Tx) => {
      const missing = await tiersNotInProgramme(tx, c.get("auth").brandId, patch.eligibleTiers);
      if (missing.length) return { missing };
      const [row] = await tx
        .update(rewards)
        .set({ ...patch, validFrom, validUntil })
        .where(eq(rewards.id, rewardId))
        .returning();
      return { row: row! };
    });
    return out.missing ? tiersRefused(c, out.missing) : c.json(rewardView(out.row!), 200);
  })
  .openapi(liabilityRoute, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await liability(database.db, c.get("auth").brandId, now(), c.req.valid("query")), 200);
  });

/** An imageId that is not one of this brand's uploads: the request's fault, said at the field. */
const unknownImage = (c: Parameters<typeof fail>[0]) =>
  fail(c, "invalid_request", "imageId is not an uploaded image of this brand.", [{ code: "image_not_found", field: "imageId" }]);
