import { atom } from "jotai";
import { checkinEndpoints } from "../../contract/endpoints/checkin";
import type { CheckinResponse } from "../../contract/checkin";
import { api, failureCode, withSession } from "./api";
import { remoteAtoms } from "./remote";
import { newIdempotencyKey } from "./rewards";
import { meAtom } from "./session";
import { loadSummaryAtom } from "./summary";

/*
 * The daily check-in (issue 14). The server enforces one per member per Vietnam day; the phone
 * makes one key per tap and sends it again after a lost answer, so a retry is answered with the
 * first check-in instead of a refusal.
 */

const checkin = remoteAtoms((get) => {
  void get(meAtom);
  return withSession(() => api.request(checkinEndpoints.checkinState));
});
export const checkinStateAtom = checkin.valueAtom;
export const loadCheckinStateAtom = checkin.loadAtom;

/** The key of a check-in tap whose answer has not arrived; reused by the retry. */
const pendingKeyAtom = atom<string | null>(null);

export const checkInAtom = atom(null, async (get, set): Promise<CheckinResponse> => {
  const key = get(pendingKeyAtom) ?? newIdempotencyKey();
  set(pendingKeyAtom, key);
  try {
    const response = await withSession(() => api.request(checkinEndpoints.checkin, { body: { idempotencyKey: key } }));
    set(pendingKeyAtom, null);
    if (response.points > 0) void set(loadSummaryAtom);
    return response;
  } catch (err) {
    if (failureCode(err) !== "network") set(pendingKeyAtom, null);
    throw err;
  } finally {
    // Whatever happened, the calendar is the server's.
    void set(loadCheckinStateAtom, { quiet: true });
  }
});
