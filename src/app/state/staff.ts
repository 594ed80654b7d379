import { atom } from "jotai";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { memberEndpoints } from "../../contract/endpoints/members";
import type { EarnResponse } from "../../contract/loyalty";
import { platformStorage } from "../platform/storage";
import { api, failureCode, withSession } from "./api";
import {
  applyFlush,
  dismissFailed,
  earnQueueStore,
  earnRequestFor,
  enqueue,
  flushItems,
  EMPTY_QUEUE,
  type EarnQueue,
  type FlushResult,
  type QueuedEarn,
} from "./earn-queue";
import { meAtom } from "./session";

const STORE_KEY = "ll.staffStore";
const queueStore = earnQueueStore(platformStorage);

/** A member code as read at the till, and what the server said about it when it could. */
export type MemberScan = {
  code: string;
  /** Server time of a verified scan; the phone's time when the server could not be reached. */
  capturedAt: string;
  scanToken: string | null;
  /** Local epoch ms until which the scan token is used (a margin inside its 10 minutes). */
  tokenValidUntil: number | null;
};

/** The server accepts a scan token for 10 minutes; we stop using it a minute earlier. */
export const SCAN_TOKEN_USE_MS = 9 * 60_000;

// ---- the store staff work at ----

const chosenStoreAtom = atom<string | null>(null);

/** The store for earning and vouchers: the one picked on this device if still allowed, else the first. */
export const staffStoreAtom = atom(
  (get) => {
    const stores = get(meAtom)?.user.stores ?? [];
    const wanted = get(chosenStoreAtom) ?? platformStorage.getItem(STORE_KEY);
    return stores.find((s) => s.id === wanted) ?? stores[0] ?? null;
  },
  (_get, set, storeId: string) => {
    set(chosenStoreAtom, storeId);
    platformStorage.setItem(STORE_KEY, storeId);
  },
);

// ---- the offline queue ----

/** Bumped after every write, so readers re-read storage (the source of truth). */
const queueVersionAtom = atom(0);

/** This staff member's waiting and refused point awards. */
export const earnQueueAtom = atom<EarnQueue>((get) => {
  get(queueVersionAtom);
  const staffId = get(meAtom)?.user.id;
  if (!staffId) return EMPTY_QUEUE;
  const queue = queueStore.read();
  return { pending: queue.pending.filter((p) => p.staffId === staffId), failed: queue.failed.filter((f) => f.staffId === staffId) };
});

const queueEarnAtom = atom(null, (get, set, item: QueuedEarn) => {
  const { queue, added } = enqueue(queueStore.read(), item);
  if (added) queueStore.write(queue);
  set(queueVersionAtom, get(queueVersionAtom) + 1);
  return added;
});

export const dismissFailedEarnsAtom = atom(null, (get, set) => {
  const staffId = get(meAtom)?.user.id;
  if (!staffId) return;
  queueStore.write(dismissFailed(queueStore.read(), staffId));
  set(queueVersionAtom, get(queueVersionAtom) + 1);
});

function postEarn(item: QueuedEarn, now: number) {
  const request = earnRequestFor(item, now);
  return withSession(() => api.request(loyaltyEndpoints.earn, { body: request }));
}

/** What the last sends of the queue credited, for the counter to show until staff read it. */
export type SentEarn = { receiptNo: string; billVnd: number; points: number; name: string; replayed: boolean };
const sentAtom = atom<{ staffId: string; items: SentEarn[] } | null>(null);

/** This staff member's recently sent awards (in memory: what happened since they last looked). */
export const recentlySentAtom = atom(
  (get) => {
    const sent = get(sentAtom);
    return sent && sent.staffId === get(meAtom)?.user.id ? sent.items : [];
  },
  (_get, set) => set(sentAtom, null),
);

const NOTHING_SENT: FlushResult = { sent: [], failed: [], kept: [] };
const flushInFlightAtom = atom<Promise<FlushResult> | null>(null);

/**
 * Sends this staff member's waiting awards. One run at a time: the app start, the staff
 * screen and the 'online' event may all ask at once.
 */
export const flushEarnQueueAtom = atom(null, (get, set): Promise<FlushResult> => {
  const running = get(flushInFlightAtom);
  if (running) return running;
  const staffId = get(meAtom)?.user.id;
  const pending = staffId ? queueStore.read().pending.filter((p) => p.staffId === staffId) : [];
  if (pending.length === 0) return Promise.resolve(NOTHING_SENT);
  const run = (async () => {
    const result = await flushItems(pending, (item) => postEarn(item, Date.now()), Date.now);
    queueStore.write(applyFlush(queueStore.read(), result));
    set(queueVersionAtom, get(queueVersionAtom) + 1);
    if (staffId && result.sent.length > 0) {
      const before = get(sentAtom);
      const earlier = before?.staffId === staffId ? before.items : [];
      const now = result.sent.map(({ item, response }) => ({
        receiptNo: item.receiptNo,
        billVnd: item.billVnd,
        points: response.points,
        name: response.displayName,
        replayed: response.replayed,
      }));
      set(sentAtom, { staffId, items: [...earlier, ...now] });
    }
    return result;
  })().finally(() => set(flushInFlightAtom, null));
  set(flushInFlightAtom, run);
  return run;
});

// ---- awarding points ----

export type EarnInput = { storeId: string; receiptNo: string; billVnd: number; scan: MemberScan; memberName: string | null };
export type EarnOutcome =
  { kind: "earned"; response: EarnResponse; receiptNo: string } | { kind: "queued"; item: QueuedEarn; added: boolean };

/**
 * Awards points now, or, when the server cannot be reached, queues the award for later and
 * says so. Any answer from the server (a refusal included) is not queued: it is shown.
 */
export const submitEarnAtom = atom(null, async (get, set, input: EarnInput): Promise<EarnOutcome> => {
  const staffId = get(meAtom)?.user.id ?? "";
  const now = Date.now();
  const item: QueuedEarn = {
    staffId,
    storeId: input.storeId,
    receiptNo: input.receiptNo,
    billVnd: input.billVnd,
    member: { code: input.scan.code, capturedAt: input.scan.capturedAt },
    scanToken:
      input.scan.scanToken && input.scan.tokenValidUntil ? { token: input.scan.scanToken, validUntil: input.scan.tokenValidUntil } : null,
    memberName: input.memberName,
    queuedAt: new Date(now).toISOString(),
  };
  try {
    const response = await postEarn(item, now);
    return { kind: "earned", response, receiptNo: input.receiptNo };
  } catch (err) {
    if (failureCode(err) !== "network") throw err;
    return { kind: "queued", item, added: set(queueEarnAtom, item) };
  }
});

// ---- at the till: a member's card, a voucher ----

/** Asks the server to verify a member's live QR; it answers with the member and a scan token. */
export const scanMemberAtom = atom(null, (_get, _set, code: string) =>
  withSession(() => api.request(memberEndpoints.scanMember, { body: { code } })),
);

/** When the QR will not scan: the member by card number or phone, with the phone's last 3 digits. */
export const lookupMemberAtom = atom(null, (_get, _set, body: { query: string; phoneLast3: string }) =>
  withSession(() => api.request(memberEndpoints.lookupMember, { body })),
);
