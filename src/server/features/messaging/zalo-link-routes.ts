/**
 * The console's "Kết nối Zalo" page (issue 16; docs/zalo-setup.md), mounted at /console/messaging:
 * what a brand's admin needs to link the OA without a developer — the webhook URL to register
 * and whether events arrive, the domain verification file Zalo asks for (served by
 * siteVerificationRoute), "check connection" in plain words, and the template sync that imports
 * the OA's approved templates instead of making a marketer type ids.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { z } from "zod";
import { messagingEndpoints } from "../../../contract/endpoints/messaging";
import type { ConnectionCheckView, ZaloLinkView } from "../../../contract/zalo-link";
import { ADMINS, MANAGERS } from "../../../domain/identity/roles";
import {
  callFailure,
  compareTemplates,
  siteVerificationHtml,
  siteVerificationPath,
  SITE_VERIFICATION_PATTERN,
  webhookHealth,
  type CheckResult,
  type ConnectionCheck,
  type ZaloTemplate,
} from "../../../domain/messaging/zalo-link";
import type { Db } from "../../db/client";
import { auditEvents, brands, oaLimits, oaLink, oaTokens, znsTemplates } from "../../db/schema";
import type { AppEnv, Deps } from "../../http/context";
import { fail } from "../../http/errors";
import { rateLimit } from "../../http/rate-limit";
import { routesAt } from "../../http/route";
import { getOaProfile, getZnsQuota } from "../../zalo/oa-info";
import { listZnsTemplates, znsTemplateInfo } from "../../zalo/zns-templates";
import { miniAppLink } from "../surveys/definitions";
import { oaStatusView } from "./oa-connect-routes";

const route = routesAt("/console/messaging");
const tags = ["Messaging (console)"];

const view = route(messagingEndpoints.zaloLink, {
  tags,
  summary: "The OA, webhook, domain verification and Mini App links as the brand must register them at Zalo",
  access: ADMINS,
  ok: "The link with Zalo",
});
const verification = route(messagingEndpoints.siteVerification, {
  tags,
  summary: "Save (or remove) Zalo's domain verification code; its file is then served at /zalo_verifier<code>.html",
  access: ADMINS,
  ok: "Saved",
});
const check = route(messagingEndpoints.checkConnection, {
  tags,
  summary:
    "Check the connection: tokens, the OA's profile, the ZNS quota, the last webhook event — each in a code the console says in words",
  access: ADMINS,
  ok: "What each step found",
  errors: { 409: "oa_connect_unavailable: the sandbox has no OA to check" },
});
const sync = route(messagingEndpoints.syncTemplates, {
  tags,
  summary: "The OA's templates at Zalo against the registry: matching, differing (with what), new, or no longer at Zalo",
  access: MANAGERS,
  ok: "The comparison (nothing is written: registering stays the manager's decision)",
  errors: {
    409: "oa_connect_unavailable (sandbox) or oa_not_connected",
    424: "zalo_unreachable or zalo_refused (params.zaloError)",
  },
});

/** At most this many templates are compared: an OA has tens; a longer list is cut, not paged forever. */
const MAX_TEMPLATES = 200;
const PAGE = 100;

const webhookUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, "")}/api${messagingEndpoints.webhook.path}`;

async function linkRow(db: Db, brandId: string) {
  const [row] = await db.select().from(oaLink).where(eq(oaLink.brandId, brandId));
  return row ?? null;
}

async function linkView(deps: Deps, brandId: string): Promise<z.infer<typeof ZaloLinkView>> {
  const { database, config, now } = deps;
  const [oa, row, [limits], deepLinkBase] = await Promise.all([
    oaStatusView(deps, brandId),
    linkRow(database.db, brandId),
    database.db.select().from(oaLimits).where(eq(oaLimits.brandId, brandId)),
    miniAppLink(database.db, brandId, "", config.publicUrl),
  ]);
  const code = row?.siteVerification ?? null;
  const base = config.publicUrl.replace(/\/+$/, "");
  return {
    transport: oa.connectable ? "zalo" : "sandbox",
    oa,
    oaName: row?.oaName ?? null,
    dailyQuota: limits?.dailyQuota ?? null,
    dailyQuotaAt: limits?.updatedAt.toISOString() ?? null,
    webhook: {
      url: webhookUrl(config.publicUrl),
      health: webhookHealth(oa.state === "connected", row?.lastEventAt?.getTime() ?? null, now()),
      lastEventAt: row?.lastEventAt?.toISOString() ?? null,
      lastEventName: row?.lastEventName ?? null,
      lastRejectedAt: row?.lastRejectedAt?.toISOString() ?? null,
    },
    siteVerification: {
      code,
      fileUrl: code ? `${base}${siteVerificationPath(code)}` : null,
      metaTag: code ? `<meta name="zalo-platform-site-verification" content="${code}">` : null,
    },
    miniApp: { appId: /\/s\/([0-9]+)/.exec(deepLinkBase)?.[1] ?? null, deepLinkBase },
    lastCheck: (row?.lastCheck as z.infer<typeof ConnectionCheckView> | null) ?? null,
  };
}

/** The OA's access token for a console call, or the failure to answer with. */
async function tokenFor(c: Context<AppEnv>, brandId: string): Promise<{ ok: true; token: string } | { ok: false; result: CheckResult }> {
  const { database, oaConnect } = c.get("deps");
  const [row] = await database.db.select({ disconnectedAt: oaTokens.disconnectedAt }).from(oaTokens).where(eq(oaTokens.brandId, brandId));
  if (!row) return { ok: false, result: "not_connected" };
  if (row.disconnectedAt) return { ok: false, result: "disconnected" };
  const token = await oaConnect!.store.accessToken(brandId);
  return token ? { ok: true, token } : { ok: false, result: "disconnected" };
}

export const zaloLinkRoutes = new OpenAPIHono<AppEnv>()
  .openapi(view, async (c) => c.json(await linkView(c.get("deps"), c.get("auth").brandId), 200))
  .openapi(verification, async (c) => {
    const deps = c.get("deps");
    const { brandId, userId } = c.get("auth");
    const { code } = c.req.valid("json");
    const at = new Date(deps.now());
    await deps.database.db.transaction(async (tx) => {
      const [before] = await tx.select({ code: oaLink.siteVerification }).from(oaLink).where(eq(oaLink.brandId, brandId)).for("update");
      if ((before?.code ?? null) === code) return;
      await tx
        .insert(oaLink)
        .values({ brandId, siteVerification: code })
        .onConflictDoUpdate({ target: oaLink.brandId, set: { siteVerification: code } });
      await tx.insert(auditEvents).values({
        brandId,
        actorId: userId,
        action: "zalo_site_verification_changed",
        subjectId: brandId,
        at,
        detail: { from: before?.code ?? null, to: code },
      });
    });
    return c.json(await linkView(deps, brandId), 200);
  })
  .openapi(check, async (c) => {
    const deps = c.get("deps");
    const { oaConnect, database, config, now } = deps;
    if (!oaConnect) return fail(c, "oa_connect_unavailable", "This server sends with the sandbox: there is no OA to check.");
    const { brandId } = c.get("auth");
    const checks: z.infer<typeof ConnectionCheckView>["checks"] = [];
    const add = (check: ConnectionCheck, result: CheckResult, zaloError?: number) =>
      checks.push({ check, result, zaloError: zaloError ?? null });
    let oaName: string | null = null;
    let quota: { dailyQuota: number | null; remainingQuota: number | null } = { dailyQuota: null, remainingQuota: null };

    const token = await tokenFor(c, brandId);
    if (!token.ok) {
      add("token", token.result);
      add("oa", "skipped");
      add("zns", "skipped");
    } else {
      add("token", "ok");
      const profile = await getOaProfile(oaConnect.api, token.token);
      if (!profile.ok) add("oa", callFailure(profile.kind, profile.zaloError), profile.zaloError);
      else {
        oaName = profile.value.name;
        add("oa", config.oaId && config.oaId !== profile.value.oaId ? "oa_mismatch" : "ok");
      }
      const zns = await getZnsQuota(oaConnect.api, token.token);
      if (!zns.ok) add("zns", callFailure(zns.kind, zns.zaloError), zns.zaloError);
      else {
        quota = zns.value;
        add("zns", "ok");
      }
    }
    const row = await linkRow(database.db, brandId);
    const health = webhookHealth(true, row?.lastEventAt?.getTime() ?? null, now());
    add("webhook", health === "ok" ? "ok" : health === "never" ? "webhook_never" : "webhook_silent");

    const result = { checks, oaName, ...quota, at: new Date(now()).toISOString() };
    await database.db
      .insert(oaLink)
      .values({ brandId, lastCheck: result, ...(oaName ? { oaName } : {}) })
      .onConflictDoUpdate({ target: oaLink.brandId, set: { lastCheck: result, ...(oaName ? { oaName } : {}) } });
    // What Zalo reports is the quota the send plan must use (as change_oa_daily_quota would set it).
    if (quota.dailyQuota !== null && quota.dailyQuota > 0) {
      await database.db
        .insert(oaLimits)
        .values({ brandId, dailyQuota: quota.dailyQuota, updatedAt: new Date(now()) })
        .onConflictDoUpdate({ target: oaLimits.brandId, set: { dailyQuota: quota.dailyQuota, updatedAt: new Date(now()) } });
    }
    return c.json(result, 200);
  })
  .openapi(sync, async (c) => {
    const { oaConnect, database, now } = c.get("deps");
    if (!oaConnect) return fail(c, "oa_connect_unavailable", "This server sends with the sandbox: there is no OA to read templates from.");
    const { brandId } = c.get("auth");
    const token = await tokenFor(c, brandId);
    if (!token.ok) return fail(c, "oa_not_connected", "Connect the OA first: its templates are read with its token.");
    const refused = (out: { kind: "rejected" | "unavailable"; zaloError?: number }) =>
      out.kind === "unavailable"
        ? fail(c, "zalo_unreachable", "Zalo did not answer; nothing changed.")
        : fail(c, "zalo_refused", "Zalo refused to list the templates.", undefined, { zaloError: out.zaloError ?? 0 });

    const summaries = [];
    for (let offset = 0; offset < MAX_TEMPLATES; offset += PAGE) {
      const page = await listZnsTemplates(oaConnect.api, token.token, { offset, limit: PAGE });
      if (!page.ok) return refused(page);
      summaries.push(...page.value.items);
      if (page.value.items.length < PAGE) break;
    }
    const ours = await database.db
      .select({ id: znsTemplates.id, name: znsTemplates.name, znsTemplateId: znsTemplates.znsTemplateId, params: znsTemplates.params })
      .from(znsTemplates)
      .where(eq(znsTemplates.brandId, brandId));
    const registered = new Set(ours.map((t) => t.znsTemplateId));
    const zalo: ZaloTemplate[] = [];
    for (const s of summaries.slice(0, MAX_TEMPLATES)) {
      // A template neither registered nor enabled is of no use here: not worth a call.
      if (!registered.has(s.templateId) && s.status !== "ENABLE") continue;
      const info = await znsTemplateInfo(oaConnect.api, token.token, s.templateId);
      if (!info.ok) return refused(info);
      zalo.push({ ...info.value, status: s.status, quality: info.value.quality ?? s.quality });
    }
    const items = compareTemplates(
      zalo,
      ours.map((t) => ({ ...t, params: t.params.map((p) => ({ name: p.name, type: p.type })) })),
    );
    return c.json({ items, at: new Date(now()).toISOString() }, 200);
  });

/**
 * Zalo's domain verification file, at the site's root as Zalo fetches it: served only for the
 * code the admin saved, so the path reveals nothing and answers 404 otherwise.
 */
export const siteVerificationRoute = new OpenAPIHono<AppEnv>().get(
  "/:file{zalo_verifier[A-Za-z0-9_-]+\\.html}",
  rateLimit("public"),
  async (c) => {
    const code = c.req.param("file").slice("zalo_verifier".length, -".html".length);
    if (!SITE_VERIFICATION_PATTERN.test(code)) return c.notFound();
    const { database, config } = c.get("deps");
    const [row] = await database.db
      .select({ code: oaLink.siteVerification })
      .from(oaLink)
      .innerJoin(brands, eq(brands.id, oaLink.brandId))
      .where(eq(brands.slug, config.brandSlug));
    if (row?.code !== code) return c.notFound();
    c.header("cache-control", "no-cache");
    return c.html(siteVerificationHtml(code));
  },
);

/**
 * What the webhook received, for the page: the last accepted event (name and time) or the last
 * refused for its signature. Never fails the webhook's answer: Zalo would redeliver an event
 * already applied because a bookkeeping write failed.
 */
export async function noteWebhookEvent(deps: Deps, accepted: { eventName: string } | null): Promise<void> {
  const { database, config, now, log } = deps;
  const at = new Date(now());
  // As text with a cast: a Date inside sql`` is not serialised alike by every driver.
  const atSql = sql`${at.toISOString()}::timestamptz`;
  try {
    const [brand] = await database.db.select({ id: brands.id }).from(brands).where(eq(brands.slug, config.brandSlug));
    if (!brand) return;
    if (accepted) {
      const name = accepted.eventName.slice(0, 64);
      await database.db
        .insert(oaLink)
        .values({ brandId: brand.id, lastEventAt: at, lastEventName: name })
        .onConflictDoUpdate({
          target: oaLink.brandId,
          // Concurrent deliveries: the latest time wins, with its own name.
          set: {
            lastEventName: sql`case when ${oaLink.lastEventAt} is null or ${oaLink.lastEventAt} <= ${atSql} then ${name}::text else ${oaLink.lastEventName} end`,
            lastEventAt: sql`greatest(${oaLink.lastEventAt}, ${atSql})`,
          },
        });
    } else {
      await database.db
        .insert(oaLink)
        .values({ brandId: brand.id, lastRejectedAt: at })
        .onConflictDoUpdate({ target: oaLink.brandId, set: { lastRejectedAt: sql`greatest(${oaLink.lastRejectedAt}, ${atSql})` } });
    }
  } catch (err) {
    log.warn({ err }, "webhook: could not note the event for the Zalo page");
  }
}
