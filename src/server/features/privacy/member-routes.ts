import { OpenAPIHono } from "@hono/zod-openapi";
import { preferenceEndpoints } from "../../../contract/endpoints/preferences";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { eraseMember, exportMember } from "./privacy";

/** The member's data rights (export, erase): mounted at / (the Mini App's paths), behind requireMember. */
const route = routesAt("");
const tags = ["Preferences & privacy"];

const getExport = route(preferenceEndpoints.exportData, {
  tags,
  summary: "Download my data: everything held about the member, as one JSON file (logged)",
  access: ROLES,
  guards: [requireMember],
  ok: "The member's data",
});

const postErase = route(preferenceEndpoints.erase, {
  tags,
  summary: "Delete my account: personal data erased at once, points written off, messaging stopped (logged)",
  access: ROLES,
  guards: [requireMember],
  ok: "Erased",
});

export const privacyMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getExport, async (c) => {
    const { database, now, log } = c.get("deps");
    const m = c.get("member");
    const data = await exportMember(database.db, now(), m);
    log.info({ reqId: c.get("requestId"), memberId: m.id }, "privacy: data exported");
    c.header("content-disposition", `attachment; filename="loyalloop-${data.membership.memberNo as string}.json"`);
    return c.json(data, 200);
  })
  .openapi(postErase, async (c) => {
    const { database, now, log } = c.get("deps");
    const m = c.get("member");
    const out = await eraseMember(database.db, now(), m);
    if (!out.ok) return fail(c, out.code, out.message);
    // Erasure revoked every session of the user; their access tokens end here at once.
    c.get("sessions").forgetUser(m.userId);
    log.info({ reqId: c.get("requestId"), memberId: m.id, pointsForfeited: out.value.pointsForfeited }, "privacy: account erased");
    return c.json(out.value, 200);
  });
