import type { MemberListResponse } from "../../contract/console";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { ChevronLeftIcon, ChevronRightIcon } from "../shell/icons";
import { PAGE_SIZES } from "./members-query";

type Props = {
  /** The current (URL) page and size: what the controls act on. */
  page: number;
  pageSize: number;
  /** The last page received: the summary describes rows actually on screen, not the one loading. */
  shown: MemberListResponse;
  disabled: boolean;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
};

export function Pager({ page, pageSize, shown, disabled, onPage, onPageSize }: Props) {
  const { t, locale } = useLocale();
  const n = (value: number) => formatNumber(locale, value);
  const from = (shown.page - 1) * shown.pageSize + 1;
  const count = shown.items.length;
  const summary =
    count > 0
      ? t("members.summary", { from: n(from), to: n(from + count - 1), total: n(shown.total) })
      : t("members.summaryNone", { total: n(shown.total) });

  return (
    <nav className="pager" aria-label={t("members.pagingLabel")}>
      <label className="pager-size">
        <span>{t("members.pageSize")}</span>
        <select className="select" value={pageSize} disabled={disabled} onChange={(event) => onPageSize(Number(event.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="pager-nav">
        <span className="pager-summary" aria-live="polite">
          {summary}
        </span>
        <button type="button" className="button button-secondary" disabled={disabled || page <= 1} onClick={() => onPage(page - 1)}>
          <ChevronLeftIcon />
          <span>{t("members.prev")}</span>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || page * pageSize >= shown.total}
          onClick={() => onPage(page + 1)}
        >
          <span>{t("members.next")}</span>
          <ChevronRightIcon />
        </button>
      </div>
    </nav>
  );
}
