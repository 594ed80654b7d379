import type { RewardView } from "../../contract/loyalty";
import { TierBadge } from "../common/tier-badge";
import { formatDate, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { EditIcon } from "../shell/icons";

type Props = {
  rewards: readonly RewardView[];
  /** Null for read-only viewers (marketers): no switches, no edit buttons. */
  manage: { onEdit: (reward: RewardView) => void; onToggle: (reward: RewardView) => void; toggling: ReadonlySet<string> } | null;
};

export function RewardsTable({ rewards, manage }: Props) {
  const { t } = useLocale();
  return (
    <div className="table-wrap">
      <table className="table table-compact rewards-table">
        <caption className="sr-only">{t("rewards.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("rewards.col.name")}</th>
            <th scope="col" className="num">
              {t("rewards.col.cost")}
            </th>
            <th scope="col" className="num">
              {t("rewards.col.stock")}
            </th>
            <th scope="col">{t("rewards.col.validity")}</th>
            <th scope="col">{t("rewards.col.tiers")}</th>
            <th scope="col">{t("rewards.col.status")}</th>
            {manage && (
              <th scope="col">
                <span className="sr-only">{t("ledger.col.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rewards.map((reward) => (
            <RewardRow key={reward.id} reward={reward} manage={manage} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RewardRow({ reward, manage }: { reward: RewardView; manage: Props["manage"] }) {
  const { t, locale } = useLocale();
  const date = (iso: string) => formatDate(locale, iso);
  const validity =
    reward.validFrom && reward.validUntil
      ? `${date(reward.validFrom)} – ${date(reward.validUntil)}`
      : reward.validFrom
        ? t("rewards.validFromOnly", { date: date(reward.validFrom) })
        : reward.validUntil
          ? t("rewards.validUntilOnly", { date: date(reward.validUntil) })
          : t("rewards.alwaysValid");
  const statusText = t(reward.active ? "rewards.active" : "rewards.inactive");
  const busy = manage?.toggling.has(reward.id) ?? false;

  return (
    <tr className={reward.active ? undefined : "row-inactive"}>
      <td className="cell-reward">
        <div className="reward-cell">
          {reward.imageUrl ? (
            <img className="reward-thumb" src={reward.imageUrl} alt="" loading="lazy" />
          ) : (
            <span className="reward-thumb reward-thumb-empty" aria-hidden="true" />
          )}
          <div className="reward-text">
            <span className="strong">{reward.name}</span>
            {reward.description && <span className="reward-desc muted">{reward.description}</span>}
          </div>
        </div>
      </td>
      <td className="num strong">{formatNumber(locale, reward.pointsCost)}</td>
      <td className="num">
        {reward.stock === null ? (
          <span className="muted">{t("rewards.unlimited")}</span>
        ) : reward.stock === 0 ? (
          <span className="badge badge-danger">{t("rewards.outOfStock")}</span>
        ) : (
          formatNumber(locale, reward.stock)
        )}
      </td>
      <td>
        <div className="cell-stack">
          <span>{validity}</span>
          <span className="muted small">{t("rewards.voucherDays", { days: reward.voucherValidityDays })}</span>
        </div>
      </td>
      <td>
        {reward.eligibleTiers === null ? (
          <span className="muted">{t("rewards.allTiers")}</span>
        ) : (
          <span className="tier-list">
            {reward.eligibleTiers.map((code) => (
              <TierBadge key={code} tier={code} />
            ))}
          </span>
        )}
      </td>
      <td>
        {manage ? (
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={reward.active}
            aria-label={t("rewards.toggleLabel", { name: reward.name })}
            aria-busy={busy}
            disabled={busy}
            onClick={() => manage.onToggle(reward)}
          >
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
            <span className="switch-text">{statusText}</span>
          </button>
        ) : (
          <span className={`status ${reward.active ? "status-on" : "status-off"}`}>{statusText}</span>
        )}
      </td>
      {manage && (
        <td className="cell-action">
          <button
            type="button"
            className="button button-secondary button-sm"
            aria-label={t("rewards.editLabel", { name: reward.name })}
            onClick={() => manage.onEdit(reward)}
          >
            <EditIcon />
            <span>{t("rewards.edit")}</span>
          </button>
        </td>
      )}
    </tr>
  );
}
