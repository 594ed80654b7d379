import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useMemo, useState } from "react";
import { Button, useNavigate } from "zmp-ui";
import type { GameCampaignView, SpinResponse } from "../../../contract/game";
import { useTabRoutes } from "../../components/bottom-nav";
import { EmptyState } from "../../components/empty-state";
import { Notice } from "../../components/notice";
import { PageSkeleton, Skeleton } from "../../components/skeleton";
import { useFormatDate, useFormatNumber, useT } from "../../i18n/use-t";
import { buzz } from "../../platform/game-sdk";
import { ROUTES } from "../../routes";
import { failureCode, type FailureCode } from "../../state/api";
import { isRetryableSpinFailure, loadMyGamesAtom, myGamesAtom, pendingSpinAtom, spinAtom } from "../../state/games";
import { localeAtom } from "../../state/locale";
import { ExtraPlays } from "./extra-plays";
import { WheelIcon } from "../../components/icons";
import { LuckyWheel, type WheelSpin } from "./lucky-wheel";
import { RulesDialog } from "./rules-dialog";
import { useGameProblem, useGameT } from "./strings";

/** The wheel part of the Games tab: the current campaign, or what to do when there is none. */
export function WheelSection() {
  const t = useT();
  const gt = useGameT();
  const problemText = useGameProblem();
  const state = useAtomValue(myGamesAtom);
  const load = useSetAtom(loadMyGamesAtom);

  if (state.status === "loading") {
    return (
      <section className="panel game-panel" aria-busy="true">
        <PageSkeleton label={gt("games.loading")}>
          <Skeleton width="60%" height={22} />
          <Skeleton width={280} height={280} radius={140} className="game-wheel-skeleton" />
          <Skeleton height={48} radius={12} />
        </PageSkeleton>
      </section>
    );
  }
  if (state.status === "error") {
    return (
      <section className="panel game-panel">
        <Notice tone="error">{isGeneric(state.code) ? gt("games.loadError") : problemText(state.code)}</Notice>
        <Button variant="secondary" fullWidth onClick={() => void load()}>
          {t("common.retry")}
        </Button>
      </section>
    );
  }
  const campaign = state.data.campaigns.find((c) => c.runState === "running") ?? state.data.campaigns[0];
  if (!campaign) {
    return (
      <section className="panel game-panel">
        <EmptyState icon={<WheelIcon size={28} />} title={gt("wheel.heading")} hint={gt("wheel.none")} />
      </section>
    );
  }
  return <WheelCampaign key={campaign.campaignId} campaign={campaign} balance={state.data.balance} />;
}

const isGeneric = (code: FailureCode) => code === "network" || code === "internal";

type Outcome = { spin: WheelSpin; response: SpinResponse };
type Problem = { kind: "lost" } | { kind: "refused"; code: FailureCode };

function WheelCampaign({ campaign, balance }: { campaign: GameCampaignView; balance: number }) {
  const gt = useGameT();
  const problemText = useGameProblem();
  const locale = useAtomValue(localeAtom);
  const formatDate = useFormatDate();
  const formatNumber = useFormatNumber();
  const spin = useSetAtom(spinAtom);
  const reload = useSetAtom(loadMyGamesAtom);
  const pending = useAtomValue(pendingSpinAtom);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [landed, setLanded] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(() =>
    // An answer lost before this page was (re)opened: its key waits to be sent again.
    pending?.campaignId === campaign.campaignId ? { kind: "lost" } : null,
  );
  const [rulesOpen, setRulesOpen] = useState(false);

  const segments = useMemo(
    () => campaign.segments.map((s) => ({ id: s.id, label: s.label[locale] || s.label.vi, color: s.color })),
    [campaign.segments, locale],
  );
  const spinning = outcome !== null && landed !== outcome.spin.id;

  async function onSpin() {
    if (sending || spinning) return;
    setSending(true);
    setProblem(null);
    setLanded(null);
    try {
      const response = await spin(campaign.campaignId);
      // The wheel drawn is the campaign's version the page read; a spin answered under another
      // version (the campaign was edited meanwhile) lands on that version's wheel, read again first.
      if (response.version !== campaign.version) await reload({ quiet: true });
      setOutcome({ spin: { id: response.drawId, index: response.segmentIndex }, response });
    } catch (err) {
      const code = failureCode(err);
      setProblem(isRetryableSpinFailure(code) ? { kind: "lost" } : { kind: "refused", code });
      // A refusal means the page's idea of the plays or the budget was stale.
      if (!isRetryableSpinFailure(code)) void reload({ quiet: true });
    } finally {
      setSending(false);
    }
  }

  const onLanded = useCallback(
    (id: string) => {
      setLanded(id);
      const won = outcome?.spin.id === id ? outcome.response.prize.prize : null;
      buzz(won && won !== "nothing" ? 120 : 40);
    },
    [outcome],
  );

  const blocked = campaign.blockedBy;
  const noPlays = blocked === "game_no_plays_left" || blocked === "game_daily_play_limit";
  const result = outcome && landed === outcome.spin.id ? outcome.response : null;
  const retrying = problem?.kind === "lost";
  const canSpin = (blocked === null || retrying) && !sending && !spinning;

  return (
    <section className="panel game-panel" aria-labelledby="wheel-heading">
      <div className="game-panel__head">
        <h2 className="panel__title" id="wheel-heading">
          {campaign.name[locale] || campaign.name.vi}
        </h2>
        <button type="button" className="link-button game-rules-link" onClick={() => setRulesOpen(true)}>
          {gt("wheel.rules")}
        </button>
      </div>
      <p className="muted small">{gt("wheel.until", { date: formatDate(campaign.endsAt) })}</p>

      <BlockedNotice campaign={campaign} />

      <LuckyWheel
        segments={segments}
        spin={outcome?.spin ?? null}
        onLanded={onLanded}
        label={gt("wheel.label", { count: segments.length, prizes: segments.map((s) => s.label).join(", ") })}
      />

      <div className="game-result" role="status" data-testid="wheel-result">
        {result && <SpinResult response={result} />}
      </div>

      {problem?.kind === "lost" && <Notice tone="error">{gt("wheel.lost")}</Notice>}
      {problem?.kind === "refused" && <Notice tone="error">{problemText(problem.code)}</Notice>}

      <p className="game-plays" data-testid="plays-left">
        {campaign.plays.total > 0 && !campaign.plays.dailyCapReached
          ? gt("wheel.playsLeft", { count: formatNumber(campaign.plays.total) })
          : gt("wheel.noPlaysLeft")}
      </p>

      <Button fullWidth size="large" disabled={!canSpin} loading={sending} onClick={() => void onSpin()}>
        {spinning || sending
          ? gt("wheel.spinning")
          : retrying
            ? gt("wheel.retry")
            : noPlays
              ? gt("wheel.outOfPlays")
              : result && canSpin
                ? gt("wheel.result.again")
                : gt("wheel.spin")}
      </Button>

      {noPlays && !retrying && !spinning && (
        <p className="muted small" data-testid="no-plays-next">
          {blocked === "game_daily_play_limit" ? gt("problem.game_daily_play_limit") : gt("wheel.comeBack")}
        </p>
      )}
      {campaign.runState === "running" && campaign.failedGate === null && blocked !== "game_daily_play_limit" && (
        <ExtraPlays campaign={campaign} balance={balance} emphasised={noPlays} />
      )}

      <RulesDialog campaignId={campaign.campaignId} visible={rulesOpen} onClose={() => setRulesOpen(false)} />
    </section>
  );
}

/** Why a spin would not be taken, said before the member taps (budget spent, not running, not eligible). */
function BlockedNotice({ campaign }: { campaign: GameCampaignView }) {
  const gt = useGameT();
  const problemText = useGameProblem();
  const { blockedBy, budget } = campaign;
  if (blockedBy === "game_budget_spent" || (blockedBy === null && budget.state === "spent")) {
    return <Notice tone="info">{budget.scope === "campaign" ? gt("problem.game_budget_spent") : gt("wheel.budgetSpent")}</Notice>;
  }
  if (blockedBy === "game_win_limit_reached") return <Notice tone="info">{gt("problem.game_win_limit_reached")}</Notice>;
  if (blockedBy === "game_not_eligible") return <Notice tone="info">{gt("wheel.notEligible")}</Notice>;
  if (blockedBy === "game_not_running" || blockedBy === "game_out_of_window") {
    return <Notice tone="info">{campaign.runState === "over" ? gt("wheel.ended") : problemText(blockedBy)}</Notice>;
  }
  return null;
}

/** What the wheel gave, with what to do next; shown once the wheel has stopped on it. */
function SpinResult({ response }: { response: SpinResponse }) {
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  const navigate = useNavigate();
  const vouchersIsTab = useTabRoutes().includes(ROUTES.vouchers);
  const { prize } = response;
  if (prize.prize === "points") {
    return (
      <div className="game-result__body game-result__body--win">
        <strong>{gt("wheel.result.points", { points: formatNumber(response.pointsWon) })}</strong>
        <span data-testid="balance-after">{gt("wheel.result.balance", { balance: formatNumber(response.balance) })}</span>
      </div>
    );
  }
  if (prize.prize === "reward") {
    return (
      <div className="game-result__body game-result__body--win">
        <strong>{gt("wheel.result.voucher", { prize: response.voucher?.rewardName ?? prize.rewardName ?? "" })}</strong>
        <button
          type="button"
          className="link-button"
          onClick={() => navigate(ROUTES.vouchers, vouchersIsTab ? { animate: false, replace: true } : {})}
        >
          {gt("wheel.result.toVouchers")}
        </button>
      </div>
    );
  }
  return (
    <div className="game-result__body">
      <strong>{gt("wheel.result.nothing")}</strong>
    </div>
  );
}
