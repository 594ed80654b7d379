import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { surveyDashboardEndpoints } from "../../contract/endpoints/survey-dashboard";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { SurveyDashboard as SurveyDashboardData } from "../../contract/survey-dashboard";
import type { ConsoleSurvey } from "../../contract/surveys";
import { DASHBOARD_WEEKS } from "../../domain/surveys/dashboard";
import { SURVEY_KINDS, type SurveyKind } from "../../domain/surveys/kinds";
import { useAuth } from "../auth-context";
import { LoadError } from "../common/load-error";
import { Tabs } from "../common/tabs";
import { useApiResource } from "../common/use-api-resource";
import { useCanWriteSurveys } from "../common/use-role";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";
import { StatusBadge } from "./status-badge";
import { SurveyDashboard } from "./survey-dashboard";
import { SurveySettingsPanel } from "./survey-settings";
import { formatMargin, formatScore } from "./survey-format";
import "./strings/load";
import "./surveys.css";

type TabId = "list" | "overview" | "settings";
const TAB_IDS: readonly TabId[] = ["list", "overview", "settings"];

/** The surveys section: the brand's surveys, every survey of a kind together (Overview), and the brand's survey settings. */
export function SurveysPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const tab: TabId = TAB_IDS.find((id) => id === params.get("tab")) ?? "list";
  const canWrite = useCanWriteSurveys();
  const navigate = useNavigate();
  const { state, reload } = useApiResource(surveyEndpoints.listSurveys);

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("surveys.title")}</h1>
          <p className="muted">{t("surveys.subtitle")}</p>
        </div>
        {canWrite && (
          <button type="button" className="button button-primary button-lg" onClick={() => navigate("/surveys/new")}>
            <PlusIcon />
            <span>{t("surveys.create")}</span>
          </button>
        )}
      </header>
      <div className="page-tabs">
        <Tabs<TabId>
          label={t("surveys.title")}
          selected={tab}
          onSelect={(next) => setParams(next === "list" ? {} : { tab: next }, { replace: true })}
          tabs={[
            {
              id: "list",
              label: t("surveys.tab.list"),
              panel:
                state.status === "loading" ? (
                  <section className="card">
                    <div className="skeleton-card" data-testid="surveys-skeleton" aria-busy="true">
                      {[0, 1, 2, 3].map((i) => (
                        <span key={i} className="skeleton" />
                      ))}
                    </div>
                  </section>
                ) : state.status === "error" ? (
                  <section className="card">
                    <LoadError title={t("surveys.loadFailed")} code={state.error.code} onRetry={reload} />
                  </section>
                ) : state.data.surveys.length === 0 ? (
                  <section className="card">
                    <div className="state">
                      <p className="state-title">{t("surveys.empty")}</p>
                      <p className="muted">{t(canWrite ? "surveys.emptyHint" : "surveys.emptyHintReadOnly")}</p>
                      {canWrite && (
                        <Link to="/surveys/new" className="button button-primary">
                          <PlusIcon />
                          <span>{t("surveys.createFirst")}</span>
                        </Link>
                      )}
                    </div>
                  </section>
                ) : (
                  <SurveyTable surveys={state.data.surveys} />
                ),
            },
            {
              id: "overview",
              label: t("surveys.tab.overview"),
              panel: tab === "overview" ? <Overview surveys={state.status === "ready" ? state.data.surveys : []} /> : null,
            },
            { id: "settings", label: t("surveys.tab.settings"), panel: tab === "settings" ? <SurveySettingsPanel /> : null },
          ]}
        />
      </div>
    </div>
  );
}

/**
 * Each survey's current score (the last 12 weeks): one dashboard request per kind the list has,
 * not one per row. A failed one leaves its scores as "—"; the list itself is what matters here.
 */
function useSurveyScores(kinds: readonly SurveyKind[]) {
  const { api } = useAuth();
  const [scores, setScores] = useState<Partial<Record<SurveyKind, SurveyDashboardData["bySurvey"] | "loading" | "failed">>>({});
  const key = [...kinds].sort().join(",");
  useEffect(() => {
    let live = true;
    const wanted = key ? (key.split(",") as SurveyKind[]) : [];
    setScores(Object.fromEntries(wanted.map((k) => [k, "loading"])));
    for (const kind of wanted)
      api
        .request(surveyDashboardEndpoints.surveyDashboard, { query: { kind, weeks: DASHBOARD_WEEKS.default } })
        .then((d) => live && setScores((s) => ({ ...s, [kind]: d.bySurvey })))
        .catch(() => live && setScores((s) => ({ ...s, [kind]: "failed" })));
    return () => {
      live = false;
    };
  }, [api, key]);
  return scores;
}

function SurveyTable({ surveys }: { surveys: ConsoleSurvey[] }) {
  const { t, locale } = useLocale();
  const scores = useSurveyScores(Array.from(new Set(surveys.map((s) => s.kind))));
  const scoreOf = (s: ConsoleSurvey) => {
    const rows = scores[s.kind];
    if (rows === undefined || rows === "loading") return <span className="skeleton skeleton-inline" />;
    if (rows === "failed") return "—";
    const row = rows.find((x) => x.surveyId === s.id);
    if (!row || row.score.score === null) return <span className="muted">{t("surveys.noScore")}</span>;
    return (
      <>
        <strong>{formatScore(locale, s.kind, row.score.score)}</strong>{" "}
        <span className="muted">{formatMargin(locale, row.score.marginOfError)}</span>
      </>
    );
  };
  return (
    <section className="card">
      <div className="table-wrap">
        <table className="table surveys-table">
          <thead>
            <tr>
              <th scope="col">{t("surveys.col.name")}</th>
              <th scope="col">{t("surveys.col.status")}</th>
              <th scope="col">{t("surveys.col.kind")}</th>
              <th scope="col">{t("surveys.col.channel")}</th>
              <th scope="col" className="num">
                {t("surveys.col.responses")}
              </th>
              <th scope="col" className="num">
                {t("surveys.col.score")}
              </th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/surveys/${s.id}`} className="row-link">
                    {s.name}
                  </Link>
                  <div className="muted small">
                    {t(`surveys.touchpoint.${s.touchpoint}`)} · {t("surveys.col.version", { version: s.version })}
                  </div>
                </td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td>{t(`surveys.kind.${s.kind}`)}</td>
                <td>{t(`surveys.channel.${s.channel}`)}</td>
                <td className="num">{formatNumber(locale, s.answers)}</td>
                <td className="num">{scoreOf(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Every survey of one kind together; the kind defaults to the most common among the brand's surveys. */
function Overview({ surveys }: { surveys: ConsoleSurvey[] }) {
  const { t } = useLocale();
  const common =
    SURVEY_KINDS.map((k) => [k, surveys.filter((s) => s.kind === k).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "nps";
  const [kind, setKind] = useState<SurveyKind | null>(null);
  const shown = kind ?? common;
  return (
    <div>
      <div className="segmented" role="radiogroup" aria-label={t("surveys.dash.kind")}>
        {SURVEY_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={shown === k}
            className={shown === k ? "is-selected" : ""}
            onClick={() => setKind(k)}
          >
            {t(`surveys.kind.${k}`)}
          </button>
        ))}
      </div>
      <SurveyDashboard key={shown} scope={{ kind: shown }} />
    </div>
  );
}
