import type { Campaign } from "../../contract/campaigns";
import { campaignActivityEndpoints } from "../../contract/endpoints/campaign-activity";
import { useAuth } from "../auth-context";
import { LoadError } from "../common/load-error";
import { DownloadButton } from "../common/download-button";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { campaignErrorKey, STATUS_KEYS } from "./problems";

const CHANGE_KEYS: Record<string, MessageKey> = {
  created: "camp.change.created",
  edited: "camp.change.edited",
  submit: "camp.change.submit",
  approve: "camp.change.approve",
  reject: "camp.change.reject",
  pause: "camp.change.pause",
  resume: "camp.change.resume",
  cancel: "camp.change.cancel",
};

/** The campaign's change log (managers), newest first, and its CSV. */
export function AuditPanel({ campaign }: { campaign: Campaign }) {
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(campaignActivityEndpoints.campaignAudit, { params: { campaignId: campaign.id } });
  return (
    <section className="card camp-audit" aria-label={t("camp.audit")} data-testid="audit">
      <div className="camp-card-head">
        <h2>{t("camp.audit")}</h2>
        <AuditCsvButton campaignId={campaign.id} />
      </div>
      {state.status === "loading" ? (
        <div className="skeleton camp-skeleton" aria-busy="true" />
      ) : state.status === "error" ? (
        <LoadError title={t("camp.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : state.data.events.length === 0 ? (
        <p className="muted">{t("camp.audit.empty")}</p>
      ) : (
        <ol className="camp-audit-list" key={campaign.version}>
          {[...state.data.events].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at} className="muted">
                {formatDateTime(locale, e.at)}
              </time>
              <span>
                {t("camp.audit.line", { who: e.actorName, change: CHANGE_KEYS[e.change] ? t(CHANGE_KEYS[e.change]!) : e.change })}
                {e.status && (
                  <>
                    {" → "}
                    <span className={`badge camp-status camp-status-${e.status}`}>{t(STATUS_KEYS[e.status]!)}</span>
                  </>
                )}
              </span>
              {e.note && <q className="camp-audit-note">{e.note}</q>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function AuditCsvButton({ campaignId }: { campaignId: string }) {
  const { locale } = useLocale();
  const { api } = useAuth();
  return (
    <DownloadButton
      className="camp-download"
      labels={{ idle: "camp.audit.download", busy: "camp.audit.downloading", failed: "camp.audit.downloadFailed" }}
      errorKey={campaignErrorKey}
      fetchFile={(_format, onProgress) =>
        api.download(campaignActivityEndpoints.campaignAuditCsv, { params: { campaignId }, query: { locale } }, onProgress)
      }
      fallbackName="campaign-audit"
    />
  );
}
