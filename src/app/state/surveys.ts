import { atom } from "jotai";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { AnswerResponse, FollowUpRequest, SurveyView } from "../../contract/surveys";
import { platformStorage, readJson } from "../platform/storage";
import { api, failureCode, withSession } from "./api";
import { remoteAtoms } from "./remote";
import { meAtom } from "./session";
import { loadSummaryAtom } from "./summary";
import { newIdempotencyKey } from "./rewards";
import {
  answerQueueStore,
  applyAnswerFlush,
  attachFollowUp,
  enqueueAnswer,
  flushAnswers,
  type AnswerFlush,
  type QueuedAnswer,
} from "./survey-queue";

const queueStore = answerQueueStore(platformStorage);

// ---- reading ----

/** The signed-in member's open surveys (the account page's list and the card's prompt). */
const openSurveys = remoteAtoms((get) => {
  void get(meAtom);
  return withSession(() => api.request(surveyEndpoints.myOpenSurveys, {}));
});
export const openSurveysAtom = openSurveys.valueAtom;
export const loadOpenSurveysAtom = openSurveys.loadAtom;

export const loadSurveyViewAtom = atom(null, (_get, _set, { surveyId, token }: { surveyId: string; token: string | null }) =>
  withSession(() => api.request(surveyEndpoints.surveyView, { params: { surveyId }, query: token ? { t: token } : {} })),
);

// ---- answering ----

/** Bumped after every queue write, so readers re-read storage (the source of truth). */
const queueVersionAtom = atom(0);

/** This member's taps still waiting for the network. */
export const pendingAnswersAtom = atom<QueuedAnswer[]>((get) => {
  get(queueVersionAtom);
  const userId = get(meAtom)?.user.id;
  return userId ? queueStore.read().filter((q) => q.userId === userId) : [];
});

export type AnswerOutcome = { kind: "sent"; response: AnswerResponse } | { kind: "queued"; item: QueuedAnswer };

/** One tap: a fresh clientAnswerId per tap (a resend of that tap reuses it). */
export type Tap = { surveyId: string; score: number; token: string | null };

function postAnswer(item: QueuedAnswer) {
  return withSession(() =>
    api.request(surveyEndpoints.answer, {
      params: { surveyId: item.surveyId },
      body: { score: item.score, clientAnswerId: item.clientAnswerId, ...(item.token ? { token: item.token } : {}) },
    }),
  );
}

function putFollowUp(answerId: string, body: FollowUpRequest) {
  return withSession(() => api.request(surveyEndpoints.followUp, { params: { answerId }, body }));
}

/**
 * Records a tap now, or, when the server cannot be reached, keeps it on the phone to send later
 * and says so. Any answer from the server (a refusal included) is not queued: it is shown.
 */
export const answerSurveyAtom = atom(null, async (get, set, tap: Tap): Promise<AnswerOutcome> => {
  const item: QueuedAnswer = {
    userId: get(meAtom)?.user.id ?? "",
    surveyId: tap.surveyId,
    score: tap.score,
    clientAnswerId: newIdempotencyKey(),
    token: tap.token,
    queuedAt: new Date().toISOString(),
    followUp: null,
  };
  try {
    const response = await postAnswer(item);
    if (response.rewardCredited > 0) void set(loadSummaryAtom);
    return { kind: "sent", response };
  } catch (err) {
    if (failureCode(err) !== "network") throw err;
    queueStore.write(enqueueAnswer(queueStore.read(), item));
    set(queueVersionAtom, get(queueVersionAtom) + 1);
    return { kind: "queued", item };
  }
});

/**
 * The optional follow-up. For a sent answer it goes now; for a tap still waiting it rides with
 * the tap ("queued"). A network failure of a sent answer's follow-up throws, for the page to
 * offer a retry (the answer itself is safe).
 */
export const followUpAtom = atom(
  null,
  async (
    get,
    set,
    input: { answerId: string | null; clientAnswerId: string; reasons: string[]; comment: string | null },
  ): Promise<"sent" | "queued"> => {
    const body = { reasons: input.reasons, comment: input.comment };
    if (input.answerId === null) {
      const { queue, attached } = attachFollowUp(queueStore.read(), input.clientAnswerId, body);
      if (attached) {
        queueStore.write(queue);
        set(queueVersionAtom, get(queueVersionAtom) + 1);
        return "queued";
      }
      // Sent meanwhile: the queue's run knows its answer id.
      const sent = lastSentAnswers.get(input.clientAnswerId);
      if (!sent) return "queued";
      await putFollowUp(sent, body);
      return "sent";
    }
    await putFollowUp(input.answerId, body);
    return "sent";
  },
);

/** Answer ids of taps the queue sent during this run of the app, by clientAnswerId. */
const lastSentAnswers = new Map<string, string>();

const NOTHING_SENT: AnswerFlush = { sent: [], refused: [], kept: [] };
let flushInFlight: Promise<AnswerFlush> | null = null;

/** What the last queue run sent, for a page showing one of those taps to pick up its answer. */
export const lastFlushAtom = atom<AnswerFlush>(NOTHING_SENT);

/**
 * Sends this member's waiting taps. One run at a time: the app start, the survey page and the
 * 'online' event may all ask at once.
 */
export const flushSurveyQueueAtom = atom(null, (get, set): Promise<AnswerFlush> => {
  if (flushInFlight) return flushInFlight;
  const userId = get(meAtom)?.user.id;
  const pending = userId ? queueStore.read().filter((q) => q.userId === userId) : [];
  if (pending.length === 0) return Promise.resolve(NOTHING_SENT);
  const run = (async () => {
    const result = await flushAnswers(pending, { answer: postAnswer, followUp: putFollowUp });
    queueStore.write(applyAnswerFlush(queueStore.read(), result));
    for (const { item, response } of result.sent) lastSentAnswers.set(item.clientAnswerId, response.answerId);
    set(queueVersionAtom, get(queueVersionAtom) + 1);
    if (result.sent.length > 0 || result.refused.length > 0) set(lastFlushAtom, result);
    if (result.sent.some((s) => s.response.rewardCredited > 0)) void set(loadSummaryAtom);
    return result;
  })().finally(() => {
    flushInFlight = null;
  });
  flushInFlight = run;
  return run;
});

// ---- the card's prompt ----

const DISMISSED_KEY = "ll.surveyPromptsDismissed";
const dismissedVersionAtom = atom(0);

/** Asks the member closed on the card: not shown again on this phone. */
export const dismissedPromptsAtom = atom((get) => {
  get(dismissedVersionAtom);
  const stored = readJson(platformStorage, DISMISSED_KEY);
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : [];
});

export const dismissPromptAtom = atom(null, (get, set, askId: string) => {
  // The newest 50 are plenty: an ask expires within days and is not listed after that.
  const next = [...get(dismissedPromptsAtom).filter((id) => id !== askId), askId].slice(-50);
  platformStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
  set(dismissedVersionAtom, get(dismissedVersionAtom) + 1);
});

/** The page's path for a survey, with its link's token. */
export function surveyPath(surveyId: string, token: string | null): string {
  return `/survey/${encodeURIComponent(surveyId)}${token ? `?t=${encodeURIComponent(token)}` : ""}`;
}

export type { SurveyView };
