import { ACTOR_KINDS, type ActorKind } from "../../domain/loyalty/actors";
import type { ActorChoice } from "./actor-filter";

/** The ledger page's filters as the URL keeps them: ?actor=user:<id>|kind:<kind>&from=YYYY-MM-DD&to=YYYY-MM-DD. */
export type LedgerFilterState = { actor: ActorChoice; from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Hand-edited junk falls back to "no filter" rather than an error page. */
export function readLedgerFilters(params: URLSearchParams): LedgerFilterState {
  const actor = params.get("actor") ?? "";
  const day = (name: string) => {
    const value = params.get(name) ?? "";
    return DAY.test(value) ? value : "";
  };
  let choice: ActorChoice = null;
  if (actor.startsWith("user:") && UUID.test(actor.slice(5))) choice = { actorId: actor.slice(5) };
  else if (actor.startsWith("kind:") && (ACTOR_KINDS as readonly string[]).includes(actor.slice(5)))
    choice = { actorKind: actor.slice(5) as ActorKind };
  return { actor: choice, from: day("from"), to: day("to") };
}

export function writeLedgerFilters(filters: LedgerFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.actor) params.set("actor", "actorId" in filters.actor ? `user:${filters.actor.actorId}` : `kind:${filters.actor.actorKind}`);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  return params;
}

/** The API's filters; an end day before the start is left out (the page says so next to the field). */
export function ledgerApiFilters(filters: LedgerFilterState): { actorId?: string; actorKind?: ActorKind; from?: string; to?: string } {
  const backwards = filters.from !== "" && filters.to !== "" && filters.to < filters.from;
  return {
    ...(filters.actor ?? {}),
    ...(filters.from && { from: filters.from }),
    ...(filters.to && !backwards && { to: filters.to }),
  };
}
