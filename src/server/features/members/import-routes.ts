import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { memberImportEndpoints } from "../../../contract/endpoints/member-import";
import { MANAGERS } from "../../../domain/identity/roles";
import { IMPORT_MAX_BYTES } from "../../../domain/members/member-import";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { dryRunImport, importJob, runImport, type ImportRefusal } from "./import";

/** The console's member import (issue 17, docs/import.md): admins and managers. */
const route = routesAt("/console");
const tags = ["Members (console)"];

/** The file is the body itself (not JSON): documented here, read by fileBody. */
const fileBody = {
  body: {
    required: true,
    description: `The file, at most ${IMPORT_MAX_BYTES} bytes: CSV (UTF-8, comma or semicolon) or Excel .xlsx (its first sheet).`,
    content: {
      "text/csv": { schema: z.string() },
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().meta({ format: "binary" }) },
      "application/octet-stream": { schema: z.string().meta({ format: "binary" }) },
    },
  },
};
const withFile = <R extends { request: object }>(r: R): R => ({ ...r, request: { ...r.request, ...fileBody } });

const fileErrors = {
  413: "import_file_too_large (more than 20 MB)",
  415: "import_file_type: not .csv or .xlsx, or not a workbook",
  422: "import_file_invalid (issues: import_file_empty, import_column_missing, import_column_duplicate, import_too_many_rows, csv_not_utf8, csv_unterminated_quote, csv_quote_in_field)",
};

const dryRun = withFile(
  route(memberImportEndpoints.dryRun, {
    tags,
    summary: "Check a member file: counts and the first row-level problems (row, column, code); changes nothing",
    access: MANAGERS,
    limit: "import",
    ok: "What an import of this file would do",
    errors: fileErrors,
  }),
);
const run = withFile(
  route(memberImportEndpoints.run, {
    tags,
    summary: "Import a member file: placeholder members with one opening-balance entry each; phones already imported are skipped",
    description:
      "Runs while the request is open; poll GET /console/member-imports/{importId} for progress. The same importId again answers the same job (409 import_running while it runs).",
    access: MANAGERS,
    limit: "import",
    ok: "The finished job: imported, skipped (already imported), refused",
    errors: { ...fileErrors, 409: "import_running" },
  }),
);
const job = route(memberImportEndpoints.job, {
  tags,
  summary: "An import's progress (processed of total) and result",
  access: MANAGERS,
  ok: "The job",
  errors: { 404: "import_not_found" },
});

const refuse = (c: Context<AppEnv>, out: ImportRefusal) => fail(c, out.code, out.message, out.issues);
/** The file's bytes: app.ts has held the body to the endpoint's upload rule (http/uploads.ts) as it arrived. */
const fileOf = async (c: Context<AppEnv>) => new Uint8Array(await c.req.arrayBuffer());

export const memberImportConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(dryRun, async (c) => {
    const { database, now } = c.get("deps");
    const bytes = await fileOf(c);
    const out = await dryRunImport(database.db, now(), c.get("auth").brandId, c.req.valid("query").fileName, bytes);
    return out.ok ? c.json(out.value, 200) : refuse(c, out);
  })
  .openapi(run, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const bytes = await fileOf(c);
    const { fileName, importId } = c.req.valid("query");
    const out = await runImport(
      database.db,
      now(),
      { userId: auth.userId, brandId: auth.brandId, role: auth.role },
      { importId, fileName, bytes },
    );
    return out.ok ? c.json(out.value, 200) : refuse(c, out);
  })
  .openapi(job, async (c) => {
    const found = await importJob(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").importId);
    return found ? c.json(found, 200) : fail(c, "import_not_found", "No such import.");
  });
