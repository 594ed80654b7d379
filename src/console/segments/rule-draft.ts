/**
 * Editing a rule tree without mutating it: each edit names a node by its path (the same
 * "items.1.items.0" the server's problems use) and returns a new tree. A new condition and a
 * changed field get values that are valid for the field, so the live count can run at once.
 */
import { fieldDef, type FieldDef, type Operator } from "../../domain/segments/fields";
import type { Condition, Group, Rule, RuleNode } from "../../domain/segments/rule";

export const EMPTY_RULE: Rule = { type: "group", combine: "and", items: [] };

/** A condition on `fieldId` with its first operator and a value that passes validation. */
export function defaultCondition(fieldId: string, options: { stores: readonly string[] } = { stores: [] }): Condition {
  const def = fieldDef(fieldId)!;
  const op = def.ops[0]!;
  const c: Condition = { type: "condition", field: def.id, op, ...defaultValue(def, op, options) };
  if (def.arg?.kind === "days") c.days = Math.min(30, def.arg.max);
  if (def.arg?.kind === "key") c.key = Array.isArray(def.arg.options) ? def.arg.options[0] : "";
  return c;
}

/** A value of the right shape for `op` on the field (the builder's starting point). */
export function defaultValue(def: FieldDef, op: Operator, options: { stores: readonly string[] }): Pick<Condition, "value"> {
  const spec = def.value;
  if (op === "is_set" || op === "is_not_set") return {};
  if (op === "is") return { value: true };
  if (spec.kind === "date") return op === "between" ? { value: ["2026-01-01", "2026-12-31"] } : { value: "2026-01-01" };
  if (spec.kind === "integer") {
    const start = Math.max(spec.min, Math.min(spec.max, spec.unit === "month" ? 1 : spec.unit === "days" ? 7 : 1));
    if (op === "between") return { value: [start, Math.min(spec.max, start * 10)] };
    if (op === "in" || op === "not_in") return { value: [start] };
    return { value: start };
  }
  if (spec.kind === "enum" || spec.kind === "set") {
    const first = Array.isArray(spec.options) ? spec.options[0] : spec.options === "stores" ? options.stores[0] : undefined;
    return { value: first ? [first] : [] };
  }
  return {};
}

function childAt(group: Group, index: number): RuleNode {
  return group.items[index]!;
}

/** The tree with the node at `path` replaced by `update(node)`; `null` removes it. */
export function updateAt(rule: Rule, path: string, update: (node: RuleNode) => RuleNode | null): Rule {
  if (path === "") return (update(rule) as Rule | null) ?? EMPTY_RULE;
  const [head, ...rest] = path.split(".items.");
  const index = Number(head!.replace(/^items\./, ""));
  const items = [...rule.items];
  const child = childAt(rule, index);
  if (rest.length === 0) {
    const next = update(child);
    if (next === null) items.splice(index, 1);
    else items[index] = next;
  } else {
    items[index] = updateAt(child as Group, `items.${rest.join(".items.")}`, update);
  }
  return { ...rule, items };
}
