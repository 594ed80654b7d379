import { useCallback, useMemo, useState } from "react";
import type { Locale } from "../../domain/locale/locale";
import type { MessageKey, Params } from "../i18n";
import { useLocale } from "../locale-context";
import { CheckIcon, CloseIcon } from "../shell/icons";

/** Built at render time, so a message on screen follows a language switch. */
export type NoticeMessage = (t: (key: MessageKey, params?: Params) => string, locale: Locale) => string;

export type NoticeHandle = { message: NoticeMessage | null; show: (message: NoticeMessage) => void; dismiss: () => void };

export function useNotice(): NoticeHandle {
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  // Functions in state must be wrapped, or React calls them as updaters.
  const show = useCallback((next: NoticeMessage) => setMessage(() => next), []);
  const dismiss = useCallback(() => setMessage(null), []);
  return useMemo(() => ({ message, show, dismiss }), [message, show, dismiss]);
}

/**
 * A success message that stays until dismissed (a timed toast can vanish before it is read).
 * The live region is always in the DOM so screen readers announce the text when it appears.
 */
export function Notice({ notice }: { notice: NoticeHandle }) {
  const { t, locale } = useLocale();
  return (
    <div role="status" className="notice-region">
      {notice.message && (
        <div className="notice">
          <CheckIcon className="notice-icon" />
          <p>{notice.message(t, locale)}</p>
          <button type="button" className="button button-ghost button-icon" onClick={notice.dismiss} aria-label={t("common.dismiss")}>
            <CloseIcon />
          </button>
        </div>
      )}
    </div>
  );
}
