import type { TierCode } from "../../domain/loyalty/tiers";
import { useT } from "../i18n/use-t";
import { CrownIcon } from "./icons";

/** Tier names are translated here; brands configure thresholds, the codes stay fixed. */
export function TierBadge({ tier, tone = "on-dark" }: { tier: TierCode; tone?: "on-dark" | "on-light" }) {
  const t = useT();
  return (
    <span className={`tier-badge tier-badge--${tier} tier-badge--${tone}`}>
      <CrownIcon size={14} />
      {t(`tier.${tier}`)}
    </span>
  );
}
