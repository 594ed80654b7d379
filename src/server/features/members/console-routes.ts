import { OpenAPIHono } from "@hono/zod-openapi";
import { consoleEndpoints } from "../../../contract/endpoints/console";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { routesAt } from "../../http/route";
import { sendExport } from "../exports/export-stream";
import { memberList } from "./console-queries";
import { exportMembers } from "./members-export";

/** Mounted at /console. */
const route = routesAt("/console");

const listMembers = route(consoleEndpoints.listMembers, {
  tags: ["Console"],
  summary: "Members of the brand, newest first, with search by name, card number or phone",
  access: CONSOLE_ROLES,
  limit: "search",
  ok: "A page of members",
});

const membersExport = route(consoleEndpoints.exportMembers, {
  tags: ["Console"],
  summary:
    "Every member the search finds as CSV or XLSX; what each role gets is in decision 0047; each export is recorded in the audit log",
  description:
    "format=csv (default): RFC 4180 CSV, UTF-8 with a BOM; format=xlsx: one worksheet. Card-number order, streamed in batches; " +
    "the x-row-count header gives the rows before the body. Managers and admins get the name and the phone masked as the list " +
    "shows it; marketers get card number, tier, points and join date only. Members who deleted their account are left out.",
  access: CONSOLE_ROLES,
  limit: "export",
  ok: "The file (CSV or XLSX), as an attachment",
});

export const membershipConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listMembers, async (c) => c.json(await memberList(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query")), 200))
  .openapi(membersExport, async (c) => {
    const { database, now } = c.get("deps");
    return sendExport(c, await exportMembers(database.db, now(), c.get("auth"), c.req.valid("query")));
  });
