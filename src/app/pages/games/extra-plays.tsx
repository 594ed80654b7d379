import { useAtomValue, useSetAtom } from "jotai";
import { useState, type ReactNode } from "react";
import { Button, useNavigate } from "zmp-ui";
import type { GameCampaignView } from "../../../contract/game";
import { Dialog } from "../../components/dialog";
import { ChevronRightIcon, ReceiptIcon, SlidersIcon, StarIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { useSuccessToast } from "../../components/use-toast";
import { useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import { followOfficialAccount } from "../../platform/game-sdk";
import { isInsideZalo } from "../../platform/environment";
import { ROUTES } from "../../routes";
import { failureCode, type FailureCode } from "../../state/api";
import { loadConsentsAtom } from "../../state/consents";
import { buyPlayAtom, claimFollowedOaAtom, newIdempotencyKey } from "../../state/games";
import { meAtom } from "../../state/session";
import { CoinIcon, MegaphoneIcon } from "./game-icons";
import { useGameProblem, useGameT } from "./strings";

/**
 * Ways to earn extra spins the campaign offers: complete the preference profile, answer a
 * survey, follow the brand's Official Account, buy over an amount, or trade points for a spin
 * (points only, never money: Zalo's review policy forbids selling virtual items). Actions that
 * already gave their one-time plays are marked done.
 */
export function ExtraPlays({ campaign, balance, emphasised }: { campaign: GameCampaignView; balance: number; emphasised: boolean }) {
  const gt = useGameT();
  const navigate = useNavigate();
  const formatNumber = useFormatNumber();
  const formatVnd = useFormatVnd();
  const { extraPlays, grantedOnce, playPricePoints } = campaign;
  const plays = (n: number | undefined) => gt("extra.plays", { count: formatNumber(n ?? 0) });
  const done = (action: "profile_completed" | "followed_oa") => grantedOnce.includes(action);
  const [problem, setProblem] = useState<FailureCode | "followFirst" | null>(null);
  const problemText = useGameProblem();

  const rows: ReactNode[] = [];
  if ((extraPlays.profile_completed ?? 0) > 0) {
    rows.push(
      <ActionRow
        key="profile"
        icon={<SlidersIcon size={20} />}
        label={gt("extra.profile")}
        reward={done("profile_completed") ? gt("extra.done") : plays(extraPlays.profile_completed)}
        onClick={done("profile_completed") ? undefined : () => navigate(ROUTES.preferences)}
      />,
    );
  }
  if ((extraPlays.survey_answered ?? 0) > 0) {
    rows.push(
      <ActionRow
        key="survey"
        icon={<StarIcon size={20} />}
        label={gt("extra.survey")}
        reward={plays(extraPlays.survey_answered)}
        onClick={() => navigate(ROUTES.surveys)}
      />,
    );
  }
  if ((extraPlays.followed_oa ?? 0) > 0) {
    rows.push(
      <FollowOaRow
        key="oa"
        done={done("followed_oa")}
        reward={done("followed_oa") ? gt("extra.done") : plays(extraPlays.followed_oa)}
        onProblem={setProblem}
      />,
    );
  }
  if ((extraPlays.purchase_over_amount ?? 0) > 0) {
    rows.push(
      <ActionRow
        key="purchase"
        icon={<ReceiptIcon size={20} />}
        label={gt("extra.purchase", { amount: formatVnd(campaign.purchaseMinVnd) })}
        reward={plays(extraPlays.purchase_over_amount)}
      />,
    );
  }
  if (rows.length === 0 && playPricePoints === null) return null;

  return (
    <div className={`extra-plays${emphasised ? " extra-plays--emphasised" : ""}`} aria-labelledby="extra-plays-heading">
      <h3 className="extra-plays__title" id="extra-plays-heading">
        {gt("extra.heading")}
      </h3>
      {rows.length > 0 && <div className="extra-plays__rows">{rows}</div>}
      {playPricePoints !== null && (
        <BuyPlay campaignId={campaign.campaignId} price={playPricePoints} balance={balance} onProblem={setProblem} />
      )}
      {problem && <Notice tone="error">{problem === "followFirst" ? gt("extra.followFirst") : problemText(problem)}</Notice>}
    </div>
  );
}

function ActionRow({ icon, label, reward, onClick }: { icon: ReactNode; label: string; reward: string; onClick?: () => void }) {
  const body = (
    <>
      {icon}
      <span className="extra-row__label">{label}</span>
      <span className="extra-row__reward">{reward}</span>
      {onClick && <ChevronRightIcon size={20} />}
    </>
  );
  return onClick ? (
    <button type="button" className="link-row extra-row" onClick={onClick}>
      {body}
    </button>
  ) : (
    <div className="link-row extra-row extra-row--static">{body}</div>
  );
}

/**
 * Follow the OA: Zalo's own follow prompt (zmp-sdk followOA), then the server's one-time plays.
 * The OA's id comes with the member's consents (the game view does not carry it). Outside Zalo
 * there is no prompt: in dev identity mode the claim is made directly so the flow can be tried.
 */
function FollowOaRow({
  done,
  reward,
  onProblem,
}: {
  done: boolean;
  reward: string;
  onProblem: (p: FailureCode | "followFirst" | null) => void;
}) {
  const gt = useGameT();
  const loadConsents = useSetAtom(loadConsentsAtom);
  const claim = useSetAtom(claimFollowedOaAtom);
  const devIdentity = useAtomValue(meAtom)?.devIdentity === true;
  const toast = useSuccessToast();
  const [busy, setBusy] = useState(false);

  async function follow() {
    if (busy) return;
    setBusy(true);
    onProblem(null);
    try {
      if (isInsideZalo() || !devIdentity) {
        const oaId = (await loadConsents({ quiet: true }))?.oaId ?? null;
        const outcome = oaId ? await followOfficialAccount(oaId) : "unavailable";
        if (outcome !== "followed") {
          onProblem(outcome === "refused" ? "followFirst" : "zalo");
          return;
        }
      }
      const { granted } = await claim();
      const count = granted.reduce((sum, g) => sum + g.plays, 0);
      if (count > 0) toast(gt("extra.claimed", { count }));
    } catch (err) {
      onProblem(failureCode(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ActionRow
      icon={<MegaphoneIcon size={20} />}
      label={gt("extra.followOa")}
      reward={reward}
      onClick={done || busy ? undefined : () => void follow()}
    />
  );
}

/** Trade points for one spin, after a confirmation that says the price. One key per confirmed tap, kept for its retry. */
function BuyPlay({
  campaignId,
  price,
  balance,
  onProblem,
}: {
  campaignId: string;
  price: number;
  balance: number;
  onProblem: (p: FailureCode | null) => void;
}) {
  const t = useT();
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  const buy = useSetAtom(buyPlayAtom);
  const toast = useSuccessToast();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = gt("extra.buy", { points: formatNumber(price) });

  async function confirm() {
    if (!confirming || busy) return;
    setBusy(true);
    onProblem(null);
    try {
      await buy({ campaignId, idempotencyKey: confirming });
      setConfirming(null);
      toast(gt("extra.claimed", { count: 1 }));
    } catch (err) {
      const code = failureCode(err);
      onProblem(code);
      // Refused: the next tap is a new attempt. Lost: the retry keeps the same key.
      if (code !== "network") setConfirming(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        variant="secondary"
        fullWidth
        prefixIcon={<CoinIcon size={20} />}
        disabled={balance < price}
        onClick={() => setConfirming(newIdempotencyKey())}
      >
        {label}
      </Button>
      <Dialog visible={confirming !== null} onClose={() => setConfirming(null)} labelledBy="buy-play-title" busy={busy}>
        <div className="dialog-body">
          <h2 className="dialog-title" id="buy-play-title">
            {label}
          </h2>
          <p className="muted">{t("rewards.confirmBalance", { points: formatNumber(balance - price) })}</p>
          <div className="dialog-actions">
            <Button variant="secondary" onClick={() => setConfirming(null)} disabled={busy}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void confirm()} loading={busy}>
              {t("rewards.confirm")}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
