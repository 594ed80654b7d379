import { useEffect, useMemo, useState } from "react";
import type { ApiError } from "../../client/api-client";
import type { Campaign } from "../../contract/campaigns";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import type { TemplateView } from "../../contract/messaging";
import type { Segment } from "../../contract/segments";
import { CAMPAIGN_CHANNELS } from "../../domain/messaging/miniapp-notification";
import type { Problem } from "../../domain/problems";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { useLocale } from "../locale-context";
import { TAG_KEYS } from "../messaging/labels";
import { ParamMapping } from "../messaging/param-mapping";
import { useUnsavedGuard } from "../common/unsaved-guard";
import {
  CAMPAIGN_FIELDS,
  campaignTemplates,
  draftOf,
  draftProblems,
  emptyParams,
  inputOf,
  issuesAtRows,
  newDraft,
  withAb,
  withControl,
  withShareA,
  type ArmDraft,
  type CampaignDraft,
} from "./campaign-draft";
import { campaignFailureText, campaignProblemText } from "./problems";

type Props = {
  campaign: Campaign | null;
  segments: readonly Segment[];
  templates: readonly TemplateView[];
  /** Called with the saved campaign (created or a new version). */
  onSaved: (campaign: Campaign) => void;
  /** Told whether the form differs from the saved draft (the page's submit waits for a save). */
  onDirty?: (dirty: boolean) => void;
};

/**
 * A campaign draft: its segment (a saved version), one template or two (A/B) with their
 * parameter mapping, the control group's share, when it goes. Checks what it can before saving;
 * the server's campaign_invalid issues land at their fields.
 */
export function CampaignEditor({ campaign, segments, templates, onSaved, onDirty }: Props) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const usable = useMemo(() => campaignTemplates(templates), [templates]);
  const initial = useMemo(() => (campaign ? draftOf(campaign, templates) : newDraft()), [campaign, templates]);
  const [draft, setDraft] = useState<CampaignDraft>(initial);
  const [tried, setTried] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedNote, setSavedNote] = useState<number | null>(null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedGuard(dirty, t("common.leave"));
  useEffect(() => onDirty?.(dirty), [dirty, onDirty]);

  const local = draftProblems(draft);
  const shown = [...(tried ? local : []), ...serverProblems];
  const errorAt = (path: string) => {
    const p = shown.find((x) => x.field === path);
    return p ? campaignProblemText(p, locale) : null;
  };
  const change = (next: CampaignDraft) => {
    setDraft(next);
    setServerProblems([]);
    setSavedNote(null);
  };
  const changeArm = (i: number, arm: ArmDraft) => change({ ...draft, arms: draft.arms.map((a, j) => (j === i ? arm : a)) });

  const segment = segments.find((s) => s.id === draft.segmentId);

  async function save() {
    setTried(true);
    setFailure(null);
    if (local.length) return;
    const input = inputOf(draft, templates);
    setBusy(true);
    try {
      const saved = campaign
        ? await api.request(campaignEndpoints.updateCampaign, {
            params: { campaignId: campaign.id },
            body: { ...input, basedOnVersion: campaign.version },
          })
        : await api.request(campaignEndpoints.createCampaign, { body: input });
      setSavedNote(saved.version);
      onSaved(saved);
    } catch (e) {
      const error = toApiError(e);
      setServerProblems(issuesAtRows(error.issues, input, draft));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card camp-editor"
      aria-label={t("camp.form.name")}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {campaign?.rejectionNote && (
        <p className="camp-rejected" role="note">
          {t("camp.form.rejected", { note: campaign.rejectionNote })}
        </p>
      )}
      <Field label={t("camp.form.name")} error={errorAt("name")}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={draft.name}
            maxLength={120}
            placeholder={t("camp.form.namePlaceholder")}
            onChange={(e) => change({ ...draft, name: e.target.value })}
          />
        )}
      </Field>

      <div className="camp-row">
        <Field label={t("camp.form.segment")} error={errorAt("segmentId")} hint={segments.length ? undefined : t("camp.form.segmentNone")}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={draft.segmentId}
              onChange={(e) => {
                const s = segments.find((x) => x.id === e.target.value);
                change({ ...draft, segmentId: e.target.value, segmentVersion: s?.version ?? 1 });
              }}
            >
              <option value="">{t("camp.form.segmentPick")}</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("camp.form.version")} error={errorAt("segmentVersion")} hint={t("camp.form.versionHint")}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={draft.segmentVersion}
              disabled={!segment}
              onChange={(e) => change({ ...draft, segmentVersion: Number(e.target.value) })}
            >
              {Array.from({ length: segment?.version ?? 1 }, (_, i) => (segment?.version ?? 1) - i).map((v) => (
                <option key={v} value={v}>
                  {v === segment?.version ? t("camp.form.versionLatest", { version: v }) : t("camp.form.versionOption", { version: v })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <label className="checkbox-row">
        <input type="checkbox" checked={draft.ab} onChange={(e) => change(withAb(draft, e.target.checked))} />
        <span>{t("camp.form.ab")}</span>
      </label>

      <div className={`camp-arms${draft.ab ? " camp-arms-ab" : ""}`}>
        {draft.arms.map((arm, i) => (
          <ArmEditor
            key={arm.key}
            arm={arm}
            index={i}
            showKey={draft.ab}
            templates={usable}
            allTemplates={templates}
            errorAt={errorAt}
            onChange={(next) => changeArm(i, next)}
          />
        ))}
        {usable.length === 0 && <p className="muted">{t("camp.form.templateNone")}</p>}
      </div>

      <fieldset className="camp-shares">
        <legend>{t("camp.form.shares")}</legend>
        <div className="camp-row">
          <Field label={t("camp.form.control")} hint={t("camp.form.controlHint")}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="number"
                min={0}
                max={90}
                value={Number.isNaN(draft.controlPercent) ? "" : draft.controlPercent}
                onChange={(e) => change(withControl(draft, e.target.value === "" ? NaN : Math.trunc(Number(e.target.value))))}
              />
            )}
          </Field>
          {draft.ab && (
            <Field label={t("camp.form.shareA")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="number"
                  min={1}
                  max={99}
                  value={Number.isNaN(draft.arms[0]!.sharePercent) ? "" : draft.arms[0]!.sharePercent}
                  onChange={(e) => change(withShareA(draft, e.target.value === "" ? NaN : Math.trunc(Number(e.target.value))))}
                />
              )}
            </Field>
          )}
        </div>
        <p className="camp-share-sum" data-testid="share-sum">
          {draft.ab
            ? t("camp.form.sharesSum", { a: draft.arms[0]!.sharePercent, b: draft.arms[1]!.sharePercent, control: draft.controlPercent })
            : t("camp.form.sharesSingle", { a: draft.arms[0]!.sharePercent, control: draft.controlPercent })}
        </p>
        {errorAt("arms") && <p className="field-error">{errorAt("arms")}</p>}
      </fieldset>

      <fieldset className="camp-schedule">
        <legend>{t("camp.form.channel")}</legend>
        {CAMPAIGN_CHANNELS.map((channel) => (
          <label key={channel} className="radio-row">
            <input type="radio" name="channel" checked={draft.channel === channel} onChange={() => change({ ...draft, channel })} />
            <span>{t(`camp.form.channel.${channel}`)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset className="camp-schedule">
        <legend>{t("camp.form.schedule")}</legend>
        <label className="radio-row">
          <input
            type="radio"
            name="schedule"
            checked={draft.scheduleKind === "now"}
            onChange={() => change({ ...draft, scheduleKind: "now" })}
          />
          <span>{t("camp.form.scheduleNow")}</span>
        </label>
        <label className="radio-row">
          <input
            type="radio"
            name="schedule"
            checked={draft.scheduleKind === "at"}
            onChange={() => change({ ...draft, scheduleKind: "at" })}
          />
          <span>{t("camp.form.scheduleAt")}</span>
        </label>
        {draft.scheduleKind === "at" && (
          <Field label={t("camp.form.scheduleAt")} error={errorAt("schedule.at")}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="datetime-local"
                value={draft.at}
                onChange={(e) => change({ ...draft, at: e.target.value })}
              />
            )}
          </Field>
        )}
        <label className="checkbox-row">
          <input type="checkbox" checked={draft.important} onChange={(e) => change({ ...draft, important: e.target.checked })} />
          <span>{t("camp.form.important")}</span>
        </label>
      </fieldset>

      <div className="camp-save-row">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t("camp.form.saving") : t("camp.form.save")}
        </button>
        {dirty && <span className="badge badge-warn">{t("camp.form.dirty")}</span>}
        {savedNote !== null && !dirty && (
          <span role="status" className="camp-ok">
            {t("camp.form.saved", { version: savedNote })}
          </span>
        )}
        {tried && local.length > 0 && (
          <span role="alert" className="form-error">
            {t("camp.form.fix")}
          </span>
        )}
        {failure && (
          <span role="alert" className="form-error">
            {campaignFailureText(t, failure)}
          </span>
        )}
      </div>
    </form>
  );
}

function ArmEditor({
  arm,
  index,
  showKey,
  templates,
  allTemplates,
  errorAt,
  onChange,
}: {
  arm: ArmDraft;
  index: number;
  showKey: boolean;
  templates: readonly TemplateView[];
  allTemplates: readonly TemplateView[];
  errorAt: (path: string) => string | null;
  onChange: (arm: ArmDraft) => void;
}) {
  const { t } = useLocale();
  const template = allTemplates.find((x) => x.id === arm.templateId);
  const at = `arms.${index}`;
  return (
    <section className="camp-arm" aria-label={t("camp.form.arm", { arm: arm.key })} data-testid={`arm-${arm.key}`}>
      {showKey && <h3>{t("camp.form.arm", { arm: arm.key })}</h3>}
      <Field label={t("camp.form.template")} error={errorAt(`${at}.templateId`)}>
        {(control) => (
          <select
            {...control}
            className="input"
            value={arm.templateId}
            onChange={(e) => {
              const next = allTemplates.find((x) => x.id === e.target.value);
              onChange({ ...arm, templateId: e.target.value, params: emptyParams(next) });
            }}
          >
            <option value="">{t("camp.form.templatePick")}</option>
            {/* A saved arm's template that has since been switched off stays listed, so the form shows what is saved. */}
            {[...templates, ...(template && !templates.includes(template) ? [template] : [])].map((x) => (
              <option key={x.id} value={x.id}>
                {t("camp.form.templateTag", { name: x.name, tag: t(TAG_KEYS[x.tag]) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {template && (
        <>
          <p className="param-mapping-preview">{template.preview}</p>
          <ParamMapping
            registered={template.params}
            rows={arm.params}
            fields={CAMPAIGN_FIELDS}
            errorAt={(path) => errorAt(`${at}.params.${path}`)}
            onChange={(params) => onChange({ ...arm, params })}
          />
        </>
      )}
    </section>
  );
}
