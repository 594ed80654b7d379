import { z } from "zod";
import type { Problem as DomainProblem } from "../domain/problems";

/**
 * A problem as data (src/domain/problems.ts): what validators report and error bodies list.
 * `code` is an open string on the wire: a client meeting a code it does not know (a newer
 * server) shows the code itself rather than failing to read the answer.
 */
export const Problem = z
  .object({
    code: z.string(),
    /** A dotted path into what was checked: "questions.2.options.0.id", "params.1.name". */
    field: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: "Problem" }) satisfies z.ZodType<DomainProblem>;
export type Problem = z.infer<typeof Problem>;
