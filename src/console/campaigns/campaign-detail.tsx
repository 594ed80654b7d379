import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import { CAMPAIGN_REQUEST_ACTIONS, type Campaign } from "../../contract/campaigns";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import type { TemplateView } from "../../contract/messaging";
import type { Segment } from "../../contract/segments";
import { transition } from "../../domain/campaigns/lifecycle";
import type { Role } from "../../domain/identity/roles";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { useCanManage, useRole } from "../common/use-role";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { AuditPanel } from "./campaign-activity";
import { CampaignChecks } from "./campaign-checks";
import { CampaignEditor } from "./campaign-editor";
import { CampaignResults } from "./campaign-results";
import { campaignFailureText, STATUS_KEYS } from "./problems";

type RequestAction = (typeof CAMPAIGN_REQUEST_ACTIONS)[number];

/**
 * What this person may do to the campaign now: the domain's state machine asked for each
 * action (the server asks it again). The approval threshold does not matter for whether
 * submit applies, only for where it leads.
 */
export function actionsFor(campaign: Campaign, role: Role | null): RequestAction[] {
  if (!role) return [];
  return CAMPAIGN_REQUEST_ACTIONS.filter(
    (action) => transition({ status: campaign.status, action, actor: role, audience: 0, approvalThreshold: 0, note: "·" }).ok,
  );
}

type Props = {
  campaign: Campaign;
  segments: readonly Segment[];
  templates: readonly TemplateView[];
  onChanged: (campaign: Campaign) => void;
  onStale: () => void;
};

/** One campaign: the draft's editor or what it sends, its actions, the checks, delivery and the change log. */
export function CampaignDetail({ campaign, segments, templates, onChanged, onStale }: Props) {
  const { t, locale } = useLocale();
  const canManage = useCanManage();
  const role = useRole();
  const [dirty, setDirty] = useState(false);
  const draft = campaign.status === "draft";
  const started = campaign.startedAt !== null || Object.keys(campaign.recipients).length > 0;
  return (
    <div className="camp-detail">
      <header className="page-header page-header-actions">
        <div>
          <h1>{campaign.name}</h1>
          <p className="camp-meta">
            <span className={`badge camp-status camp-status-${campaign.status}`} data-testid="campaign-status">
              {t(STATUS_KEYS[campaign.status]!)}
            </span>
            {campaign.audience !== null && (
              <span className="muted">{t("camp.summary.audience", { count: formatNumber(locale, campaign.audience) })}</span>
            )}
            {campaign.approvedAt && (
              <span className="muted">{t("camp.approvedBy", { at: formatDateTime(locale, campaign.approvedAt) })}</span>
            )}
          </p>
        </div>
        <CampaignActions campaign={campaign} role={role} dirty={draft && dirty} onChanged={onChanged} onStale={onStale} />
      </header>
      <div className="camp-detail-grid">
        <div className="camp-detail-main">
          {draft ? (
            <CampaignEditor
              key={campaign.version}
              campaign={campaign}
              segments={segments}
              templates={templates}
              onSaved={onChanged}
              onDirty={setDirty}
            />
          ) : (
            <CampaignSummary campaign={campaign} segments={segments} />
          )}
          {/* What it did (the results API: sends, failures by reason, clicks, conversions, lift over control). */}
          {started && (
            <div className="card camp-results" data-testid="results">
              <CampaignResults key={campaign.version} campaignId={campaign.id} />
            </div>
          )}
        </div>
        <div className="camp-detail-side">
          {/* The checks are about what would go: once sending starts, the delivery counts say what went. */}
          {["draft", "pending_approval", "scheduled"].includes(campaign.status) && <CampaignChecks campaign={campaign} />}
          {canManage && <AuditPanel key={`a${campaign.version}`} campaign={campaign} />}
        </div>
      </div>
    </div>
  );
}

function CampaignSummary({ campaign, segments }: { campaign: Campaign; segments: readonly Segment[] }) {
  const { t, locale } = useLocale();
  const segment = segments.find((s) => s.id === campaign.segmentId);
  return (
    <section className="card camp-summary" aria-label={t("camp.summary")}>
      <h2>{t("camp.summary")}</h2>
      <ul>
        <li>{t("camp.summary.segment", { name: segment?.name ?? "—", version: campaign.segmentVersion })}</li>
        {campaign.arms.map((a) => (
          <li key={a.key}>
            {t("camp.summary.arm", { arm: a.key, share: a.sharePercent, template: a.templateName })}
            {a.params.length > 0 && <span className="muted"> · {t("camp.summary.overrides", { count: a.params.length })}</span>}
          </li>
        ))}
        <li>{t("camp.summary.control", { percent: campaign.controlPercent })}</li>
        <li>{campaign.schedule.kind === "now" ? t("camp.now") : t("camp.at", { at: formatDateTime(locale, campaign.schedule.at) })}</li>
      </ul>
    </section>
  );
}

const BUTTON_CLASS: Record<RequestAction, string> = {
  submit: "button-primary",
  approve: "button-primary",
  reject: "button-secondary",
  pause: "button-secondary",
  resume: "button-primary",
  cancel: "button-danger",
};

function CampaignActions({
  campaign,
  role,
  dirty,
  onChanged,
  onStale,
}: {
  campaign: Campaign;
  role: Role | null;
  /** The draft has unsaved edits: what would be submitted is not what is on screen. */
  dirty: boolean;
  onChanged: (c: Campaign) => void;
  onStale: () => void;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [busy, setBusy] = useState<RequestAction | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Campaign["status"] | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState("");
  const actions = actionsFor(campaign, role);

  async function run(action: RequestAction, withNote?: string) {
    if (action === "cancel" && !window.confirm(t("camp.action.cancelConfirm"))) return;
    setBusy(action);
    setFailure(null);
    setDone(null);
    try {
      const next = await api.request(campaignEndpoints.transitionCampaign, {
        params: { campaignId: campaign.id },
        body: { action, basedOnVersion: campaign.version, ...(withNote ? { note: withNote } : {}) },
      });
      setRejecting(false);
      setNote("");
      setDone(next.status);
      onChanged(next);
    } catch (e) {
      const error = toApiError(e);
      setFailure(error);
      if (error.code === "campaign_version_conflict" || error.code === "campaign_status_conflict") onStale();
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="camp-actions">
      <div className="camp-action-buttons">
        {campaign.status === "pending_approval" && !actions.includes("approve") && (
          <span className="muted">{t("camp.waitingApproval")}</span>
        )}
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button ${BUTTON_CLASS[action]}`}
            disabled={busy !== null || (action === "submit" && dirty)}
            aria-busy={busy === action}
            onClick={() => (action === "reject" ? setRejecting(true) : void run(action))}
          >
            {t(`camp.action.${action}`)}
          </button>
        ))}
      </div>
      {actions.includes("submit") && (
        <p className="muted camp-action-hint">{dirty ? t("camp.form.saveFirst") : t("camp.action.submitHint")}</p>
      )}
      {done && (
        <p role="status" className="camp-ok">
          {t(`camp.done.${done}`)}
        </p>
      )}
      {failure && (
        <p role="alert" className="form-error">
          {campaignFailureText(t, failure)}
        </p>
      )}
      {rejecting && (
        <Dialog
          title={t("camp.action.rejectTitle")}
          subtitle={campaign.name}
          busy={busy !== null}
          onClose={() => setRejecting(false)}
          onSubmit={() => void run("reject", note.trim())}
          footer={
            <>
              <button type="button" className="button button-secondary" onClick={() => setRejecting(false)} disabled={busy !== null}>
                {t("camp.action.close")}
              </button>
              <button type="submit" className="button button-danger" disabled={busy !== null || note.trim() === ""}>
                {t("camp.action.reject")}
              </button>
            </>
          }
        >
          <label className="field">
            <span className="field-label">{t("camp.action.note")}</span>
            <textarea className="input" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        </Dialog>
      )}
    </div>
  );
}
