import { atom } from "jotai";
import { gameEndpoints } from "../../contract/endpoints/game";
import type { GameCampaignView, MyGames, RemainingPlaysView, SpinResponse } from "../../contract/game";
import { api, failureCode, withSession } from "./api";
import { remoteAtoms } from "./remote";
import { meAtom } from "./session";
import { loadSummaryAtom } from "./summary";
import { newIdempotencyKey } from "./rewards";

/*
 * The Games tab's state (issue 14): the member's wheel campaigns, the spin with its idempotency
 * key, extra plays. The server decides every outcome; the phone only shows what it answered.
 */

const games = remoteAtoms((get) => {
  void get(meAtom);
  return withSession(() => api.request(gameEndpoints.myGames));
});
export const myGamesAtom = games.valueAtom;
export const loadMyGamesAtom = games.loadAtom;
const updateMyGamesAtom = games.updateAtom;

export const loadGameRulesAtom = atom(null, (_get, _set, campaignId: string) =>
  withSession(() => api.request(gameEndpoints.gameRules, { params: { campaignId } })),
);

/** A campaign's new plays and the member's new balance, after a spin or a bought play. */
/**
 * What would stop the next spin once the plays changed, as the server's decideSpin says it:
 * the plays are checked after the run state, the gates and the budget, so only a wheel that was
 * open (or blocked by plays) changes: to no plays left, or the day's cap, or open again.
 */
function blockedAfter(blocked: GameCampaignView["blockedBy"], plays: RemainingPlaysView): GameCampaignView["blockedBy"] {
  if (blocked !== null && blocked !== "game_no_plays_left" && blocked !== "game_daily_play_limit") return blocked;
  if (plays.dailyCapReached) return "game_daily_play_limit";
  return plays.total > 0 ? null : "game_no_plays_left";
}

function applyPlays(campaignId: string, plays: RemainingPlaysView, balance: number) {
  return (current: MyGames): MyGames => ({
    balance,
    campaigns: current.campaigns.map((c) =>
      c.campaignId === campaignId ? { ...c, plays, blockedBy: blockedAfter(c.blockedBy, plays) } : c,
    ),
  });
}

// ---- the spin ----

/**
 * A spin whose answer has not arrived yet: its key is kept (in this atom and in sessionStorage,
 * which outlives a reload of the page but not the Mini App's session) until the server answers,
 * so a retry after a lost answer sends the SAME key and gets the SAME outcome, never a second
 * draw.
 */
export type PendingSpin = { campaignId: string; userId: string; idempotencyKey: string };
const PENDING_KEY = "ll.game.pendingSpin";

function readPending(): PendingSpin | null {
  try {
    const raw = sessionStorage.getItem(PENDING_KEY);
    const value = raw ? (JSON.parse(raw) as Partial<PendingSpin>) : null;
    return value && typeof value.campaignId === "string" && typeof value.userId === "string" && typeof value.idempotencyKey === "string"
      ? (value as PendingSpin)
      : null;
  } catch {
    return null;
  }
}

function writePending(pending: PendingSpin | null) {
  try {
    if (pending) sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    else sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // sessionStorage blocked: the atom still keeps the key for this page's life.
  }
}

/** undefined: not set in this store yet, so sessionStorage (a reload of the page) tells. */
const pendingSpinStateAtom = atom<PendingSpin | null | undefined>(undefined);

/** The signed-in member's spin still waiting for its answer, if any. */
export const pendingSpinAtom = atom((get) => {
  const held = get(pendingSpinStateAtom);
  const pending = held === undefined ? readPending() : held;
  return pending && pending.userId === get(meAtom)?.user.id ? pending : null;
});

/** Failures after which the server may or may not have drawn: the same key must be sent again. */
export function isRetryableSpinFailure(code: string): boolean {
  return code === "network" || code === "internal" || code === "rate_limited";
}

/**
 * Spins a campaign's wheel: the pending key of an earlier attempt whose answer was lost, or a
 * fresh one for a new tap. The key is forgotten once the server has answered (an outcome or a
 * refusal); a network failure keeps it for the retry.
 */
export const spinAtom = atom(null, async (get, set, campaignId: string): Promise<SpinResponse> => {
  const userId = get(meAtom)?.user.id ?? "";
  const earlier = get(pendingSpinAtom);
  const pending: PendingSpin =
    earlier && earlier.campaignId === campaignId ? earlier : { campaignId, userId, idempotencyKey: newIdempotencyKey() };
  set(pendingSpinStateAtom, pending);
  writePending(pending);
  try {
    const response = await withSession(() =>
      api.request(gameEndpoints.spin, { params: { campaignId }, body: { idempotencyKey: pending.idempotencyKey } }),
    );
    forget(pending);
    set(updateMyGamesAtom, applyPlays(campaignId, response.plays, response.balance));
    // The card and the summary show the balance too.
    if (response.pointsWon > 0) void set(loadSummaryAtom);
    return response;
  } catch (err) {
    if (!isRetryableSpinFailure(failureCode(err))) forget(pending);
    throw err;
  }

  function forget(which: PendingSpin) {
    if (get(pendingSpinAtom)?.idempotencyKey !== which.idempotencyKey) return;
    set(pendingSpinStateAtom, null);
    writePending(null);
  }
});

// ---- extra plays ----

/** Buys one play with points (never money); one key per tap, reused for a retry. */
export const buyPlayAtom = atom(null, async (_get, set, { campaignId, idempotencyKey }: { campaignId: string; idempotencyKey: string }) => {
  const response = await withSession(() => api.request(gameEndpoints.buyPlay, { params: { campaignId }, body: { idempotencyKey } }));
  set(updateMyGamesAtom, applyPlays(campaignId, response.plays, response.balance));
  void set(loadSummaryAtom);
  return response;
});

/** Claims the plays for following the brand's OA, once zmp-sdk followOA said it was done. */
export const claimFollowedOaAtom = atom(null, async (_get, set) => {
  const response = await withSession(() => api.request(gameEndpoints.followedOa));
  void set(loadMyGamesAtom, { quiet: true });
  return response;
});

export { newIdempotencyKey };
