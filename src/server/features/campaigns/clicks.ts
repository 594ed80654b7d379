/**
 * Campaign click links (issue 15 "Results"; docs/decisions/0038-campaign-results.md): every
 * recipient who is sent a message gets a random 128-bit code (zns_campaign_recipients.click_code),
 * and the message's deep_link becomes our short link /c/<code>. Opening it records the first
 * click (one conditional update: concurrent opens record one) and forwards into the Mini App.
 * The code says nothing by itself: no member, campaign or brand can be read from it or guessed.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { ErrorBody } from "../../../contract/errors";
import type { Db } from "../../db/client";
import { triggerFirings, znsCampaignRecipients, znsCampaigns } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { rateLimit } from "../../http/rate-limit";
import { miniAppLink } from "../surveys/definitions";

export const CLICK_PATH = "/c";
/** 16 random bytes in base64url: 22 characters, short enough for ZNS's 200-character URL parameter. */
export const newClickCode = () => randomBytes(16).toString("base64url");
const CODE = /^[A-Za-z0-9_-]{22}$/;

export const clickLink = (base: string, code: string) => `${base.replace(/\/+$/, "")}${CLICK_PATH}/${code}`;

/**
 * Records the first open of a code (`recorded`: this open was it); null when no recipient has
 * the code (nothing is written then).
 */
export async function openClick(db: Db, code: string, now: number): Promise<{ brandId: string; recorded: boolean } | null> {
  if (!CODE.test(code)) return null;
  const [row] = await db
    .select({ brandId: znsCampaigns.brandId, campaignId: znsCampaignRecipients.campaignId, clickedAt: znsCampaignRecipients.clickedAt })
    .from(znsCampaignRecipients)
    .innerJoin(znsCampaigns, eq(znsCampaigns.id, znsCampaignRecipients.campaignId))
    .where(eq(znsCampaignRecipients.clickCode, code));
  // Not a campaign's: a trigger message's (features/triggers/fire.ts gives them codes the same way).
  if (!row) return openTriggerClick(db, code, now);
  // Conditional on clicked_at still being empty: of concurrent first opens one sets it, the
  // others find the row changed under their lock and update nothing.
  const recorded = row.clickedAt
    ? []
    : await db
        .update(znsCampaignRecipients)
        .set({ clickedAt: new Date(now) })
        .where(and(eq(znsCampaignRecipients.clickCode, code), isNull(znsCampaignRecipients.clickedAt)))
        .returning({ at: znsCampaignRecipients.clickedAt });
  return { brandId: row.brandId, recorded: recorded.length > 0 };
}

async function openTriggerClick(db: Db, code: string, now: number): Promise<{ brandId: string; recorded: boolean } | null> {
  const [row] = await db
    .select({ brandId: triggerFirings.brandId, clickedAt: triggerFirings.clickedAt })
    .from(triggerFirings)
    .where(eq(triggerFirings.clickCode, code));
  if (!row) return null;
  const recorded = row.clickedAt
    ? []
    : await db
        .update(triggerFirings)
        .set({ clickedAt: new Date(now) })
        .where(and(eq(triggerFirings.clickCode, code), isNull(triggerFirings.clickedAt)))
        .returning({ at: triggerFirings.clickedAt });
  return { brandId: row.brandId, recorded: recorded.length > 0 };
}

/** Said to a person who opened a broken link: a page in both languages (vi first); JSON for API clients. */
function unknownLink(c: Context<AppEnv>) {
  const accept = c.req.header("accept") ?? "";
  if (accept.includes("application/json") && !accept.includes("text/html"))
    return fail(c, "click_link_unknown", "This link is not one of ours, or it was cut short.");
  return c.html(
    `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="error-code" content="click_link_unknown"><title>Liên kết không hợp lệ</title></head>
<body><main>
<h1>Liên kết này không mở được</h1>
<p>Có thể liên kết đã bị cắt mất một phần khi sao chép. Hãy mở lại tin nhắn trong Zalo và bấm vào nút trong tin nhắn.</p>
<hr>
<h2 lang="en">This link cannot be opened</h2>
<p lang="en">It may have been cut short when copied. Open the message in Zalo again and tap its button.</p>
</main></body></html>`,
    404,
  );
}

/** Mounted at the site's root, outside /api: the link in a message stays short. Public, limited per address. */
export const clickRoutes = new Hono<AppEnv>().get("/:code", rateLimit("public"), async (c) => {
  const { database, now, config } = c.get("deps");
  // Every open is a fresh request: a cached redirect would not be counted, nor a cached 404 retried.
  c.header("cache-control", "no-store");
  const found = await openClick(database.db, c.req.param("code"), now());
  if (!found) return unknownLink(c);
  return c.redirect(await miniAppLink(database.db, found.brandId, "", config.publicUrl), 302);
});

/**
 * The click link in the API's OpenAPI document. It lives at the site's root, not under /api (the
 * link in a message stays short), so the operation names its own server, "/": tools that read
 * the document call /c/{code}, not /api/c/{code}. Plain registry entry: the route itself answers
 * a redirect or a page, which no JSON contract describes.
 */
export function documentClickLink(registry: OpenAPIHono<AppEnv>["openAPIRegistry"]): void {
  registry.registerPath({
    method: "get",
    path: `${CLICK_PATH}/{code}`,
    servers: [{ url: "/", description: "The site's root: click links are outside /api" }],
    tags: ["Campaigns"],
    summary: "A campaign message's click link: records the member's first open, then forwards into the brand's Mini App",
    description:
      "Public, limited per address (the `public` rate limit), never cached (`Cache-Control: no-store`). The code is 16 random " +
      "bytes in base64url, one per recipient (docs/decisions/0038); it names no member, campaign or brand.",
    "x-access": "public",
    request: {
      params: z.object({ code: z.string().meta({ description: "22 characters of [A-Za-z0-9_-]", example: "q1w2e3r4t5y6u7i8o9p0aZ" }) }),
    },
    responses: {
      302: { description: "Forwarded to the brand's Mini App link (Location); the first open is recorded, later ones are not" },
      404: {
        description:
          "click_link_unknown: no recipient has this code (a page in Vietnamese and English, or JSON for `Accept: application/json`)",
        content: { "application/json": { schema: ErrorBody }, "text/html": { schema: z.string() } },
      },
      429: { description: "rate_limited", content: { "application/json": { schema: ErrorBody } } },
    },
  });
}
