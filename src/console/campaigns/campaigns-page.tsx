import { Link, Route, Routes, useNavigate, useParams } from "react-router-dom";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { segmentEndpoints } from "../../contract/endpoints/segments";
import type { Campaign } from "../../contract/campaigns";
import type { TemplateView } from "../../contract/messaging";
import type { Segment } from "../../contract/segments";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";
import { ApprovalSetting } from "./approval-setting";
import { CampaignDetail } from "./campaign-detail";
import { CampaignEditor } from "./campaign-editor";
import { STATUS_KEYS } from "./problems";
import "../messaging/strings/load";
import "./strings/load";
import "./campaigns.css";

/** The Campaigns section: /campaigns (list), /campaigns/new, /campaigns/:campaignId. */
export function CampaignsPage() {
  return (
    <Routes>
      <Route index element={<CampaignList />} />
      <Route path="new" element={<NewCampaign />} />
      <Route path=":campaignId" element={<CampaignPage />} />
    </Routes>
  );
}

/** What the editor picks from: the saved segments and the registered templates. */
function useBuildingBlocks() {
  const segments = useApiResource(segmentEndpoints.listSegments);
  const templates = useApiResource(messagingEndpoints.listTemplates);
  const ready = segments.state.status === "ready" && templates.state.status === "ready";
  const error =
    segments.state.status === "error" ? segments.state.error : templates.state.status === "error" ? templates.state.error : null;
  return {
    segments: segments.state.status === "ready" ? segments.state.data.segments : ([] as Segment[]),
    templates: templates.state.status === "ready" ? templates.state.data.items : ([] as TemplateView[]),
    ready,
    error,
    reload: () => {
      segments.reload();
      templates.reload();
    },
  };
}

function BackLink() {
  const { t } = useLocale();
  return (
    <Link to="/campaigns" className="camp-back">
      ← {t("camp.back")}
    </Link>
  );
}

function NewCampaign() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const blocks = useBuildingBlocks();
  return (
    <div className="page">
      <BackLink />
      <header className="page-header">
        <h1>{t("camp.new")}</h1>
      </header>
      {blocks.error ? (
        <LoadError title={t("camp.loadFailed")} code={blocks.error.code} onRetry={blocks.reload} />
      ) : !blocks.ready ? (
        <div className="skeleton camp-skeleton-lg" aria-busy="true" />
      ) : (
        <CampaignEditor
          campaign={null}
          segments={blocks.segments}
          templates={blocks.templates}
          onSaved={(c) => navigate(`/campaigns/${c.id}`, { replace: true })}
        />
      )}
    </div>
  );
}

function CampaignPage() {
  const { t } = useLocale();
  const { campaignId = "" } = useParams();
  const blocks = useBuildingBlocks();
  const { state, reload, update } = useApiResource(campaignEndpoints.getCampaign, { params: { campaignId } });
  const error = state.status === "error" ? state.error : blocks.error;
  return (
    <div className="page">
      <BackLink />
      {error ? (
        <LoadError title={t("camp.loadFailed")} code={error.code} onRetry={reload} />
      ) : state.status !== "ready" || !blocks.ready ? (
        <div className="skeleton camp-skeleton-lg" aria-busy="true" />
      ) : (
        <CampaignDetail
          campaign={state.data}
          segments={blocks.segments}
          templates={blocks.templates}
          onChanged={(c: Campaign) => update(() => c)}
          onStale={reload}
        />
      )}
    </div>
  );
}

function CampaignList() {
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(campaignEndpoints.listCampaigns);
  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("camp.title")}</h1>
          <p className="muted">{t("camp.subtitle")}</p>
        </div>
        {/* Every console role builds campaigns (marketers build, managers approve): no role check here. */}
        <Link to="/campaigns/new" className="button button-primary button-lg camp-new">
          <PlusIcon aria-hidden="true" />
          <span>{t("camp.new")}</span>
        </Link>
      </header>
      <section className="card">
        {state.status === "error" ? (
          <LoadError title={t("camp.loadFailed")} code={state.error.code} onRetry={reload} />
        ) : state.status === "loading" ? (
          <div className="skeleton camp-skeleton-lg" aria-busy="true" />
        ) : state.data.items.length === 0 ? (
          <div className="empty-state camp-empty">
            <p className="strong">{t("camp.empty")}</p>
            <p className="muted">{t("camp.emptyNext")}</p>
            <Link to="/segments" className="button button-secondary">
              {t("camp.toSegments")}
            </Link>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table camp-table">
              <thead>
                <tr>
                  <th>{t("camp.col.name")}</th>
                  <th>{t("camp.col.status")}</th>
                  <th className="num">{t("camp.col.audience")}</th>
                  <th>{t("camp.col.arms")}</th>
                  <th>{t("camp.col.when")}</th>
                  <th className="camp-col-updated">{t("camp.col.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((c) => (
                  <tr key={c.id}>
                    <td className="strong">
                      <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>
                      <span className={`badge camp-status camp-status-${c.status}`}>{t(STATUS_KEYS[c.status]!)}</span>
                    </td>
                    <td className="num">
                      {c.audience === null ? <span className="muted">{t("camp.notCounted")}</span> : formatNumber(locale, c.audience)}
                    </td>
                    <td>
                      {c.arms.length > 1 ? t("camp.arms.ab") : t("camp.arms.single")}
                      {c.controlPercent > 0 && <span className="muted"> · {t("camp.controlShort", { percent: c.controlPercent })}</span>}
                    </td>
                    <td>{c.schedule.kind === "now" ? t("camp.now") : formatDateTime(locale, c.schedule.at)}</td>
                    <td className="muted camp-col-updated">{formatDateTime(locale, c.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ApprovalSetting />
    </div>
  );
}
