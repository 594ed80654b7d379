import { useSetAtom } from "jotai";
import { useCallback, useEffect, useRef } from "react";
import { useT } from "../i18n/use-t";
import { flushEarnQueueAtom } from "../state/staff";
import { useSuccessToast } from "./use-toast";

/**
 * Sends waiting point awards and tells staff how many went through. The callback keeps one
 * identity for the life of the component (the snackbar's opener changes on every snackbar),
 * so effects that flush "on mount" really run once.
 */
export function useFlushEarnQueue(): () => Promise<void> {
  const flush = useSetAtom(flushEarnQueueAtom);
  const toast = useSuccessToast();
  const t = useT();
  const latest = useRef({ flush, toast, t });
  useEffect(() => {
    latest.current = { flush, toast, t };
  });
  return useCallback(() => {
    const { flush: send, toast: tell, t: translate } = latest.current;
    return send()
      .then((result) => {
        if (result.sent.length > 0) tell(translate("queue.sent", { count: result.sent.length }));
      })
      .catch(() => undefined);
  }, []);
}

/**
 * For counter staff, while the app is open: sends the offline queue at start-up and whenever
 * the browser says the network is back.
 */
export function EarnQueueSync() {
  const flushQueue = useFlushEarnQueue();
  useEffect(() => {
    const run = () => void flushQueue();
    run();
    window.addEventListener("online", run);
    return () => window.removeEventListener("online", run);
  }, [flushQueue]);
  return null;
}
