import { useId } from "react";
import type { ConsoleLedgerItem } from "../../contract/loyalty";
import { ACTOR_KINDS, type ActorKind } from "../../domain/loyalty/actors";
import { useLocale } from "../locale-context";
import { ACTOR_KIND_KEYS, ROLE_KEYS } from "./labels";

/** Whose entries to show: one user (a cashier, a manager), one kind of actor, or everyone (null). */
export type ActorChoice = { actorId: string } | { actorKind: ActorKind } | null;

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
