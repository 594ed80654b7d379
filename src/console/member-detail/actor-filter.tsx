import { useId } from "react";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { ConsoleLedgerItem } from "../../contract/loyalty";
import { ACTOR_KINDS, type ActorKind } from "../../domain/loyalty/actors";
import { errorMessageKey } from "../common/api-errors";
import { useApiResource } from "../common/use-api-resource";
import { useLocale } from "../locale-context";
import { ACTOR_KIND_KEYS, ROLE_KEYS } from "./labels";
import { LedgerTable } from "./ledger-table";

/** Whose entries to show: one user (a cashier, a manager), one kind of actor, or everyone (null). */
export type ActorChoice = { actorId: string } | { actorKind: ActorKind } | null;

const FILTERED_LIMIT = 100;

const encode = (choice: ActorChoice) => (!choice ? "" : "actorId" in choice ? `user:${choice.actorId}` : `kind:${choice.actorKind}`);
function decode(value: string): ActorChoice {
  if (value.startsWith("user:")) return { actorId: value.slice(5) };
  if (value.startsWith("kind:")) return { actorKind: value.slice(5) as ActorKind };
  return null;
}

/**
 * "Who did this": the people who appear in the member's latest entries, then every kind of
 * actor. Fraud is found by looking at who, so the filter asks the server, not just this page.
 */
export function ActorFilter({
  entries,
  value,
  onChange,
}: {
  entries: readonly ConsoleLedgerItem[];
  value: ActorChoice;
  onChange: (choice: ActorChoice) => void;
}) {
  const { t } = useLocale();
  const id = useId();
  const people = new Map<string, ConsoleLedgerItem["actor"]>();
  for (const e of entries) if (e.actor.userId && !people.has(e.actor.userId)) people.set(e.actor.userId, e.actor);
  return (
    <div className="ledger-filter">
      <label className="field-label" htmlFor={id}>
        {t("ledger.filter")}
      </label>
      <select id={id} className="select input" value={encode(value)} onChange={(event) => onChange(decode(event.target.value))}>
        <option value="">{t("ledger.filterAll")}</option>
        {people.size > 0 && (
          <optgroup label={t("ledger.filterPeople")}>
            {[...people.values()].map((a) => (
              <option key={a.userId} value={`user:${a.userId}`}>
                {`${a.name ?? "—"} · ${a.role ? t(ROLE_KEYS[a.role]) : t(ACTOR_KIND_KEYS[a.kind])}`}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={t("ledger.filterKinds")}>
          {ACTOR_KINDS.map((kind) => (
            <option key={kind} value={`kind:${kind}`}>
              {t(ACTOR_KIND_KEYS[kind])}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

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
