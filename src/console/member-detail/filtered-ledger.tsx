import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { ConsoleLedgerItem } from "../../contract/loyalty";
import { errorMessageKey } from "../common/api-errors";
import { useApiResource } from "../common/use-api-resource";
import type { ActorChoice } from "../ledger/actor-filter";
import { LedgerTable } from "../ledger/ledger-table";
import { useLocale } from "../locale-context";

const FILTERED_LIMIT = 100;

/** The member's entries by the chosen actor, from the server. */
export function FilteredLedger({
  memberId,
  choice,
  onReverse,
}: {
  memberId: string;
  choice: NonNullable<ActorChoice>;
  onReverse: ((item: ConsoleLedgerItem) => void) | null;
}) {
  const { t } = useLocale();
  const { state, reload } = useApiResource(loyaltyEndpoints.memberLedger, {
    params: { memberId },
    query: { ...choice, limit: FILTERED_LIMIT },
  });
  if (state.status === "loading") {
    return (
      <div className="skeleton-card" role="status" aria-label={t("app.loading")}>
        {[0, 1, 2].map((i) => (
          <span key={i} className="skeleton" />
        ))}
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">{t(errorMessageKey(state.error.code))}</p>
        <button type="button" className="button button-secondary" onClick={reload}>
          {t("app.retry")}
        </button>
      </div>
    );
  }
  return (
    <>
      <LedgerTable items={state.data.items} more={null} onReverse={onReverse} />
      {state.data.nextCursor && <p className="table-note muted">{t("ledger.filterTruncated", { count: FILTERED_LIMIT })}</p>}
    </>
  );
}
