import { useEffect, useState } from "react";
import { useLocale } from "../locale-context";
import { SearchIcon } from "../shell/icons";
import { useDebouncedCallback } from "./use-debounced-callback";

export const SEARCH_DEBOUNCE_MS = 300;

type Props = { value: string; onSearch: (q: string) => void };

/** Search box that owns what is typed and reports it after a pause, not per keystroke. */
export function MemberSearch({ value, onSearch }: Props) {
  const { t } = useLocale();
  const [text, setText] = useState(value);
  const { call, pending } = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);

  // Follow the URL when it changes underneath us (back/forward, "clear search"), but never
  // while a debounced search is waiting: that would undo the user's last keystrokes.
  useEffect(() => {
    if (!pending()) setText(value);
  }, [value, pending]);

  return (
    <div className="search">
      <label htmlFor="member-search" className="sr-only">
        {t("members.searchLabel")}
      </label>
      <SearchIcon className="search-icon" />
      <input
        id="member-search"
        className="input search-input"
        type="search"
        autoComplete="off"
        placeholder={t("members.searchPlaceholder")}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          call(event.target.value);
        }}
      />
    </div>
  );
}
