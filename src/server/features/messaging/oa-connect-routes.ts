/**
 * Connecting the brand's Zalo OA from the console (issue 16; docs/zalo-setup.md): OAuth v4 with
 * PKCE. `connect` (admin only) keeps a PKCE verifier and a random state server-side for
 * OA_CONNECT_TTL_MS and answers Zalo's consent URL; Zalo sends the browser back to `callback`
 * with a code and the state. The callback carries no console session header, so the state is the
 * proof: used once, not expired, and its admin's session still live. The code is exchanged with
 * the verifier, the pair saved with the token store (encrypted) and audited, and the browser sent
 * back to the console's messaging page with `?oa=<result>`. Nothing is saved on any failure.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, isNull, lte } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { messagingEndpoints } from "../../../contract/endpoints/messaging";
import { ADMINS } from "../../../domain/identity/roles";
import { OA_CONNECT_TTL_MS, type OaConnectResult } from "../../../domain/messaging/oa-connection";
import { auditEvents, oaConnectStates, oaTokens } from "../../db/schema";
import type { OaStatus } from "../../../contract/messaging";
import type { z } from "zod";
import type { AppEnv, Deps } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { exchangeOaCode, oaConsentUrl, pkceChallenge } from "../../zalo/oa-token";

const route = routesAt("/console/messaging");
const tags = ["Messaging (console)"];

const connect = route(messagingEndpoints.oaConnect, {
  tags,
  summary: "Start connecting the Zalo OA (OAuth v4, PKCE): answers the consent URL to send the browser to",
  access: ADMINS,
  ok: "Consent URL",
  errors: { 409: "oa_connect_unavailable: the server has no Zalo app configured (sandbox)" },
});
const callback = route(messagingEndpoints.oaCallback, {
  tags,
  summary: "Zalo's redirect after consent: checks the state, exchanges the code, saves the tokens; 302 to the console with ?oa=<result>",
  access: "public",
  ok: "Not used: the answer is a 302 to /console/messages?oa=<result>",
  errors: { 302: "Redirect to the console with the result", 409: "oa_connect_unavailable" },
});
const status = route(messagingEndpoints.oaStatus, {
  tags,
  summary: "The OA's connection: connected or not, token expiry, last refresh, whether a reconnect is needed",
  access: ADMINS,
  ok: "Status",
});

/** The path Zalo must send the browser back to; registered as is in Zalo's developer console. */
export const OA_CALLBACK_PATH = "/api/console/messaging/oa/callback";
const redirectUri = (publicUrl: string) => `${publicUrl.replace(/\/+$/, "")}${OA_CALLBACK_PATH}`;
const hashState = (state: string) => createHash("sha256").update(state, "utf8").digest("hex");

export const oaConnectRoutes = new OpenAPIHono<AppEnv>()
  .openapi(connect, async (c) => {
    const { database, now, config, oaConnect } = c.get("deps");
    if (!oaConnect) return fail(c, "oa_connect_unavailable", "This server has no Zalo app configured: the OA cannot be connected.");
    const auth = c.get("auth");
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(24).toString("base64url");
    const at = now();
    const expiresAt = new Date(at + OA_CONNECT_TTL_MS);
    // Finished and abandoned flows are of no use once expired: the table holds only live ones.
    await database.db
      .delete(oaConnectStates)
      .where(and(eq(oaConnectStates.brandId, auth.brandId), lte(oaConnectStates.expiresAt, new Date(at))));
    await database.db.insert(oaConnectStates).values({
      stateHash: hashState(state),
      brandId: auth.brandId,
      userId: auth.userId,
      sessionId: auth.sessionId,
      codeVerifier: verifier,
      createdAt: new Date(at),
      expiresAt,
    });
    const consentUrl = oaConsentUrl(oaConnect.oauth, redirectUri(config.publicUrl), pkceChallenge(verifier), state);
    return c.json({ consentUrl, expiresAt: expiresAt.toISOString() }, 200);
  })
  .openapi(callback, async (c) => {
    const { database, now, config, oaConnect, log } = c.get("deps");
    const back = (result: OaConnectResult) =>
      c.redirect(`${config.publicUrl.replace(/\/+$/, "")}/console/messages?tab=zalo&oa=${result}`, 302);
    if (!oaConnect) return fail(c, "oa_connect_unavailable", "This server has no Zalo app configured: the OA cannot be connected.");
    const q = c.req.valid("query");
    if (!q.state) return back("state_invalid");
    // Taken once, whatever follows: a replayed or leaked state finds it used.
    const [row] = await database.db
      .update(oaConnectStates)
      .set({ usedAt: new Date(now()) })
      .where(and(eq(oaConnectStates.stateHash, hashState(q.state)), isNull(oaConnectStates.usedAt)))
      .returning();
    if (!row) return back("state_invalid");
    if (row.expiresAt.getTime() <= now()) return back("state_expired");
    if (!(await c.get("sessions").isLive(row.sessionId, row.userId, now()))) return back("state_invalid");
    if (q.error || !q.code) return back("denied");
    const out = await exchangeOaCode(oaConnect.oauth, q.code, row.codeVerifier);
    if (!out.ok) {
      log.warn(
        { brandId: row.brandId, kind: out.kind, zaloError: out.zaloError, message: out.message },
        "OA connect: code exchange failed",
      );
      return back("exchange_failed");
    }
    await oaConnect.store.save(row.brandId, out.value);
    await database.db.insert(auditEvents).values({
      brandId: row.brandId,
      actorId: row.userId,
      action: "oa_connected",
      subjectId: row.brandId,
      at: new Date(now()),
      detail: { oaId: q.oa_id ?? null, expiresInSeconds: out.value.expiresInSeconds },
    });
    return back("connected");
  })
  .openapi(status, async (c) => c.json(await oaStatusView(c.get("deps"), c.get("auth").brandId), 200));

/** The OA's connection as the console shows it (the messaging page's panel and the Zalo page). */
export async function oaStatusView({ database, config, oaConnect }: Deps, brandId: string): Promise<z.infer<typeof OaStatus>> {
  const [row] = await database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
  return {
    connectable: !!oaConnect,
    state: !row ? "not_connected" : row.disconnectedAt ? "disconnected" : "connected",
    oaId: config.oaId,
    expiresAt: row?.expiresAt.toISOString() ?? null,
    lastRefreshAt: row?.updatedAt.toISOString() ?? null,
    reconnectNeeded: !!row?.disconnectedAt,
    reason: row?.disconnectReason ?? null,
    zaloError: row?.disconnectZaloError ?? null,
    redirectUri: redirectUri(config.publicUrl),
  };
}
