import { useSetAtom } from "jotai";
import { useEffect } from "react";
import { flushSurveyQueueAtom } from "../../state/surveys";

/**
 * For members, while the app is open: sends survey taps that waited for the network, at
 * start-up and whenever the browser says the network is back (the counter's EarnQueueSync
 * does the same for point awards).
 */
export function SurveyQueueSync() {
  const flush = useSetAtom(flushSurveyQueueAtom);
  useEffect(() => {
    const run = () => void flush().catch(() => undefined);
    run();
    window.addEventListener("online", run);
    return () => window.removeEventListener("online", run);
  }, [flush]);
  return null;
}
