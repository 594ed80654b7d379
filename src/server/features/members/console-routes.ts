import { OpenAPIHono } from "@hono/zod-openapi";
import { consoleEndpoints } from "../../../contract/endpoints/console";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { routesAt } from "../../http/route";
import { memberList } from "./console-queries";

/** Mounted at /console. */
const route = routesAt("/console");

const listMembers = route(consoleEndpoints.listMembers, {
  tags: ["Console"],
  summary: "Members of the brand, newest first, with search by name, card number or phone",
  access: CONSOLE_ROLES,
  limit: "search",
  ok: "A page of members",
});

export const membershipConsoleRoutes = new OpenAPIHono<AppEnv>().openapi(listMembers, async (c) =>
  c.json(await memberList(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query")), 200),
);
