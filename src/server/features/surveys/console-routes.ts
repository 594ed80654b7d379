import { OpenAPIHono } from "@hono/zod-openapi";
import { surveyEndpoints } from "../../../contract/endpoints/surveys";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import {
  createSurvey,
  listSurveys,
  setSurveyStatus,
  surveyDetail,
  surveyLinks,
  surveyMac,
  updateSurvey,
  type SaveOutcome,
} from "./definitions";
import { sendExport } from "../exports/export-stream";
import { exportSurveyAnswers } from "./answers-export";
import { surveySettings, updateSurveySettings } from "./settings";

/** Surveys in the console: mounted at /console. Marketers write surveys as managers do; reading is for every console role. */
const route = routesAt("/console");
const tags = ["Surveys (console)"];
const WRITERS = ["marketer", ...MANAGERS] as const;

const list = route(surveyEndpoints.listSurveys, {
  tags,
  summary: "The brand's surveys, newest first",
  access: CONSOLE_ROLES,
  ok: "Surveys",
});

const answersExport = route(surveyEndpoints.exportSurveyAnswers, {
  tags,
  summary: "A survey's current answers as CSV or XLSX; the member as the role may see them (decision 0047)",
  description:
    "format=csv (default): RFC 4180 CSV, UTF-8 with a BOM; format=xlsx: one worksheet. Oldest first, streamed in batches; the " +
    "x-row-count header gives the rows before the body; each export is recorded in the audit log. Answer time, the member " +
    "(managers and admins: card number, name, masked phone; marketers: card number), score, category, reasons, comment, store.",
  access: CONSOLE_ROLES,
  limit: "export",
  ok: "The file (CSV or XLSX), as an attachment",
  errors: { 404: "survey_not_found" },
});

const create = route(surveyEndpoints.createSurvey, {
  tags,
  summary: "Create a survey (a draft, version 1)",
  access: WRITERS,
  ok: "Created",
  errors: { 422: "survey_invalid, with issues (validateSurvey's codes and store_unknown)" },
});

const get = route(surveyEndpoints.getSurvey, {
  tags,
  summary: "One survey with its version history",
  access: CONSOLE_ROLES,
  ok: "Survey",
  errors: { 404: "survey_not_found" },
});

const update = route(surveyEndpoints.updateSurvey, {
  tags,
  summary: "Save a new version; answers keep the version they answered",
  access: WRITERS,
  ok: "Saved",
  errors: {
    404: "survey_not_found",
    409: "survey_version_conflict (saved since basedOnVersion) or survey_archived",
    422: "survey_invalid, with issues; kind_changed when the kind differs",
  },
});

const activate = route(surveyEndpoints.activateSurvey, {
  tags,
  summary: "Start taking answers (and, for post_purchase, asking after each earn)",
  access: WRITERS,
  ok: "Active",
  errors: { 404: "survey_not_found", 409: "survey_archived" },
});

const archive = route(surveyEndpoints.archiveSurvey, {
  tags,
  summary: "Stop for good; answers stay",
  access: WRITERS,
  ok: "Archived",
  errors: { 404: "survey_not_found", 409: "survey_archived" },
});

const links = route(surveyEndpoints.surveyLinks, {
  tags,
  summary: "The survey's deep link (https://zalo.me/s/<APP_ID>/survey/<id>) and, with storeId, an in-store link with a signed store token",
  access: CONSOLE_ROLES,
  ok: "Links",
  errors: { 404: "survey_not_found, or not_found for a store that is not the brand's" },
});

const getSettings = route(surveyEndpoints.surveySettings, {
  tags,
  summary: "The brand's survey settings: at most one survey ask per member across all surveys per N days, with the last change",
  access: CONSOLE_ROLES,
  ok: "Settings",
});

const putSettings = route(surveyEndpoints.updateSurveySettings, {
  tags,
  summary: "Change the survey settings (managers); every change is recorded in the audit log",
  description:
    "globalThrottleDays from 0 (no rule across surveys; each survey's own throttle still holds) to 90. A change writes an " +
    "audit_events row (survey_settings_changed: who, when, from, to) in the same transaction; the same value again changes nothing. " +
    "Marketers get 403 forbidden.",
  access: MANAGERS,
  ok: "Saved",
  errors: { 422: "survey_settings_invalid, with issues (throttle_range, params.min and params.max)" },
});

/** A refused save: survey_invalid carries its issues. */
function refusedSave(c: Parameters<typeof failOutcome>[0], out: Exclude<SaveOutcome, { ok: true }>): never {
  return "issues" in out ? fail(c, out.code, out.message, out.issues) : failOutcome(c, out);
}

export const surveyConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json({ surveys: await listSurveys(c.get("deps").database.db, c.get("auth").brandId) }, 200))
  .openapi(answersExport, async (c) => {
    const { database, now } = c.get("deps");
    const out = await exportSurveyAnswers(database.db, now(), c.get("auth"), c.req.valid("param").surveyId, c.req.valid("query"));
    return out ? sendExport(c, out) : fail(c, "survey_not_found", "No such survey in this brand.");
  })
  .openapi(create, async (c) => {
    const { database, now } = c.get("deps");
    const out = await createSurvey(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 201) : refusedSave(c, out);
  })
  .openapi(get, async (c) => {
    const detail = await surveyDetail(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").surveyId);
    return detail ? c.json(detail, 200) : fail(c, "survey_not_found", "No such survey.");
  })
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateSurvey(database.db, now(), c.get("auth"), c.req.valid("param").surveyId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : refusedSave(c, out);
  })
  .openapi(activate, async (c) => {
    const { database, now } = c.get("deps");
    const out = await setSurveyStatus(database.db, now(), c.get("auth").brandId, c.req.valid("param").surveyId, "active");
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(archive, async (c) => {
    const { database, now } = c.get("deps");
    const out = await setSurveyStatus(database.db, now(), c.get("auth").brandId, c.req.valid("param").surveyId, "archived");
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(getSettings, async (c) => c.json(await surveySettings(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(putSettings, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateSurveySettings(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, "survey_settings_invalid", "The survey settings are out of range.", out.issues);
  })
  .openapi(links, async (c) => {
    const deps = c.get("deps");
    const out = await surveyLinks(
      deps.database.db,
      { now: deps.now(), mac: surveyMac(deps.config.sessionSecret), publicUrl: deps.config.publicUrl },
      c.get("auth").brandId,
      c.req.valid("param").surveyId,
      c.req.valid("query").storeId,
    );
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });
