/**
 * What every console export shares (issue 17 "Exports"): the same query (`format`, `locale`), the
 * row count the server sends before the file so the console can show progress, and the body's
 * two media types. One mechanism serves them all (server/features/exports/export-stream.ts).
 */
import { z } from "zod";
import { LocaleSchema } from "./common";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);

/** The header with the number of data rows in the file, known before the first byte is sent. */
export const EXPORT_ROW_COUNT_HEADER = "x-row-count";

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_MEDIA_TYPE = "text/csv; charset=utf-8";

/** `format` (csv by default) and the header row's language (vi by default). */
export const ExportQuery = z.object({ format: ExportFormatSchema.default("csv"), locale: LocaleSchema.default("vi") });

/** The body: RFC 4180 CSV (UTF-8 with a BOM) or an Office Open XML workbook with one sheet. */
export const ExportFile = z.string().meta({
  id: "ExportFile",
  description: `text/csv; charset=utf-8 with a BOM, or ${XLSX_MEDIA_TYPE} (format=xlsx); the ${EXPORT_ROW_COUNT_HEADER} header gives the data rows`,
});
