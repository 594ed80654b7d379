import { OpenAPIHono } from "@hono/zod-openapi";
import { gameConsoleEndpoints } from "../../../contract/endpoints/game";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { sendExport } from "../exports/export-stream";
import {
  campaignDetail,
  createGameCampaign,
  listCampaigns,
  previewOdds,
  setGameStatus,
  updateGameCampaign,
  type SaveOutcome,
} from "./console";
import { drawLogExport, gameResults } from "./results";
import { gameSettings, updateGameSettings } from "./settings";

/** Wheel campaigns in the console (issue 14): managers create, edit, publish, pause, resume; every console role reads. */
const route = routesAt("/console");
const tags = ["Lucky wheel (console)"];

const list = route(gameConsoleEndpoints.listGameCampaigns, {
  tags,
  summary: "The brand's wheel campaigns, newest first",
  access: CONSOLE_ROLES,
  ok: "Campaigns",
});

const create = route(gameConsoleEndpoints.createGameCampaign, {
  tags,
  summary: "Create a wheel campaign (a draft, version 1)",
  access: MANAGERS,
  ok: "Created",
  errors: { 422: "game_invalid, with issues (validateWheelCampaign's codes, reward_unknown, store_unknown)" },
});

const get = route(gameConsoleEndpoints.getGameCampaign, {
  tags,
  summary: "One campaign with its version history",
  access: CONSOLE_ROLES,
  ok: "Campaign",
  errors: { 404: "game_not_found" },
});

const update = route(gameConsoleEndpoints.updateGameCampaign, {
  tags,
  summary: "Save a new version; draws keep the version they were drawn under",
  description:
    "Every save that changes anything is a new immutable version (changesOdds says whether odds, prizes or caps moved), so " +
    "the rules a member read stay true for the draws made under them. A segment's stock is what the campaign gives in all: " +
    "a kept segment's stock left becomes stock − won.",
  access: MANAGERS,
  ok: "Saved",
  errors: {
    404: "game_not_found",
    409: "game_version_conflict (saved since basedOnVersion) or game_status_conflict (ended)",
    422: "game_invalid, with issues",
  },
});

const preview = route(gameConsoleEndpoints.previewGameOdds, {
  tags,
  summary: "Each segment's probability under a config, after stock and today's budgets (the editor's live preview)",
  access: CONSOLE_ROLES,
  ok: "Odds",
});

const transition = (
  endpoint: (typeof gameConsoleEndpoints)["publishGameCampaign" | "pauseGameCampaign" | "resumeGameCampaign"],
  from: string,
) =>
  route(endpoint, {
    tags,
    summary: `Change the campaign's status (from ${from})`,
    access: MANAGERS,
    ok: "Campaign",
    errors: { 404: "game_not_found", 409: `game_status_conflict (params.status: not ${from})` },
  });
const publish = transition(gameConsoleEndpoints.publishGameCampaign, "draft");
const pause = transition(gameConsoleEndpoints.pauseGameCampaign, "running");
const resume = transition(gameConsoleEndpoints.resumeGameCampaign, "paused");

const results = route(gameConsoleEndpoints.gameResults, {
  tags,
  summary: "Spins, players, wins by prize, stock left, cost in points, vouchers and VND, plays earned by action, per day",
  access: CONSOLE_ROLES,
  ok: "Results",
  errors: { 404: "game_not_found" },
});

const drawLog = route(gameConsoleEndpoints.gameDrawLog, {
  tags,
  summary: "The draw log as CSV or XLSX: what replays each draw through the domain, and its outcome",
  description:
    "format=csv (default): RFC 4180 CSV, UTF-8 with a BOM; format=xlsx: one worksheet. Oldest first, streamed, the x-row-count " +
    "header gives the rows; each export is recorded in the audit log. Members appear as a per-campaign pseudonym. weights, stock_left " +
    "and reward_available are JSON arrays in segment order of the row's version.",
  access: CONSOLE_ROLES,
  limit: "export",
  ok: "The file (CSV or XLSX), as an attachment",
  errors: { 404: "game_not_found" },
});

const getSettings = route(gameConsoleEndpoints.gameSettings, {
  tags,
  summary: "The brand's game settings: the point value in VND the results cost points at, with the last change",
  access: CONSOLE_ROLES,
  ok: "Settings",
});

const putSettings = route(gameConsoleEndpoints.updateGameSettings, {
  tags,
  summary: "Change the game settings (managers); every change is recorded in the audit log",
  description:
    "pointValueVnd from 1 to 1,000,000, or null (not set: the results show points only). A change writes an audit_events row " +
    "(game_settings_changed: who, when, from, to) in the same transaction; the same value again changes nothing. Marketers get " +
    "403 forbidden.",
  access: MANAGERS,
  ok: "Saved",
  errors: { 422: "game_settings_invalid, with issues (point_value_range, params.min and params.max)" },
});

function refusedSave(c: Parameters<typeof failOutcome>[0], out: Exclude<SaveOutcome, { ok: true }>): never {
  return "issues" in out ? fail(c, out.code, out.message, out.issues) : failOutcome(c, out);
}

export const gameConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json({ campaigns: await listCampaigns(c.get("deps").database.db, c.get("auth").brandId) }, 200))
  .openapi(create, async (c) => {
    const { database, now } = c.get("deps");
    const out = await createGameCampaign(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 201) : refusedSave(c, out);
  })
  // Before /games/{campaignId}: a literal path wins over the parameter.
  .openapi(preview, async (c) => {
    const { database, now } = c.get("deps");
    const { campaignId, ...input } = c.req.valid("json");
    return c.json(await previewOdds(database.db, now(), c.get("auth").brandId, input, campaignId), 200);
  })
  .openapi(getSettings, async (c) => c.json(await gameSettings(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(putSettings, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateGameSettings(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, "game_settings_invalid", "The game settings are out of range.", out.issues);
  })
  .openapi(get, async (c) => {
    const detail = await campaignDetail(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    return detail ? c.json(detail, 200) : fail(c, "game_not_found", "No such campaign.");
  })
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateGameCampaign(database.db, now(), c.get("auth"), c.req.valid("param").campaignId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : refusedSave(c, out);
  })
  .openapi(publish, async (c) => {
    const { database, now } = c.get("deps");
    const out = await setGameStatus(database.db, now(), c.get("auth"), c.req.valid("param").campaignId, "publish");
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(pause, async (c) => {
    const { database, now } = c.get("deps");
    const out = await setGameStatus(database.db, now(), c.get("auth"), c.req.valid("param").campaignId, "pause");
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(resume, async (c) => {
    const { database, now } = c.get("deps");
    const out = await setGameStatus(database.db, now(), c.get("auth"), c.req.valid("param").campaignId, "resume");
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(results, async (c) => {
    const { database, now } = c.get("deps");
    const out = await gameResults(database.db, c.get("auth").brandId, c.req.valid("param").campaignId, c.req.valid("query"), now());
    return out ? c.json(out, 200) : fail(c, "game_not_found", "No such campaign.");
  })
  .openapi(drawLog, async (c) => {
    const { database, now } = c.get("deps");
    const out = await drawLogExport(database.db, c.get("auth"), c.req.valid("param").campaignId, c.req.valid("query"), now());
    return out ? sendExport(c, out) : fail(c, "game_not_found", "No such campaign.");
  });
