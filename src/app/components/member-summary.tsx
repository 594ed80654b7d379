import { useAtomValue, useSetAtom } from "jotai";
import { useNavigate } from "zmp-ui";
import type { MemberSummary } from "../../contract/loyalty";
import { useFormatDate, useFormatNumber, useFormatVnd, useT } from "../i18n/use-t";
import { ROUTES } from "../routes";
import { loadSummaryAtom, summaryAtom } from "../state/summary";
import { ChevronRightIcon, ClockIcon, CrownIcon } from "./icons";
import { Skeleton } from "./skeleton";

/**
 * Under the card: the tier, how far the next one is, points about to expire, and the way to
 * the tier benefits and the points history.
 */
export function MemberSummaryPanel() {
  const t = useT();
  const state = useAtomValue(summaryAtom);
  const load = useSetAtom(loadSummaryAtom);

  if (state.status === "loading") {
    return (
      <section className="summary" aria-busy="true" aria-label={t("common.loading")}>
        <Skeleton width="45%" height={20} />
        <Skeleton height={8} radius={4} />
        <Skeleton width="85%" height={14} />
        <Skeleton height={44} radius={12} />
      </section>
    );
  }
  if (state.status === "error") {
    return (
      <section className="summary summary--error">
        <p className="muted small">{t("summary.loadError")}</p>
        <button type="button" className="link-button" onClick={() => void load()}>
          {t("common.retry")}
        </button>
      </section>
    );
  }
  return <SummaryBody summary={state.summary} />;
}

function SummaryBody({ summary }: { summary: MemberSummary }) {
  const t = useT();
  const navigate = useNavigate();
  const formatVnd = useFormatVnd();
  const formatNumber = useFormatNumber();
  const formatDate = useFormatDate();
  const { nextTier, nextExpiry } = summary;
  const percent = Math.round(Math.min(1, Math.max(0, summary.progress)) * 100);

  return (
    <section className="summary" aria-labelledby="summary-tier">
      <h2 className="summary__tier" id="summary-tier">
        <CrownIcon size={20} /> {t("summary.tier", { tier: summary.tier.name })}
      </h2>
      {nextTier ? (
        <div className="summary__progress">
          <div
            className="progress"
            role="progressbar"
            aria-label={t("summary.progressLabel", { tier: nextTier.name })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span style={{ width: `${percent}%` }} />
          </div>
          <p data-testid="tier-progress">{t("summary.toNext", { amount: formatVnd(summary.remainingVnd), tier: nextTier.name })}</p>
        </div>
      ) : (
        <p className="muted" data-testid="tier-progress">
          {t("summary.top")}
        </p>
      )}
      {nextExpiry && (
        <p className="summary__expiry" data-testid="points-expiry">
          <ClockIcon size={18} />
          {t("summary.expiry", { points: formatNumber(nextExpiry.points), date: formatDate(nextExpiry.expiresAt) })}
        </p>
      )}
      <div className="link-rows">
        <button type="button" className="link-row" onClick={() => navigate(ROUTES.tiers)}>
          <CrownIcon size={20} />
          <span>{t("summary.benefitsLink")}</span>
          <ChevronRightIcon size={20} />
        </button>
        <button type="button" className="link-row" onClick={() => navigate(ROUTES.history)}>
          <ClockIcon size={20} />
          <span>{t("summary.historyLink")}</span>
          <ChevronRightIcon size={20} />
        </button>
      </div>
    </section>
  );
}
