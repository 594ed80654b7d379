/**
 * An arm's parameter mapping: which member field (or fixed text) fills each parameter of its
 * template, and the fallback when the member has no usable value. An arm may override any
 * parameter of the registered template (the template's own mapping is the default), so A/B can
 * compare two templates or two mappings of one template.
 */
import { problem, type Problem } from "../problems";
import { MEMBER_FIELDS, checkValue, type ParamSource, type ZnsTemplate } from "../messaging/zns-template";

export type ParamOverride = { name: string; source: ParamSource; fallback?: string };

export const MAPPING_PROBLEM_CODES = ["param_unknown", "param_duplicate", "field_unknown", "survey_field"] as const;

/** Fields that only mean something in their own messages (a survey's link or purchase, an earn's points). */
const EVENT_FIELDS = new Set(["survey_link", "transaction_code", "voucher_code", "reward_name", "points_earned"]);

/** Problems of overrides against the template, at paths `params.<i>.…` of the overrides. */
export function mappingProblems(template: ZnsTemplate, overrides: readonly ParamOverride[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    const at = `params.${i}`;
    const param = template.params.find((p) => p.name === o.name);
    if (!param) return void out.push(problem("param_unknown", `${at}.name`, { name: o.name }));
    if (seen.has(o.name)) out.push(problem("param_duplicate", `${at}.name`, { name: o.name }));
    seen.add(o.name);
    if ("field" in o.source) {
      if (!(MEMBER_FIELDS as readonly string[]).includes(o.source.field)) out.push(problem("field_unknown", `${at}.source.field`));
      else if (EVENT_FIELDS.has(o.source.field)) out.push(problem("survey_field", `${at}.source.field`, { field: o.source.field }));
    } else {
      const check = checkValue(param.type, o.source.fixed);
      if (!check.ok) out.push({ ...check.problem, field: `${at}.source.fixed` });
    }
    if (o.fallback !== undefined) {
      const check = checkValue(param.type, o.fallback);
      if (!check.ok) out.push({ ...check.problem, field: `${at}.fallback` });
    }
  });
  return out;
}

/** The template with the arm's overrides applied (types stay the template's). */
export function withOverrides<T extends ZnsTemplate>(template: T, overrides: readonly ParamOverride[]): T {
  const by = new Map(overrides.map((o) => [o.name, o]));
  return {
    ...template,
    params: template.params.map((p) => {
      const o = by.get(p.name);
      if (!o) return p;
      const { fallback: _old, ...rest } = p;
      return o.fallback === undefined ? { ...rest, source: o.source } : { ...rest, source: o.source, fallback: o.fallback };
    }),
  };
}
