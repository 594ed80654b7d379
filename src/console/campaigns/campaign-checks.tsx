import { useEffect, useState } from "react";
import type { ApiError } from "../../client/api-client";
import type { Campaign, CampaignFunnel, CampaignPlan, CampaignPreview } from "../../contract/campaigns";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import { formatVnd } from "../../domain/locale/money";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { formatDate, formatNumber, formatTime } from "../format";
import { useLocale } from "../locale-context";
import { renderNoteText, valueProblemText } from "../messaging/problems";
import { ZnsBubble } from "../messaging/zns-bubble";

type Checks =
  | { status: "loading" }
  | { status: "ready"; funnel: CampaignFunnel; plan: CampaignPlan; preview: CampaignPreview }
  | { status: "error"; error: ApiError };

const PREVIEW_STEP = 5;

/**
 * Before sending: the audience funnel with the estimated cost, the send plan at today's quota
 * with its warnings, and the message rendered for real members of the segment, by arm. All for
 * the saved version of the campaign (the server computes them from what is stored).
 */
export function CampaignChecks({ campaign }: { campaign: Campaign }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [checks, setChecks] = useState<Checks>({ status: "loading" });
  const [limit, setLimit] = useState(PREVIEW_STEP);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setChecks((c) => (c.status === "ready" ? c : { status: "loading" }));
    const params = { campaignId: campaign.id };
    Promise.all([
      api.request(campaignEndpoints.campaignFunnel, { params }),
      api.request(campaignEndpoints.campaignPlan, { params }),
      api.request(campaignEndpoints.previewCampaign, { params, body: { limit } }),
    ])
      .then(([funnel, plan, preview]) => live && setChecks({ status: "ready", funnel, plan, preview }))
      .catch((e: unknown) => live && setChecks({ status: "error", error: toApiError(e) }));
    return () => {
      live = false;
    };
  }, [api, campaign.id, campaign.version, limit, attempt]);

  return (
    <section className="card camp-checks" aria-label={t("camp.checks")} aria-busy={checks.status === "loading"}>
      <h2>{t("camp.checks")}</h2>
      <p className="muted">{t("camp.checks.stale")}</p>
      {checks.status === "loading" ? (
        <div className="skeleton camp-skeleton" />
      ) : checks.status === "error" ? (
        <LoadError title={t("camp.checks.failed")} code={checks.error.code} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <>
          <FunnelView funnel={checks.funnel} />
          <PlanView plan={checks.plan} />
          <PreviewView
            preview={checks.preview}
            canMore={checks.preview.samples.length >= limit && limit < 20}
            onMore={() => setLimit((n) => Math.min(20, n + PREVIEW_STEP))}
          />
        </>
      )}
    </section>
  );
}

function FunnelView({ funnel }: { funnel: CampaignFunnel }) {
  const { t, locale } = useLocale();
  const top = funnel.steps[0]?.count ?? 0;
  return (
    <div className="camp-funnel" data-testid="funnel">
      <h3>{t("camp.funnel")}</h3>
      <ol>
        {funnel.steps.map((s) => (
          <li key={s.step}>
            <span className="camp-funnel-label">{t(`camp.funnel.${s.step}`)}</span>
            <span className="camp-funnel-bar" aria-hidden="true">
              <span style={{ width: `${top ? Math.round((s.count / top) * 100) : 0}%` }} />
            </span>
            <span className="num strong">{formatNumber(locale, s.count)}</span>
            <span className="num muted">{s.lost > 0 ? t("camp.funnel.lost", { lost: formatNumber(locale, s.lost) }) : ""}</span>
          </li>
        ))}
      </ol>
      {funnel.byChannel.miniapp > 0 && (
        <p className="camp-cost" data-testid="by-channel">
          {t("camp.funnel.byChannel", {
            miniapp: formatNumber(locale, funnel.byChannel.miniapp),
            zns: formatNumber(locale, funnel.byChannel.zns),
          })}
        </p>
      )}
      <p className="camp-cost" data-testid="cost">
        {t("camp.funnel.cost", {
          cost: formatVnd(locale, funnel.estimatedCostVnd),
          // Only ZNS messages are priced (notifications are not charged per message).
          count: formatNumber(
            locale,
            funnel.pricePerMessageVnd ? Math.round(funnel.estimatedCostVnd / funnel.pricePerMessageVnd) : funnel.recipients,
          ),
          price: formatVnd(locale, funnel.pricePerMessageVnd),
        })}
      </p>
    </div>
  );
}

function PlanView({ plan }: { plan: CampaignPlan }) {
  const { t, locale } = useLocale();
  const days = plan.days.filter((d) => d.count > 0);
  return (
    <div className="camp-plan" data-testid="plan">
      <h3>{t("camp.plan")}</h3>
      {plan.warnings.map((w) => (
        <p key={w} className={`camp-warning${w === "promo_tier_too_low" ? " camp-warning-danger" : ""}`} role="alert">
          {t(`camp.plan.warn.${w}`)}
        </p>
      ))}
      <p>
        {plan.placed === 0
          ? t("camp.plan.nothing")
          : days.length <= 1
            ? t("camp.plan.oneDay", { quota: formatNumber(locale, plan.dailyQuota) })
            : t("camp.plan.days", {
                days: days.length,
                quota: formatNumber(locale, plan.dailyQuota),
                share: plan.promoSharePercent,
              })}
      </p>
      {days.length > 0 && (
        <ul className="camp-plan-days">
          {days.map((d) => (
            <li key={d.day}>
              {t("camp.plan.day", {
                day: d.day,
                date: formatDate(locale, d.opensAt),
                count: formatNumber(locale, d.count),
                time: formatTime(locale, d.opensAt),
              })}
            </li>
          ))}
        </ul>
      )}
      {plan.unplaced > 0 && <p className="camp-warning">{t("camp.plan.unplaced", { count: formatNumber(locale, plan.unplaced) })}</p>}
    </div>
  );
}

function PreviewView({ preview, canMore, onMore }: { preview: CampaignPreview; canMore: boolean; onMore: () => void }) {
  const { t, locale } = useLocale();
  return (
    <div className="camp-preview" data-testid="preview">
      <h3>{t("camp.preview")}</h3>
      {preview.samples.length === 0 && <p className="muted">{t("camp.preview.empty")}</p>}
      <ul className="camp-samples">
        {preview.samples.map((s) => (
          <li key={s.memberId} className="camp-sample">
            <div className="camp-sample-head">
              <span className="strong">{s.displayName}</span> <span className="muted mono">{s.memberNo}</span>{" "}
              <span className={`badge camp-arm-badge camp-arm-${s.arm}`}>
                {s.arm === "control" ? t("camp.preview.controlArm") : t("camp.preview.arm", { arm: s.arm })}
              </span>
            </div>
            {s.arm === "control" ? (
              <p className="muted">{t("camp.preview.control")}</p>
            ) : s.problems.length > 0 ? (
              <p className="camp-sample-fail" role="note">
                {t("camp.preview.fails", {
                  reasons: s.problems
                    .map((p) => (p.field ? `<${p.field}>: ${valueProblemText(p, locale)}` : valueProblemText(p, locale)))
                    .join("; "),
                })}
              </p>
            ) : (
              s.text !== null && <ZnsBubble>{s.text}</ZnsBubble>
            )}
            {s.notes.length > 0 && (
              <ul className="camp-sample-notes">
                {s.notes.map((n, i) => (
                  <li key={i}>{renderNoteText(n, t, locale)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {canMore && (
        <button type="button" className="button button-ghost" onClick={onMore}>
          {t("camp.preview.more")}
        </button>
      )}
    </div>
  );
}
