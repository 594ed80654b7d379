import type { TierCode } from "../../domain/loyalty/tiers";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";

/** Tier names come from the console's own strings, so they follow the console's language. */
export function TierBadge({ tier }: { tier: TierCode }) {
  const { t } = useLocale();
  return <span className={`tier tier-${tier}`}>{t(tierKey(tier))}</span>;
}
