import { z } from "zod";
import { IMPORT_COLUMNS } from "../domain/members/member-import";
import { text } from "./text";

/**
 * Member import (issue 17, docs/import.md). The file travels as the raw request body (CSV or
 * .xlsx, at most IMPORT_MAX_BYTES), not JSON: its name says which kind it is.
 */
export const MemberImportFileQuery = z.object({
  fileName: text()
    .min(1)
    .max(200)
    .meta({ description: "The file's name as chosen; .csv or .xlsx decides how it is read", example: "hoi-vien.xlsx" }),
});

export const MemberImportRunQuery = MemberImportFileQuery.extend({
  importId: z.uuid().meta({
    description: "Made by the caller before the upload: the job to poll for progress, and the retry key (the same id answers the same job)",
  }),
});

export const ImportColumnSchema = z.enum(IMPORT_COLUMNS);

/** One problem of one row: `field` is the column, `params.row` the row as the spreadsheet numbers it (header = 1). */
export const ImportRowProblemSchema = z
  .object({
    code: z.string(),
    field: ImportColumnSchema,
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: "ImportRowProblem" });

export const MemberImportDryRun = z
  .object({
    fileName: z.string(),
    /** Rows after the header. */
    total: z.number().int(),
    /** Good rows not imported before whose phone no joined member has: new (placeholder) members the import would add. */
    toImport: z.number().int(),
    /**
     * Good rows not imported before whose phone ONE member who joined through Zalo has: merged
     * into that member (opening balance, tier if higher, birthday and name if they have none).
     */
    toMerge: z.number().int(),
    /** Good rows whose phone an earlier import already brought in: left as they are. */
    alreadyImported: z.number().int(),
    /** Rows with at least one problem: not imported. */
    refused: z.number().int(),
    /** The first problems (at most IMPORT_PROBLEMS_SHOWN), by row. */
    problems: z.array(ImportRowProblemSchema),
    problemCount: z.number().int(),
    /** Points the imported rows would bring in, in all (new and merged). */
    points: z.number().int(),
    /** The part of `points` that goes to members who had already joined (the `toMerge` rows). */
    mergePoints: z.number().int(),
  })
  .meta({ id: "MemberImportDryRun" });
export type MemberImportDryRun = z.infer<typeof MemberImportDryRun>;

export const MemberImportJob = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    status: z.enum(["running", "done", "failed"]),
    total: z.number().int(),
    processed: z.number().int(),
    imported: z.number().int(),
    skipped: z.number().int(),
    /** Good rows merged into a member who had already joined with that phone. */
    merged: z.number().int(),
    refused: z.number().int(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "MemberImportJob" });
export type MemberImportJob = z.infer<typeof MemberImportJob>;
