import { useAtomValue, useSetAtom } from "jotai";
import { useEffect } from "react";
import { Page } from "zmp-ui";
import type { MemberSummary } from "../../contract/loyalty";
import { CheckIcon, CrownIcon, StarIcon } from "../components/icons";
import { LoadFailed } from "../components/load-failed";
import { PageTitle } from "../components/page-title";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { useFormatVnd, useT } from "../i18n/use-t";
import { localeAtom } from "../state/locale";
import { loadSummaryAtom, summaryAtom } from "../state/summary";

type Tier = MemberSummary["tier"];

/** "Quyền lợi hạng thành viên": what the member's tier gives, what the next one adds, and the rules. */
export function TiersPage() {
  const t = useT();
  const state = useAtomValue(summaryAtom);
  const load = useSetAtom(loadSummaryAtom);
  const locale = useAtomValue(localeAtom);

  useEffect(() => {
    void load();
  }, [load, locale]);

  return (
    <Page className="page">
      <PageTitle title={t("tiers.heading")} back />
      {state.status === "loading" && (
        <PageSkeleton label={t("common.loading")}>
          <Skeleton height={150} radius={16} />
          <Skeleton height={120} radius={16} />
          <Skeleton height={160} radius={16} />
        </PageSkeleton>
      )}
      {state.status === "error" && <LoadFailed code={state.code} onRetry={() => void load()} />}
      {state.status === "ready" && (
        <>
          <TierBenefits caption={t("tiers.current")} tier={state.summary.tier} current />
          {state.summary.nextTier && <TierBenefits caption={t("tiers.next")} tier={state.summary.nextTier} />}
          <section className="panel" aria-labelledby="tier-rules-title">
            <h2 className="panel__title" id="tier-rules-title">
              {t("tiers.rules")}
            </h2>
            <ul className="rules" data-testid="tier-rules">
              {state.summary.tierRules.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}

function TierBenefits({ caption, tier, current }: { caption: string; tier: Tier; current?: boolean }) {
  const t = useT();
  const formatVnd = useFormatVnd();
  const headingId = `tier-${tier.code}-title`;
  return (
    <section className={`panel tier-panel ${current ? "tier-panel--current" : ""}`} aria-labelledby={headingId}>
      <p className="tier-panel__caption">{caption}</p>
      <h2 className="tier-panel__name" id={headingId}>
        {current ? <CrownIcon size={22} /> : <StarIcon size={22} />} {tier.name}
      </h2>
      {tier.thresholdVnd > 0 && <p className="muted small">{t("tiers.threshold", { amount: formatVnd(tier.thresholdVnd) })}</p>}
      <ul className="benefit-list">
        {tier.benefits.map((b) => (
          <li key={b}>
            <CheckIcon size={18} />
            <span>{b}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
