import type { TemplateInput, TemplateView } from "../../contract/messaging";
import {
  renderTemplate,
  validateTemplate,
  type MemberField,
  type RenderProblem,
  type TemplateParam,
  type ZnsParamType,
  type ZnsTag,
  type ZnsTemplateKind,
} from "../../domain/messaging/zns-template";
import type { Problem } from "../../domain/problems";
import { EXAMPLE_VALUES, type TriggerName } from "./labels";
import { editorProblem } from "./problems";

/**
 * The template editor's working copy. Inputs hold strings as typed; every parameter has a
 * client key so its problems and its React row follow it when another one is removed.
 */
export type DraftParam = {
  key: string;
  name: string;
  type: ZnsParamType;
  /** A member field, or "fixed" for a value typed here. */
  source: MemberField | "fixed";
  fixed: string;
  fallback: string;
};

export type TemplateDraft = {
  name: string;
  znsTemplateId: string;
  tag: ZnsTag;
  kind: ZnsTemplateKind;
  trigger: TriggerName | "";
  active: boolean;
  preview: string;
  params: DraftParam[];
};

export const LIMITS = { name: 120, params: 20, preview: 1000, value: 200 } as const;

let lastKey = 0;
const newKey = () => `p${++lastKey}`;

export function newParam(): DraftParam {
  return { key: newKey(), name: "", type: "customer_name", source: "name", fixed: "", fallback: "" };
}

export function draftFromTemplate(template: TemplateView | null): TemplateDraft {
  if (!template)
    return {
      name: "",
      znsTemplateId: "",
      tag: "customer_care",
      kind: "custom",
      trigger: "",
      active: true,
      preview: "",
      params: [newParam()],
    };
  return {
    name: template.name,
    znsTemplateId: template.znsTemplateId,
    tag: template.tag,
    kind: template.kind,
    trigger: template.trigger ?? "",
    active: template.active,
    preview: template.preview,
    params: template.params.map((p) => ({
      key: newKey(),
      name: p.name,
      type: p.type,
      source: "field" in p.source ? p.source.field : "fixed",
      fixed: "fixed" in p.source ? p.source.fixed : "",
      fallback: p.fallback ?? "",
    })),
  };
}

/**
 * A new registration prefilled from a template found at Zalo (the sync): its id, its name and its
 * parameters with the suggested types; the customer's name is filled from the member's name,
 * every other parameter waits for the manager to choose its source.
 */
export function draftFromZalo(seed: {
  templateId: string;
  name: string;
  params: readonly { name: string; type: ZnsParamType }[];
}): TemplateDraft {
  return {
    ...draftFromTemplate(null),
    name: seed.name,
    znsTemplateId: seed.templateId,
    params: seed.params.map((p) => ({
      ...newParam(),
      name: p.name,
      type: p.type,
      source: p.type === "customer_name" ? "name" : "fixed",
    })),
  };
}

/**
 * What Save sends. An empty fallback is left out (the server reads "no fallback" as absent),
 * and so is a fixed value's: a fixed value is never empty, so its fallback would never be used.
 */
export function templateFromDraft(draft: TemplateDraft): TemplateInput {
  return {
    name: draft.name.trim(),
    znsTemplateId: draft.znsTemplateId.trim(),
    tag: draft.tag,
    kind: draft.kind,
    params: draft.params.map(paramFromDraft),
    preview: draft.preview.trim(),
    trigger: draft.trigger === "" ? null : draft.trigger,
    active: draft.active,
  };
}

function paramFromDraft(p: DraftParam): TemplateParam {
  const param: TemplateParam = {
    name: p.name.trim(),
    type: p.type,
    source: p.source === "fixed" ? { fixed: p.fixed.trim() } : { field: p.source },
  };
  if (p.source !== "fixed" && p.fallback.trim() !== "") param.fallback = p.fallback.trim();
  return param;
}

export function sameTemplate(a: TemplateDraft, b: TemplateDraft): boolean {
  return JSON.stringify(templateFromDraft(a)) === JSON.stringify(templateFromDraft(b));
}

/**
 * A problem tied to where it is shown: a top-level field ("name", "znsTemplateId", "trigger",
 * "preview", "params", "general"), or with `param` set, a parameter's own field ("name",
 * "type", "fixed", "fallback", or "param" for the parameter as a whole).
 */
export type KeyedProblem = { param: string | null; field: string; problem: Problem };

const TOP_FIELDS = new Set(["name", "znsTemplateId", "tag", "kind", "trigger", "active", "preview", "params"]);
const PARAM_PATH = /^params\.(\d+)(?:\.(.+))?$/;

/**
 * Maps problems onto the draft they were computed for, by their field: a path in the template
 * as sent (validateTemplate's, and the server's template_invalid and invalid_request issues,
 * "params.2.source.fixed", "name"). A parameter's problems follow its key, not its position.
 */
export function keyProblems(problems: readonly Problem[], draft: TemplateDraft): KeyedProblem[] {
  return problems.map((problem) => {
    const path = problem.field ?? "";
    const inParam = PARAM_PATH.exec(path);
    const target = inParam ? draft.params[Number(inParam[1])] : undefined;
    if (inParam && target) {
      const rest = inParam[2] ?? "";
      const field =
        rest === "name" || rest === "type" || rest === "fallback"
          ? rest
          : rest.startsWith("source")
            ? target.source === "fixed"
              ? "fixed"
              : "param"
            : "param";
      return { param: target.key, field, problem };
    }
    return { param: null, field: TOP_FIELDS.has(path) ? path : "general", problem };
  });
}

/**
 * The editor's own check before anything is sent: the domain's rules on exactly what Save
 * would send, the contract's limits, and the two uniqueness rules the server enforces
 * (one template per ZNS id and per trigger), checked against the templates already loaded.
 */
export function draftProblems(draft: TemplateDraft, others: readonly TemplateView[]): KeyedProblem[] {
  const body = templateFromDraft(draft);
  const problems: Problem[] = [];
  if (body.name === "") problems.push(editorProblem("required", "name"));
  else if ([...body.name].length > LIMITS.name) problems.push(editorProblem("too_long", "name", { max: LIMITS.name }));
  if (body.preview === "") problems.push(editorProblem("required", "preview"));
  const idTaken = others.find((o) => o.znsTemplateId === body.znsTemplateId);
  if (body.znsTemplateId !== "" && idTaken) problems.push(editorProblem("zns_id_taken", "znsTemplateId", { name: idTaken.name }));
  const triggerTaken = body.trigger === null ? undefined : others.find((o) => o.trigger === body.trigger);
  if (triggerTaken) problems.push(editorProblem("trigger_taken", "trigger", { name: triggerTaken.name }));
  const missing = new Set<string>();
  for (const found of validateTemplate(body)) {
    // Two parameters with one name missing from the text is one thing to fix, not two.
    if (found.code === "param_not_in_preview") {
      const name = String(found.params?.name);
      if (missing.has(name)) continue;
      missing.add(name);
    }
    problems.push(found);
  }
  draft.params.forEach((p, i) => {
    if (p.source === "fixed" && [...p.fixed.trim()].length > LIMITS.value)
      problems.push(editorProblem("too_long", `params.${i}.source.fixed`, { max: LIMITS.value }));
    if ([...p.fallback.trim()].length > LIMITS.value)
      problems.push(editorProblem("too_long", `params.${i}.fallback`, { max: LIMITS.value }));
  });
  return keyProblems(problems, draft);
}

/** A piece of the preview: text as written, or a parameter with the value shown for it (null: none). */
export type PreviewPart = { kind: "text"; text: string } | { kind: "param"; name: string; value: string | null; known: boolean };

/**
 * The preview text cut into text and parameters, each parameter with its example value: a
 * member field's sample, the fixed value, else the fallback. Unknown <names> stay visible.
 */
export function previewParts(draft: TemplateDraft): PreviewPart[] {
  const params = new Map(draft.params.map((p) => [p.name.trim(), p]));
  const parts: PreviewPart[] = [];
  const pattern = /<([a-z][a-z0-9_]*)>/g;
  let last = 0;
  for (let m = pattern.exec(draft.preview); m !== null; m = pattern.exec(draft.preview)) {
    if (m.index > last) parts.push({ kind: "text", text: draft.preview.slice(last, m.index) });
    const p = params.get(m[1]!);
    parts.push({ kind: "param", name: m[1]!, value: p ? exampleValue(p) : null, known: p !== undefined });
    last = m.index + m[0].length;
  }
  if (last < draft.preview.length) parts.push({ kind: "text", text: draft.preview.slice(last) });
  return parts;
}

function exampleValue(p: DraftParam): string | null {
  const raw = p.source === "fixed" ? p.fixed.trim() : String(EXAMPLE_VALUES[p.source]);
  if (raw !== "") return raw;
  return p.fallback.trim() === "" ? null : p.fallback.trim();
}

/**
 * What the example member's values would break, e.g. a name mapped to a 5-character "title".
 * Only member fields: a bad fixed value is already a problem of the template itself.
 */
export function exampleProblems(draft: TemplateDraft): RenderProblem[] {
  const params = templateFromDraft(draft).params.filter((p) => p.name !== "" && "field" in p.source);
  if (params.length === 0) return [];
  const rendered = renderTemplate({ znsTemplateId: "x", tag: draft.tag, preview: draft.preview, params }, EXAMPLE_VALUES);
  return rendered.ok ? [] : rendered.problems;
}
