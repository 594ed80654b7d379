import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, gt, isNull } from "drizzle-orm";
import { authEndpoints } from "../../../contract/endpoints/auth";
import { DEFAULT_TIER_RULES } from "../../../domain/loyalty/tiers";
import { brands, consoleInvites, loyaltySettings, users } from "../../db/schema";
import { ok, refused, type Outcome } from "../../db/transaction";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { signInConsole } from "./console-session";
import { sha256Hex } from "./sessions";
import { brandBySlug, type UserRow } from "./users";

/**
 * First run in production (docs/decisions/0040): with no brand, the server prints a one-time
 * setup link at start-up; this page's API creates the brand and its first admin and signs them
 * in. Nothing of the demo brand is made. Mounted at /console.
 */
const route = routesAt("/console");
const tags = ["Setup"];

const status = route(authEndpoints.setupStatus, {
  tags,
  summary: "Whether the brand this server serves still has to be set up, and its slug (BRAND_SLUG)",
  access: "public",
  ok: "Setup status",
});
const setup = route(authEndpoints.setup, {
  tags,
  summary: "Create the brand and its first admin with the start-up setup link, and sign the admin in",
  access: "public",
  limit: "consoleSignIn",
  ok: "Brand created; the admin is signed in (refresh cookie set)",
  errors: {
    401: "The setup link is invalid, used or expired (invite_invalid)",
    409: "A brand exists already (brand_already_set_up), or another slug than BRAND_SLUG (brand_slug_fixed)",
  },
});

export const setupRoutes = new OpenAPIHono<AppEnv>()
  .openapi(status, async (c) => {
    const { database, config } = c.get("deps");
    return c.json({ needed: !(await brandBySlug(database.db, config.brandSlug)), slug: config.brandSlug }, 200);
  })
  .openapi(setup, async (c) => {
    const { database, config, now } = c.get("deps");
    const body = c.req.valid("json");
    // Checked before the link is spent, so a wrong slug does not cost the admin their link.
    if (body.brand.slug !== config.brandSlug)
      return fail(c, "brand_slug_fixed", `This server serves the brand "${config.brandSlug}" (BRAND_SLUG).`);
    const at = new Date(now());
    const outcome = await database.db.transaction(async (tx): Promise<Outcome<UserRow>> => {
      const [link] = await tx
        .update(consoleInvites)
        .set({ usedAt: at })
        .where(
          and(
            eq(consoleInvites.tokenHash, sha256Hex(body.token)),
            isNull(consoleInvites.usedAt),
            isNull(consoleInvites.brandId),
            gt(consoleInvites.expiresAt, at),
          ),
        )
        .returning({ id: consoleInvites.id });
      if (!link) return refused("invite_invalid", "This setup link is invalid, used or expired; restart the server for a new one.");
      // The slug is unique: of two setups at once (two links), one creates the brand.
      const [brand] = await tx
        .insert(brands)
        .values({
          slug: body.brand.slug,
          name: body.brand.name,
          timeZone: body.brand.timeZone,
          miniAppId: body.brand.miniAppId,
          miniAppUrl: `https://zalo.me/s/${body.brand.miniAppId}/`,
          oaId: body.brand.oaId,
          logoUrl: body.brand.logoUrl ?? null,
          createdAt: at,
        })
        .onConflictDoNothing({ target: brands.slug })
        .returning();
      if (!brand) return refused("brand_already_set_up", "The brand exists already; sign in instead.");
      await tx.insert(loyaltySettings).values({ brandId: brand.id, tierRules: DEFAULT_TIER_RULES });
      const [admin] = await tx
        .insert(users)
        .values({
          brandId: brand.id,
          role: "admin",
          displayName: body.admin.displayName,
          email: body.admin.email?.toLowerCase() ?? null,
          createdAt: at,
        })
        .returning();
      await tx.update(consoleInvites).set({ userId: admin!.id }).where(eq(consoleInvites.id, link.id));
      return ok(admin!);
    });
    if (!outcome.ok) return failOutcome(c, outcome);
    return c.json(await signInConsole(c, outcome.value), 201);
  });
