import { lazy, Suspense, useEffect, useState } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import type { ApiError } from "../../client/api-client";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { ConsoleSurveyDetail } from "../../contract/surveys";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { LoadError } from "../common/load-error";
import { Notice, useNotice } from "../common/notice";
import { Tabs } from "../common/tabs";
import { useApiResource } from "../common/use-api-resource";
import { useCanWriteSurveys } from "../common/use-role";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon, ArrowLeftIcon } from "../shell/icons";
import { ExportButton } from "../common/download-button";
import { SurveyDashboard } from "./survey-dashboard";
import { SurveyEditor } from "./survey-editor";
import { StatusBadge } from "./status-badge";
import "./strings/load";
import "./surveys.css";

/** The QR encoder is needed on the links tab only. */
const SurveyLinks = lazy(() => import("./survey-links").then((m) => ({ default: m.SurveyLinks })));

type TabId = "results" | "content" | "links" | "history";
const TABS: readonly TabId[] = ["results", "content", "links", "history"];
type Confirm = "activate" | "archive" | null;

/** One survey: its results, its content (a new version on save), its links and QR code, its versions. */
export function SurveyDetailPage() {
  const { surveyId = "" } = useParams();
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as TabId) : "results";
  const { state, reload, update } = useApiResource(surveyEndpoints.getSurvey, { params: { surveyId } });
  const notice = useNotice();
  const canWrite = useCanWriteSurveys();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [editorKey, setEditorKey] = useState(0);
  // Arriving from "Create survey": say it was saved as a draft, once.
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const show = notice.show;
  useEffect(() => {
    if (created) show((tr) => tr("surveys.editor.created", { name: created }));
  }, [created, show]);

  if (state.status === "loading")
    return (
      <div className="page">
        <div className="card skeleton-card" aria-busy="true" data-testid="survey-skeleton">
          <span className="skeleton skeleton-title" />
          <span className="skeleton" />
          <span className="skeleton skeleton-block" style={{ height: 240 }} />
        </div>
      </div>
    );
  if (state.status === "error")
    return (
      <div className="page">
        <BackLink />
        <section className="card">
          <LoadError title={t("surveys.detail.loadFailed")} code={state.error.code} onRetry={reload} />
        </section>
      </div>
    );
  const survey = state.data;
  const saved = (next: ConsoleSurveyDetail) => {
    update(() => next);
    setEditorKey((k) => k + 1);
  };

  return (
    <div className="page">
      <BackLink />
      <header className="page-header page-header-actions">
        <div>
          <h1>
            {survey.name} <StatusBadge status={survey.status} />
          </h1>
          <p className="muted">
            {t("surveys.detail.meta", {
              kind: t(`surveys.kind.${survey.kind}`),
              touchpoint: t(`surveys.touchpoint.${survey.touchpoint}`),
              channel: t(`surveys.channel.${survey.channel}`),
              version: survey.version,
            })}
          </p>
        </div>
        {canWrite && (
          <div className="page-actions">
            {survey.status === "draft" && (
              <button type="button" className="button button-primary" onClick={() => setConfirm("activate")}>
                {t("surveys.activate")}
              </button>
            )}
            {survey.status !== "archived" && (
              <button type="button" className="button button-secondary" onClick={() => setConfirm("archive")}>
                {t("surveys.archive")}
              </button>
            )}
          </div>
        )}
      </header>
      <Notice notice={notice} />
      <div className="page-tabs">
        <Tabs<TabId>
          label={survey.name}
          selected={tab}
          onSelect={(next) => setParams(next === "results" ? {} : { tab: next }, { replace: true })}
          tabs={[
            {
              id: "results",
              label: t("surveys.detail.tab.results"),
              panel:
                tab === "results" ? (
                  <>
                    <ExportButton endpoint={surveyEndpoints.exportSurveyAnswers} params={{ surveyId: survey.id }} fallbackName="khao-sat" />
                    <SurveyDashboard scope={{ surveyId: survey.id }} />
                  </>
                ) : null,
            },
            {
              id: "content",
              label: t("surveys.detail.tab.content"),
              panel:
                tab === "content" ? (
                  <SurveyEditor
                    key={`${survey.version}-${editorKey}`}
                    survey={survey}
                    readOnly={!canWrite || survey.status === "archived"}
                    onReload={reload}
                    onSaved={(next) => {
                      saved(next);
                      notice.show((tr) => tr("surveys.editor.saved", { version: next.version }));
                    }}
                  />
                ) : null,
            },
            {
              id: "links",
              label: t("surveys.detail.tab.links"),
              panel:
                tab === "links" ? (
                  <Suspense fallback={<div className="card chart-placeholder" style={{ height: 320 }} />}>
                    <SurveyLinks survey={survey} />
                  </Suspense>
                ) : null,
            },
            { id: "history", label: t("surveys.detail.tab.history"), panel: tab === "history" ? <History survey={survey} /> : null },
          ]}
        />
      </div>
      {confirm && (
        <ConfirmDialog
          action={confirm}
          survey={survey}
          onClose={() => setConfirm(null)}
          onDone={(next) => {
            setConfirm(null);
            saved(next);
            notice.show((tr) => tr(confirm === "activate" ? "surveys.activated" : "surveys.archived"));
          }}
        />
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useLocale();
  return (
    <Link to="/surveys" className="back-link">
      <ArrowLeftIcon />
      <span>{t("surveys.editor.back")}</span>
    </Link>
  );
}

function ConfirmDialog({
  action,
  survey,
  onClose,
  onDone,
}: {
  action: "activate" | "archive";
  survey: ConsoleSurveyDetail;
  onClose: () => void;
  onDone: (next: ConsoleSurveyDetail) => void;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const endpoint = action === "activate" ? surveyEndpoints.activateSurvey : surveyEndpoints.archiveSurvey;
      onDone(await api.request(endpoint, { params: { surveyId: survey.id } }));
    } catch (error) {
      setFailure(toApiError(error));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t(action === "activate" ? "surveys.activate.title" : "surveys.archive.title", { name: survey.name })}
      onClose={onClose}
      busy={busy}
      onSubmit={() => void run()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className={`button ${action === "archive" ? "button-danger" : "button-primary"}`} disabled={busy}>
            {t(action === "activate" ? "surveys.activate" : "surveys.archive")}
          </button>
        </>
      }
    >
      <p>
        {action === "activate"
          ? t("surveys.activate.body", { channel: t(`surveys.channel.${survey.channel}`), days: survey.throttleDays })
          : t("surveys.archive.body")}
      </p>
      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <p>
            {t("surveys.actionFailed")} {t(errorMessageKey(failure.code))}
          </p>
        </div>
      )}
    </Dialog>
  );
}

/** Every saved version, newest first: when and by whom. */
function History({ survey }: { survey: ConsoleSurveyDetail }) {
  const { t, locale } = useLocale();
  const versions = [...survey.versions].sort((a, b) => b.version - a.version);
  return (
    <section className="card survey-history">
      <ol className="version-list">
        {versions.map((v) => (
          <li key={v.version} className="version-item">
            <strong>{t("surveys.history.version", { version: v.version })}</strong>
            {v.version === survey.version && <span className="badge badge-live">{t("surveys.history.current")}</span>}
            <span className="muted">
              {t("surveys.history.by", { date: formatDateTime(locale, v.createdAt), who: v.createdBy ?? t("surveys.history.unknown") })}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
