import { OpenAPIHono } from "@hono/zod-openapi";
import { segmentEndpoints } from "../../../contract/endpoints/segments";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome, type Issue } from "../../http/errors";
import { routesAt } from "../../http/route";
import { countMatching, explainMember, ruleIssues, sampleMatching } from "./queries";
import { archiveSegment, createSegment, listSegments, segmentDetail, segmentVersion, updateSegment, type SaveOutcome } from "./saved";

/**
 * Segments in the console (issue 15): mounted at /console. Marketers build and save segments as
 * managers do. Counting, sampling and explaining run a statement over the brand's members, so
 * they count against the `search` limit (60 a minute per user: a debounced builder stays far below).
 */
const route = routesAt("/console");
const tags = ["Segments (console)"];
const WRITERS = ["marketer", ...MANAGERS] as const;
const invalid = { 422: "segment_invalid, with issues per condition (domain/segments/rule.ts SEGMENT_RULE_PROBLEM_CODES)" };

const count = route(segmentEndpoints.countSegment, {
  tags,
  summary: "How many members a draft rule matches now",
  access: WRITERS,
  limit: "search",
  ok: "Count",
  errors: invalid,
});

const sample = route(segmentEndpoints.sampleSegment, {
  tags,
  summary: "A page of the members a draft rule matches, by card number",
  access: WRITERS,
  limit: "search",
  ok: "Members",
  errors: invalid,
});

const explain = route(segmentEndpoints.explainSegment, {
  tags,
  summary: "Why a member is in or out: each condition's value and result",
  access: WRITERS,
  limit: "search",
  ok: "Explanation",
  errors: { ...invalid, 404: "member_not_found" },
});

const list = route(segmentEndpoints.listSegments, {
  tags,
  summary: "The brand's saved segments, last changed first",
  access: CONSOLE_ROLES,
  ok: "Segments",
});

const create = route(segmentEndpoints.createSegment, {
  tags,
  summary: "Save a segment (version 1)",
  access: WRITERS,
  ok: "Created",
  errors: invalid,
});

const get = route(segmentEndpoints.getSegment, {
  tags,
  summary: "One segment, its current rule and its versions",
  access: CONSOLE_ROLES,
  ok: "Segment",
  errors: { 404: "segment_not_found" },
});

const update = route(segmentEndpoints.updateSegment, {
  tags,
  summary: "Save a new version; campaigns keep the version they were sent to",
  access: WRITERS,
  ok: "Saved",
  errors: { ...invalid, 404: "segment_not_found", 409: "segment_version_conflict (saved since basedOnVersion) or segment_archived" },
});

const version = route(segmentEndpoints.getSegmentVersion, {
  tags,
  summary: "One version of a segment as it was saved",
  access: CONSOLE_ROLES,
  ok: "Version",
  errors: { 404: "segment_not_found" },
});

const archive = route(segmentEndpoints.archiveSegment, {
  tags,
  summary: "Archive: gone from the list and from new campaigns; versions stay readable",
  access: WRITERS,
  ok: "Archived",
  errors: { 404: "segment_not_found", 409: "segment_archived" },
});

type Ctx = Parameters<typeof fail>[0];

const invalidRule = (c: Ctx, issues: Issue[]) => fail(c, "segment_invalid", "The segment's rule has problems.", issues);

function refusedSave(c: Ctx, out: Exclude<SaveOutcome, { ok: true }>): never {
  return "issues" in out ? fail(c, out.code, out.message, out.issues) : failOutcome(c, out);
}

export const segmentConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(count, async (c) => {
    const { rule } = c.req.valid("json");
    const { database, now } = c.get("deps");
    const issues = await ruleIssues(database.db, c.get("auth").brandId, rule);
    if (issues.length) return invalidRule(c, issues);
    return c.json(await countMatching(database.db, c.get("auth").brandId, rule, now()), 200);
  })
  .openapi(sample, async (c) => {
    const { rule, limit, after } = c.req.valid("json");
    const { database, now } = c.get("deps");
    const issues = await ruleIssues(database.db, c.get("auth").brandId, rule);
    if (issues.length) return invalidRule(c, issues);
    return c.json(await sampleMatching(database.db, c.get("auth").brandId, rule, now(), { limit, after }), 200);
  })
  .openapi(explain, async (c) => {
    const { rule, memberId } = c.req.valid("json");
    const { database, now } = c.get("deps");
    const issues = await ruleIssues(database.db, c.get("auth").brandId, rule);
    if (issues.length) return invalidRule(c, issues);
    const out = await explainMember(database.db, c.get("auth").brandId, rule, memberId, now());
    return out ? c.json(out, 200) : fail(c, "member_not_found", "No such member.");
  })
  .openapi(list, async (c) =>
    c.json(
      { segments: await listSegments(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query").archived === "true") },
      200,
    ),
  )
  .openapi(create, async (c) => {
    const { database, now } = c.get("deps");
    const out = await createSegment(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 201) : refusedSave(c, out);
  })
  .openapi(get, async (c) => {
    const detail = await segmentDetail(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").segmentId);
    return detail ? c.json(detail, 200) : fail(c, "segment_not_found", "No such segment.");
  })
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateSegment(database.db, now(), c.get("auth"), c.req.valid("param").segmentId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : refusedSave(c, out);
  })
  .openapi(version, async (c) => {
    const { segmentId, version: v } = c.req.valid("param");
    const found = await segmentVersion(c.get("deps").database.db, c.get("auth").brandId, segmentId, v);
    return found ? c.json(found, 200) : fail(c, "segment_not_found", "No such segment version.");
  })
  .openapi(archive, async (c) => {
    const { database, now } = c.get("deps");
    const out = await archiveSegment(database.db, now(), c.get("auth").brandId, c.req.valid("param").segmentId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });
