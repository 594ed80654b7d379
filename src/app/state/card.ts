import { atom } from "jotai";
import { atomWithLazy } from "jotai/utils";
import type { MemberCard } from "../../contract/members";
import type { Locale } from "../../domain/locale/locale";
import { platformStorage, readJson } from "../platform/storage";
import { failureCode, type FailureCode } from "./api-base";
import { isCardSnapshot } from "./cache-guards";
import { callApi, loadedApi } from "./contract";
import { resetSummaryAtom } from "./summary";

const CARD_KEY = "ll.card";

/**
 * The first paint inside Zalo reads the card from a localStorage mirror before zmp-sdk has
 * arrived (platform/storage.ts), without its QR key: every Mini App is served from h5.zdn.vn,
 * so their localStorage is one origin's, and the key would let another app draw this member's
 * codes. Name, tier and points paint at once; the QR waits in its reserved square for
 * nativeStorage's copy (decision 0028).
 */
platformStorage.mirror(CARD_KEY, (raw) => {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!isCardSnapshot(value)) return null;
    return JSON.stringify({ ...value, card: { ...value.card, qrSecret: "" } });
  } catch {
    return null;
  }
});

/**
 * The member card plus the correction for this phone's clock: the QR step is computed at
 * Date.now() + clockOffsetMs, so a phone a few minutes off still shows a code the server
 * accepts (it allows one 30 s step of drift only).
 */
export type CardSnapshot = { card: MemberCard; clockOffsetMs: number };

export type CardState =
  | { status: "loading" }
  /** offline: the last refresh failed and this is the cached card (its QR still verifies). */
  | ({ status: "ready"; offline: boolean } & CardSnapshot)
  | { status: "notMember" }
  | { status: "error"; code: FailureCode };

/**
 * The cached card: by shape until the contract's chunk is here (the first paint), then by the
 * contract's schema (state/contract.ts).
 */
function readCache(): CardSnapshot | null {
  const value = readJson(platformStorage, CARD_KEY);
  // The mirror's card has no QR key on purpose (above), which the schema would refuse.
  const contract = platformStorage.isSettled() ? loadedApi() : null;
  if (!contract) return isCardSnapshot(value) ? value : null;
  const parsed = contract.CachedCard.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function writeCache(snapshot: CardSnapshot | null) {
  if (snapshot) platformStorage.setItem(CARD_KEY, JSON.stringify(snapshot));
  else platformStorage.removeItem(CARD_KEY);
}

function snapshotOf(card: MemberCard, receivedAt: number = Date.now()): CardSnapshot {
  return { card, clockOffsetMs: Date.parse(card.serverTime) - receivedAt };
}

/**
 * Starts from the phone's copy, read when the card is first needed: a returning member's card
 * page draws name, tier and points in its first render, not after an effect (issue 12).
 */
const cardStateAtom = atomWithLazy<CardState>(() => {
  const cached = readCache();
  return cached ? { status: "ready", offline: false, ...cached } : { status: "loading" };
});

export const cardAtom = atom((get) => get(cardStateAtom));

/**
 * Shows the cached card at once (so the QR draws with no network), then refreshes it from
 * GET /members/me/card. A failed refresh keeps the cached card and flags it offline.
 */
export const loadCardAtom = atom(null, async (get, set) => {
  let painted = get(cardStateAtom);
  if (painted.status !== "ready") {
    const cached = readCache();
    painted = cached ? { status: "ready", offline: false, ...cached } : { status: "loading" };
    set(cardStateAtom, painted);
  }
  if (!platformStorage.isSettled()) {
    // Painted from the mirror: nativeStorage's card (with its QR key), or none, replaces it.
    await platformStorage.settled();
    const settled = readCache();
    if (get(cardStateAtom) === painted)
      set(cardStateAtom, settled ? { status: "ready", offline: false, ...settled } : { status: "loading" });
  }
  try {
    const card = await callApi(({ api, memberEndpoints }) => api.request(memberEndpoints.card));
    const snapshot = snapshotOf(card);
    writeCache(snapshot);
    set(cardStateAtom, { status: "ready", offline: false, ...snapshot });
  } catch (err) {
    const code = failureCode(err);
    if (code === "not_a_member") {
      writeCache(null);
      set(cardStateAtom, { status: "notMember" });
      return;
    }
    const shown = get(cardStateAtom);
    // Every card shown is also the cached one; read again, now through the contract's schema
    // when its chunk has arrived, it must still pass to stay on screen.
    if (shown.status === "ready" && readCache()) set(cardStateAtom, { ...shown, offline: true });
    else set(cardStateAtom, { status: "error", code });
  }
});

/** Joining returns the new card: show it without another round trip. */
export const setCardAtom = atom(null, (_get, set, card: MemberCard) => {
  const snapshot = snapshotOf(card);
  writeCache(snapshot);
  set(cardStateAtom, { status: "ready", offline: false, ...snapshot });
});

/**
 * Joins the programme under the terms version the shopper saw (the server refuses an outdated
 * one) and shows the new card; returns it.
 */
export const enrolAtom = atom(null, async (_get, set, request: { termsVersion: string; locale: Locale }) => {
  const { card } = await callApi(({ api, memberEndpoints }) =>
    api.request(memberEndpoints.enrol, { body: { ...request, accepted: true } }),
  );
  set(setCardAtom, card);
  return card;
});

/** After the phone was saved, only the masked number changes. */
export const setCardPhoneAtom = atom(null, (get, set, phoneMasked: string) => {
  const state = get(cardStateAtom);
  if (state.status !== "ready") return;
  const next = { ...state, card: { ...state.card, phoneMasked } };
  writeCache({ card: next.card, clockOffsetMs: next.clockOffsetMs });
  set(cardStateAtom, next);
});

export const clearCardAtom = atom(null, (_get, set) => {
  writeCache(null);
  set(cardStateAtom, { status: "loading" });
  set(resetSummaryAtom);
});
