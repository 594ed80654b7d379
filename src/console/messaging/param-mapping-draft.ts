import type { TemplateParam } from "../../domain/messaging/zns-template";
import { MEMBER_FIELDS, type MemberField } from "../../domain/messaging/zns-template";
import type { ParamOverride } from "../../domain/campaigns/mapping";

/**
 * A template's parameter mapping as an editor shows it (campaign arms, triggers): one row per
 * registered parameter saying where its value comes from — the template's registered mapping
 * ("default"), a member field, or fixed text — and an optional fallback. Only rows that differ
 * from the template become overrides (domain/campaigns/mapping.ts), in the rows' order.
 */
export type ParamDraft = { name: string; source: "default" | "fixed" | MemberField; fixed: string; fallback: string };

/** Fields that mean something only in their own automatic messages (domain/campaigns/mapping.ts refuses them elsewhere). */
export const EVENT_FIELDS: readonly MemberField[] = ["survey_link", "transaction_code", "voucher_code", "reward_name", "points_earned"];
/** Fields any mapping may use. */
export const MAPPABLE_FIELDS: readonly MemberField[] = MEMBER_FIELDS.filter((f) => !EVENT_FIELDS.includes(f));

type Registered = { params: readonly TemplateParam[] };

export const emptyParams = (template: Registered | undefined): ParamDraft[] =>
  (template?.params ?? []).map((p) => ({ name: p.name, source: "default", fixed: "", fallback: "" }));

/** The rows for saved overrides: every registered parameter, its override put back on it. */
export function rowsOf(template: Registered | undefined, overrides: readonly ParamOverride[]): ParamDraft[] {
  const names = template ? template.params.map((p) => p.name) : overrides.map((p) => p.name);
  return names.map((name) => {
    const o = overrides.find((p) => p.name === name);
    if (!o) return { name, source: "default" as const, fixed: "", fallback: "" };
    return "fixed" in o.source
      ? { name, source: "fixed" as const, fixed: o.source.fixed, fallback: o.fallback ?? "" }
      : { name, source: o.source.field, fixed: "", fallback: o.fallback ?? "" };
  });
}

/** The overrides the rows make. A "default" row with only a fallback typed keeps the template's registered source. */
export function overridesOf(rows: readonly ParamDraft[], template: Registered | undefined): ParamOverride[] {
  return rows.flatMap((p): ParamOverride[] => {
    const fallback = p.fallback.trim() === "" ? {} : { fallback: p.fallback };
    if (p.source === "fixed") return [{ name: p.name, source: { fixed: p.fixed }, ...fallback }];
    if (p.source !== "default") return [{ name: p.name, source: { field: p.source }, ...fallback }];
    const registered = template?.params.find((x) => x.name === p.name);
    return p.fallback.trim() !== "" && registered ? [{ name: p.name, source: registered.source, fallback: p.fallback }] : [];
  });
}

/** Rows whose fixed text is empty (checked before saving, at `<row>.source.fixed`). */
export const emptyFixedRows = (rows: readonly ParamDraft[]): number[] =>
  rows.flatMap((p, j) => (p.source === "fixed" && p.fixed.trim() === "" ? [j] : []));

/**
 * A server issue's path at an override (`<prefix>.<override index>…`) moved to its row's index
 * (the rows are every parameter of the template, the overrides only those that differ).
 */
export function issuePathAtRow(field: string, prefix: string, overrides: readonly ParamOverride[], rows: readonly ParamDraft[]): string {
  if (!field.startsWith(`${prefix}.`)) return field;
  const m = /^(\d+)(.*)$/.exec(field.slice(prefix.length + 1));
  if (!m) return field;
  const name = overrides[Number(m[1])]?.name;
  const row = rows.findIndex((r) => r.name === name);
  return row < 0 ? field : `${prefix}.${row}${m[2]}`;
}
