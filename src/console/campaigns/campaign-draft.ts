import type { Campaign, CampaignInput } from "../../contract/campaigns";
import type { TemplateView } from "../../contract/messaging";
import { sharesValid, type ArmKey } from "../../domain/campaigns/assignment";
import type { CampaignChannel } from "../../domain/messaging/miniapp-notification";
import { problem, type Problem } from "../../domain/problems";
import { fromVietnamLocal, toVietnamLocal } from "../games/campaign-draft";
import { emptyFixedRows, issuePathAtRow, MAPPABLE_FIELDS, overridesOf, rowsOf, type ParamDraft } from "../messaging/param-mapping-draft";

export { emptyParams, type ParamDraft } from "../messaging/param-mapping-draft";

/**
 * The campaign editor's state: what the form shows, turned into the contract's CampaignInput
 * only on save. Each arm's parameter rows are the shared mapping editor's (messaging/param-mapping):
 * only rows that differ from the template become overrides, so A/B with one template compares two mappings.
 */
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
  /** ZNS, Mini App notifications, or the notification first and ZNS for members who did not allow it. */
  channel: CampaignChannel;
};

export const CAMPAIGN_FIELDS = MAPPABLE_FIELDS;

/** Templates a campaign may use: active and not serving an automatic message. */
export const campaignTemplates = (templates: readonly TemplateView[]) => templates.filter((t) => t.active && t.trigger === null);

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
    channel: "zns",
  };
}

/** The form's state for a saved campaign (its overrides put back on the template's rows). */
export function draftOf(c: Campaign, templates: readonly TemplateView[]): CampaignDraft {
  return {
    name: c.name,
    segmentId: c.segmentId,
    segmentVersion: c.segmentVersion,
    ab: c.arms.length > 1,
    arms: c.arms.map((a) => ({
      key: a.key,
      templateId: a.templateId,
      sharePercent: a.sharePercent,
      params: rowsOf(
        templates.find((t) => t.id === a.templateId),
        a.params,
      ),
    })),
    controlPercent: c.controlPercent,
    scheduleKind: c.schedule.kind,
    at: c.schedule.kind === "at" ? toVietnamLocal(c.schedule.at) : "",
    important: c.important,
    channel: c.channel,
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
    arms: d.arms.map((a) => ({
      key: a.key,
      templateId: a.templateId,
      sharePercent: a.sharePercent,
      params: overridesOf(
        a.params,
        templates.find((t) => t.id === a.templateId),
      ),
    })),
    controlPercent: d.controlPercent,
    schedule: d.scheduleKind === "at" ? { kind: "at", at: fromVietnamLocal(d.at) } : { kind: "now" },
    important: d.important,
    channel: d.channel,
  };
}

/**
 * The server's issues at the form's paths: an override's index (arms.0.params.2…) becomes its
 * row's (the rows are every parameter of the template, the overrides only those that differ).
 */
export function issuesAtRows(issues: readonly Problem[], input: CampaignInput, d: CampaignDraft): Problem[] {
  return issues.map((p) => {
    const m = /^arms\.(\d+)\.params\./.exec(p.field ?? "");
    if (!m) return p;
    const i = Number(m[1]);
    return { ...p, field: issuePathAtRow(p.field!, `arms.${i}.params`, input.arms[i]?.params ?? [], d.arms[i]?.params ?? []) };
  });
}

/** What the editor checks before sending, at the paths the server would use. */
export function draftProblems(d: CampaignDraft): Problem[] {
  const out: Problem[] = [];
  if (!d.name.trim()) out.push(problem("required", "name"));
  if (!d.segmentId) out.push(problem("required", "segmentId"));
  d.arms.forEach((a, i) => {
    if (!a.templateId) out.push(problem("required", `arms.${i}.templateId`));
    for (const j of emptyFixedRows(a.params)) out.push(problem("required", `arms.${i}.params.${j}.source.fixed`));
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
