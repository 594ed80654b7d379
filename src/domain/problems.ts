/**
 * A problem a validator found, as data: a stable `code` a UI translates with its own tables,
 * where it is (`field`, a dotted path into what was checked, e.g. "questions.2.options.0.id"),
 * and the values the sentence needs (`params`, e.g. { max: 120 }). Never English prose: the
 * console and the Mini App say it in the member's or the manager's language, and a change of
 * wording can never break a translation. Every validator of the domain uses this one shape.
 */
export type ProblemParams = Record<string, string | number>;
export type Problem<Code extends string = string> = { code: Code; field?: string; params?: ProblemParams };

/** A problem, leaving out what it does not have (so `toEqual` and JSON stay minimal). */
export function problem<Code extends string>(code: Code, field?: string, params?: ProblemParams): Problem<Code> {
  const out: Problem<Code> = { code };
  if (field !== undefined) out.field = field;
  if (params !== undefined) out.params = params;
  return out;
}

/** One line for logs and thrown errors: "questions.0.id: id_format {"max":40}". Not for people. */
export function problemsForLog(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.field ? `${p.field}: ` : ""}${p.code}${p.params ? ` ${JSON.stringify(p.params)}` : ""}`).join("; ");
}
