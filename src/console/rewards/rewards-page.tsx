import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { RewardView } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { Notice, useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { useLocale } from "../locale-context";
import { AlertIcon, CloseIcon, PlusIcon } from "../shell/icons";
import { LiabilityPanel } from "./liability-panel";
import { RewardDialog } from "./reward-dialog";
import { RewardsTable } from "./rewards-table";
import { LoadError } from "../common/load-error";
import "./strings/load";

type Editing = { reward: RewardView | null } | null;

/**
 * Rewards, with the points liability at the top of the same page rather than on a separate
 * "Overview". The liability is what the rewards are priced against: the manager setting a cost
 * or a stock sees, on the same screen, how many points members hold, in which store they were
 * earned and how many lapse next month (a reason to run a cheap reward now). It also keeps the
 * sidebar to pages that exist: an Overview with a single panel would be a page of one card.
 */
export function RewardsPage() {
  const { t } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const { state, reload, update } = useApiResource(loyaltyEndpoints.listRewards);
  const [editing, setEditing] = useState<Editing>(null);
  const [toggling, setToggling] = useState<ReadonlySet<string>>(new Set());
  const [toggleFailure, setToggleFailure] = useState<ApiError | null>(null);
  // Switching a reward off stops every member redeeming it: asked once; switching on is not.
  const [confirmOff, setConfirmOff] = useState<RewardView | null>(null);
  const notice = useNotice();

  const replace = (saved: RewardView) => update((list) => ({ items: list.items.map((r) => (r.id === saved.id ? saved : r)) }));

  const toggle = async (reward: RewardView) => {
    setToggleFailure(null);
    setToggling((s) => new Set(s).add(reward.id));
    try {
      const saved = await api.request(loyaltyEndpoints.updateReward, { params: { rewardId: reward.id }, body: { active: !reward.active } });
      replace(saved);
      notice.show((tr) => tr(saved.active ? "rewards.activated" : "rewards.deactivated", { name: saved.name }));
    } catch (error) {
      setToggleFailure(toApiError(error));
    } finally {
      setToggling((s) => {
        const next = new Set(s);
        next.delete(reward.id);
        return next;
      });
    }
  };

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("rewards.title")}</h1>
          <p className="muted">{t("rewards.subtitle")}</p>
        </div>
        {canManage && (
          <button type="button" className="button button-primary button-lg" onClick={() => setEditing({ reward: null })}>
            <PlusIcon />
            <span>{t("rewards.add")}</span>
          </button>
        )}
      </header>

      <LiabilityPanel />

      <Notice notice={notice} />
      {toggleFailure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <p>{t(errorMessageKey(toggleFailure.code))}</p>
          <button
            type="button"
            className="button button-ghost button-icon alert-close"
            onClick={() => setToggleFailure(null)}
            aria-label={t("common.dismiss")}
          >
            <CloseIcon />
          </button>
        </div>
      )}

      <section className="card" aria-labelledby="rewards-list-title">
        <header className="card-header">
          <h2 id="rewards-list-title">{t("rewards.listTitle")}</h2>
          {!canManage && <p className="muted">{t("rewards.readOnly")}</p>}
        </header>
        {state.status === "loading" ? (
          <div className="skeleton-card" data-testid="rewards-skeleton" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <span key={i} className="skeleton" />
            ))}
          </div>
        ) : state.status === "error" ? (
          <LoadError title={t("rewards.error")} code={state.error.code} onRetry={reload} />
        ) : state.data.items.length === 0 ? (
          <div className="state">
            <p className="state-title">{t("rewards.empty")}</p>
            <p className="muted">{t(canManage ? "rewards.emptyHint" : "rewards.emptyHintReadOnly")}</p>
            {canManage && (
              <button type="button" className="button button-primary" onClick={() => setEditing({ reward: null })}>
                <PlusIcon />
                <span>{t("rewards.add")}</span>
              </button>
            )}
          </div>
        ) : (
          <RewardsTable
            rewards={state.data.items}
            manage={
              canManage
                ? {
                    onEdit: (reward) => setEditing({ reward }),
                    onToggle: (reward) => (reward.active ? setConfirmOff(reward) : void toggle(reward)),
                    toggling,
                  }
                : null
            }
          />
        )}
      </section>

      {confirmOff && (
        <Dialog
          title={t("rewards.confirmOff.title", { name: confirmOff.name })}
          onClose={() => setConfirmOff(null)}
          onSubmit={() => {
            const reward = confirmOff;
            setConfirmOff(null);
            void toggle(reward);
          }}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirmOff(null)}>
                {t("common.cancel")}
              </button>
              <button type="submit" className="button button-primary">
                {t("rewards.confirmOff.yes")}
              </button>
            </>
          }
        >
          <p>{t("rewards.confirmOff.body")}</p>
        </Dialog>
      )}

      {editing && (
        <RewardDialog
          reward={editing.reward}
          onClose={() => setEditing(null)}
          onMaybeChanged={reload}
          onSaved={(saved, created) => {
            setEditing(null);
            notice.show((tr) => tr(created ? "rewards.created" : "rewards.saved", { name: saved.name }));
            if (created) reload();
            else replace(saved);
          }}
        />
      )}
    </div>
  );
}
