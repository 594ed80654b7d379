import { lazy, Suspense, useState } from "react";
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { ApiError } from "../../client/api-client";
import { gameConsoleEndpoints } from "../../contract/endpoints/game";
import type { ConsoleGameCampaign } from "../../contract/game";
import { effectiveWeights, oddsOf, oddsPercent } from "../../domain/game/draw";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { DownloadButton } from "../common/download-button";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";
import { gameErrorKey } from "./error-keys";
import { ResultsSummary } from "./results-panel";
import { DateRange, isBackwards, type DayRange } from "../common/date-range";
import { WheelPreview } from "./wheel-preview";
import "./strings/load";
import "./games.css";

type Transition = "publish" | "pause" | "resume";
const ACTION: Record<ConsoleGameCampaign["status"], Transition | null> = {
  draft: "publish",
  running: "pause",
  paused: "resume",
  ended: null,
};
const ENDPOINT = {
  publish: gameConsoleEndpoints.publishGameCampaign,
  pause: gameConsoleEndpoints.pauseGameCampaign,
  resume: gameConsoleEndpoints.resumeGameCampaign,
} as const;

// The editor and the settings load on demand from the list (their own chunks): the list is
// what most visits need.
const CampaignEditor = lazy(() => import("./campaign-editor").then((m) => ({ default: m.CampaignEditor })));
const GameSettingsPage = lazy(() => import("./game-settings").then((m) => ({ default: m.GameSettingsPage })));

/** The lucky wheel section: /games (list), /games/new, /games/:campaignId (the editor), /games/settings. */
export function GamesPage() {
  return (
    <Suspense fallback={<div className="skeleton games-skeleton" aria-busy="true" />}>
      <Routes>
        <Route index element={<GamesList />} />
        <Route path="new" element={<NewCampaign />} />
        <Route path="settings" element={<GameSettingsPage />} />
        <Route path=":campaignId" element={<EditCampaign />} />
      </Routes>
    </Suspense>
  );
}

function NewCampaign() {
  const canManage = useCanManage();
  return <CampaignEditor campaign={null} canManage={canManage} />;
}

function EditCampaign() {
  const { t } = useLocale();
  const canManage = useCanManage();
  const { campaignId = "" } = useParams();
  const { state, reload } = useApiResource(gameConsoleEndpoints.getGameCampaign, { params: { campaignId } });
  if (state.status === "error") return <LoadError title={t("games.loadError")} code={state.error.code} onRetry={reload} />;
  if (state.status === "loading") return <div className="skeleton games-skeleton" aria-busy="true" />;
  return <CampaignEditor key={`${state.data.id}:${state.data.version}`} campaign={state.data} canManage={canManage} />;
}

/** The brand's campaigns, a campaign's wheel and odds after stock, its status and results. */
function GamesList() {
  const { t, locale } = useLocale();
  const canManage = useCanManage();
  const navigate = useNavigate();
  const { state, reload } = useApiResource(gameConsoleEndpoints.listGameCampaigns);
  const [params, setParams] = useSearchParams();
  const selected = params.get("c");
  const setSelected = (id: string) => setParams({ c: id }, { replace: true });

  const campaigns = state.status === "ready" ? state.data.campaigns : [];
  const current = campaigns.find((c) => c.id === selected) ?? campaigns[0] ?? null;

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("games.title")}</h1>
          <p className="muted">{t("games.subtitle")}</p>
        </div>
        <div className="games-header-actions">
          <Link to="/games/settings" className="button button-secondary">
            {t("games.settingsLink")}
          </Link>
          {canManage && (
            <button type="button" className="button button-primary button-lg" onClick={() => navigate("/games/new")}>
              <PlusIcon />
              <span>{t("games.create")}</span>
            </button>
          )}
        </div>
      </header>
      {!canManage && <p className="muted">{t("games.readOnly")}</p>}
      {state.status === "loading" ? (
        <div className="skeleton games-skeleton" aria-busy="true" />
      ) : state.status === "error" ? (
        <LoadError title={t("games.loadError")} code={state.error.code} onRetry={reload} />
      ) : campaigns.length === 0 ? (
        <p className="empty-state">{t("games.empty")}</p>
      ) : (
        <div className="games-layout">
          <ul className="games-list" aria-label={t("games.title")}>
            {campaigns.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={`games-list-item${c.id === current?.id ? " is-selected" : ""}`}
                  aria-current={c.id === current?.id}
                  onClick={() => setSelected(c.id)}
                >
                  <strong>{c.name.vi}</strong>
                  <span className={`badge games-status-${c.status}`}>{t(`games.status.${c.status}`)}</span>
                  <span className="muted">
                    {t("games.spins", { count: formatNumber(locale, c.spins), wins: formatNumber(locale, c.wins) })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {current && <CampaignPanel key={current.id} campaign={current} canManage={canManage} onChanged={reload} />}
        </div>
      )}
    </div>
  );
}

function CampaignPanel({ campaign, canManage, onChanged }: { campaign: ConsoleGameCampaign; canManage: boolean; onChanged: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [confirming, setConfirming] = useState<Transition | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // The results' period: empty ends mean the campaign's window up to today (the server's default).
  const [range, setRange] = useState<DayRange>({ from: "", to: "" });
  const [asked, setAsked] = useState<DayRange>(range);
  const changeRange = (change: Partial<DayRange>) => {
    const next = { ...range, ...change };
    setRange(next);
    // An end before the start is said at the fields and not asked for: the last valid period stays shown.
    if (!isBackwards(next)) setAsked(next);
  };
  const results = useApiResource(gameConsoleEndpoints.gameResults, {
    params: { campaignId: campaign.id },
    query: { from: asked.from || undefined, to: asked.to || undefined },
  });
  const action = ACTION[campaign.status];

  // The odds a member sees now: the domain's effective weights over the stock left (budgets of
  // the day are the server's; the rules page shows them), so the preview is what a spin does.
  const stockLeft = campaign.segments.map((s) => campaign.stockLeft[s.id] ?? null);
  const { weights, blocked } = effectiveWeights(campaign, {
    stockLeft,
    winsToday: 0,
    winsTotal: campaign.wins,
    pointsToday: 0,
    memberWins: 0,
  });
  const odds = oddsOf(weights);

  async function run(change: Transition) {
    setFailure(null);
    try {
      await api.request(ENDPOINT[change], { params: { campaignId: campaign.id } });
      setConfirming(null);
      onChanged();
    } catch (error) {
      setFailure(toApiError(error));
    }
  }

  return (
    <section className="games-panel" aria-label={campaign.name[locale]}>
      <header className="games-panel-header">
        <div>
          <h2>{campaign.name[locale]}</h2>
          <p className="muted">
            {t(`games.status.${campaign.status}`)} · {t("games.version", { version: campaign.version })}
          </p>
        </div>
        <div className="games-header-actions">
          <Link to={`/games/${campaign.id}`} className="button button-secondary">
            {canManage && campaign.status !== "ended" ? t("games.edit") : t("games.view")}
          </Link>
          {canManage && action && !confirming && (
            <button type="button" className="button button-primary" onClick={() => setConfirming(action)}>
              {t(`games.${action}`)}
            </button>
          )}
        </div>
      </header>
      {confirming && (
        <div className="games-confirm" role="alertdialog" aria-label={t(`games.${confirming}`)}>
          <p>{t(`games.confirm.${confirming}`)}</p>
          <button type="button" className="button button-primary" onClick={() => void run(confirming)}>
            {t("games.confirm.yes")}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(null)}>
            {t("games.confirm.no")}
          </button>
        </div>
      )}
      {failure && (
        <p role="alert" className="form-error">
          {t(gameErrorKey(failure.code))}
        </p>
      )}
      <div className="games-preview">
        <figure>
          <WheelPreview segments={campaign.segments} locale={locale} />
          <figcaption className="muted">{t("games.preview")}</figcaption>
        </figure>
        <table className="table games-odds">
          <caption>{t("games.odds")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("games.col.segment")}</th>
              <th scope="col">{t("games.col.prize")}</th>
              <th scope="col">{t("games.col.weight")}</th>
              <th scope="col">{t("games.col.stock")}</th>
              <th scope="col">{t("games.col.odds")}</th>
            </tr>
          </thead>
          <tbody>
            {campaign.segments.map((s, i) => (
              <tr key={s.id}>
                <td>
                  <span className="games-swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label[locale]}
                </td>
                <td>
                  {s.prize === "points" ? t("games.prize.points", { value: formatNumber(locale, s.value) }) : t(`games.prize.${s.prize}`)}
                </td>
                <td>{formatNumber(locale, s.weight)}</td>
                <td>
                  {stockLeft[i] === null ? (
                    <span title={t("games.unlimited")} aria-label={t("games.unlimited")}>
                      ∞
                    </span>
                  ) : (
                    formatNumber(locale, stockLeft[i]!)
                  )}
                </td>
                <td>
                  {oddsPercent(odds[i]!).toLocaleString(locale === "vi" ? "vi-VN" : "en-US")} %
                  {blocked[i] && (
                    <span className="muted games-blocked"> {t("games.blocked", { reason: t(`games.reason.${blocked[i]!}`) })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="games-results-head">
        <h3>{t("games.results")}</h3>
        <DateRange value={range} onChange={changeRange} className="games-results-range" />
        <DrawsCsvButton campaignId={campaign.id} />
      </div>
      {results.state.status === "ready" ? (
        <ResultsSummary results={results.state.data} />
      ) : results.state.status === "error" ? (
        <LoadError title={t("games.loadError")} code={results.state.error.code} onRetry={results.reload} />
      ) : (
        <div className="skeleton games-skeleton" aria-busy="true" />
      )}
    </section>
  );
}

/** The draw log as CSV or Excel. */
function DrawsCsvButton({ campaignId }: { campaignId: string }) {
  const { locale } = useLocale();
  const { api } = useAuth();
  return (
    <DownloadButton
      className="games-download"
      labels={{ idle: "games.results.download", busy: "games.results.downloading", failed: "games.results.downloadFailed" }}
      errorKey={gameErrorKey}
      fetchFile={(format, onProgress) =>
        api.download(gameConsoleEndpoints.gameDrawLog, { params: { campaignId }, query: { locale, format } }, onProgress)
      }
      fallbackName="vong-quay"
      formats
    />
  );
}
