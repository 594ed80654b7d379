import type { Campaign, CampaignInput } from "../../contract/campaigns";
import type { TemplateView } from "../../contract/messaging";
import { sharesValid, type ArmKey } from "../../domain/campaigns/assignment";
import type { ParamOverride } from "../../domain/campaigns/mapping";
import { MEMBER_FIELDS, type MemberField } from "../../domain/messaging/zns-template";
import { problem, type Problem } from "../../domain/problems";
import { fromVietnamLocal, toVietnamLocal } from "../games/campaign-draft";

/**
 * The campaign editor's state: what the form shows, turned into the contract's CampaignInput
 * only on save. A parameter row says where its value comes from: the template's registered
 * mapping ("default"), a member field, or fixed text; only rows that differ from the template
 * become overrides, so A/B with one template compares two mappings.
 */
export type ParamDraft = { name: string; source: "default" | "fixed" | MemberField; fixed: string; fallback: string };
export type ArmDraft = { key: ArmKey; templateId: string; sharePercent: number; params: ParamDraft[] };
export type CampaignDraft = {
  name: string;
  segmentId: string;
  segmentVersion: number;
  ab: boolean;
  arms: ArmDraft[];
  controlPercent: number;
  scheduleKind: "now" | "at";
  /** A datetime-local value, Vietnam time. */
  at: string;
  important: boolean;
};

/** Fields that mean something only in their own automatic messages (domain/campaigns/mapping.ts refuses them). */
const EVENT_FIELDS: readonly MemberField[] = ["survey_link", "transaction_code", "voucher_code", "reward_name", "points_earned"];
export const CAMPAIGN_FIELDS: readonly MemberField[] = MEMBER_FIELDS.filter((f) => !EVENT_FIELDS.includes(f));

/** Templates a campaign may use: active and not serving an automatic message. */
export const campaignTemplates = (templates: readonly TemplateView[]) => templates.filter((t) => t.active && t.trigger === null);

export const emptyParams = (template: TemplateView | undefined): ParamDraft[] =>
  (template?.params ?? []).map((p) => ({ name: p.name, source: "default", fixed: "", fallback: "" }));

export function newDraft(): CampaignDraft {
  return {
    name: "",
    segmentId: "",
    segmentVersion: 1,
    ab: false,
    arms: [{ key: "A", templateId: "", sharePercent: 90, params: [] }],
    controlPercent: 10,
    scheduleKind: "now",
    at: "",
    important: false,
  };
}

/** The form's state for a saved campaign (its overrides put back on the template's rows). */
export function draftOf(c: Campaign, templates: readonly TemplateView[]): CampaignDraft {
  return {
    name: c.name,
    segmentId: c.segmentId,
    segmentVersion: c.segmentVersion,
    ab: c.arms.length > 1,
    arms: c.arms.map((a) => {
      const template = templates.find((t) => t.id === a.templateId);
      const names = template ? template.params.map((p) => p.name) : a.params.map((p) => p.name);
      return {
        key: a.key,
        templateId: a.templateId,
        sharePercent: a.sharePercent,
        params: names.map((name) => {
          const o = a.params.find((p) => p.name === name);
          if (!o) return { name, source: "default" as const, fixed: "", fallback: "" };
          return "fixed" in o.source
            ? { name, source: "fixed" as const, fixed: o.source.fixed, fallback: o.fallback ?? "" }
            : { name, source: o.source.field, fixed: "", fallback: o.fallback ?? "" };
        }),
      };
    }),
    controlPercent: c.controlPercent,
    scheduleKind: c.schedule.kind,
    at: c.schedule.kind === "at" ? toVietnamLocal(c.schedule.at) : "",
    important: c.important,
  };
}

/** Turns A/B on (B copies A: same template, same mapping, half of A's share) or off (A takes B's share). */
export function withAb(d: CampaignDraft, on: boolean): CampaignDraft {
  const a = d.arms[0]!;
  if (on) {
    const half = Math.floor(a.sharePercent / 2);
    return {
      ...d,
      ab: true,
      arms: [
        { ...a, sharePercent: a.sharePercent - half },
        { ...a, key: "B", sharePercent: half },
      ],
    };
  }
  return { ...d, ab: false, arms: [{ ...a, sharePercent: 100 - d.controlPercent }] };
}

/** A new control share: a single arm takes the rest; with A/B, B does. */
export function withControl(d: CampaignDraft, controlPercent: number): CampaignDraft {
  const arms = d.arms.map((a) => ({ ...a }));
  if (arms.length === 1) arms[0]!.sharePercent = 100 - controlPercent;
  else arms[1]!.sharePercent = Math.max(0, 100 - controlPercent - arms[0]!.sharePercent);
  return { ...d, controlPercent, arms };
}

export function withShareA(d: CampaignDraft, share: number): CampaignDraft {
  const arms = d.arms.map((a) => ({ ...a }));
  arms[0]!.sharePercent = share;
  if (arms[1]) arms[1].sharePercent = Math.max(0, 100 - d.controlPercent - share);
  return { ...d, arms };
}

/**
 * The draft as the contract's input, overrides in the rows' order. A "default" row with only a
 * fallback typed keeps the template's registered source (hence the templates).
 */
export function inputOf(d: CampaignDraft, templates: readonly TemplateView[]): CampaignInput {
  return {
    name: d.name.trim(),
    segmentId: d.segmentId,
    segmentVersion: d.segmentVersion,
    arms: d.arms.map((a) => {
      const template = templates.find((t) => t.id === a.templateId);
      const params = a.params.flatMap((p): ParamOverride[] => {
        const fallback = p.fallback.trim() === "" ? {} : { fallback: p.fallback };
        if (p.source === "fixed") return [{ name: p.name, source: { fixed: p.fixed }, ...fallback }];
        if (p.source !== "default") return [{ name: p.name, source: { field: p.source }, ...fallback }];
        const registered = template?.params.find((x) => x.name === p.name);
        return p.fallback.trim() !== "" && registered ? [{ name: p.name, source: registered.source, fallback: p.fallback }] : [];
      });
      return { key: a.key, templateId: a.templateId, sharePercent: a.sharePercent, params };
    }),
    controlPercent: d.controlPercent,
    schedule: d.scheduleKind === "at" ? { kind: "at", at: fromVietnamLocal(d.at) } : { kind: "now" },
    important: d.important,
  };
}

/**
 * The server's issues at the form's paths: an override's index (arms.0.params.2…) becomes its
 * row's (the rows are every parameter of the template, the overrides only those that differ).
 */
export function issuesAtRows(issues: readonly Problem[], input: CampaignInput, d: CampaignDraft): Problem[] {
  return issues.map((p) => {
    const m = /^arms\.(\d+)\.params\.(\d+)(.*)$/.exec(p.field ?? "");
    if (!m) return p;
    const name = input.arms[Number(m[1])]?.params[Number(m[2])]?.name;
    const row = d.arms[Number(m[1])]?.params.findIndex((r) => r.name === name) ?? -1;
    return row < 0 ? p : { ...p, field: `arms.${m[1]}.params.${row}${m[3]}` };
  });
}

/** What the editor checks before sending, at the paths the server would use. */
export function draftProblems(d: CampaignDraft): Problem[] {
  const out: Problem[] = [];
  if (!d.name.trim()) out.push(problem("required", "name"));
  if (!d.segmentId) out.push(problem("required", "segmentId"));
  d.arms.forEach((a, i) => {
    if (!a.templateId) out.push(problem("required", `arms.${i}.templateId`));
    a.params.forEach((p, j) => {
      if (p.source === "fixed" && p.fixed.trim() === "") out.push(problem("required", `arms.${i}.params.${j}.source.fixed`));
    });
  });
  const valid =
    Number.isInteger(d.controlPercent) &&
    d.arms.every((a) => Number.isInteger(a.sharePercent)) &&
    sharesValid({ arms: d.arms, controlPercent: d.controlPercent }) &&
    d.arms.every((a) => a.sharePercent > 0);
  if (!valid) out.push(problem("shares_invalid", "arms"));
  if (d.scheduleKind === "at" && fromVietnamLocal(d.at) === "") out.push(problem("required", "schedule.at"));
  return out;
}
