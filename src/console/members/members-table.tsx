import type { ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import type { MemberRow } from "../../contract/console";
import { formatDate, formatNumber } from "../format";
import { tierKey, type MessageKey } from "../i18n";
import { useLocale } from "../locale-context";

const COLUMNS: readonly { id: string; key: MessageKey; numeric?: boolean }[] = [
  { id: "memberNo", key: "members.col.memberNo" },
  { id: "name", key: "members.col.name" },
  { id: "phone", key: "members.col.phone" },
  { id: "tier", key: "members.col.tier" },
  { id: "points", key: "members.col.points", numeric: true },
  { id: "joinedAt", key: "members.col.joinedAt" },
];

/** Fewer skeleton rows than a full page: enough to read as "a table is coming", no long grey wall. */
const SKELETON_ROWS = 8;

type Props = { loading: true; pageSize: number } | { loading: false; rows: readonly MemberRow[]; empty: ReactNode };

export function MembersTable(props: Props) {
  const { t } = useLocale();
  return (
    <div className="table-wrap">
      <table className="table" aria-busy={props.loading}>
        <caption className="sr-only">{t("members.tableCaption")}</caption>
        <colgroup>
          {COLUMNS.map((col) => (
            <col key={col.id} className={`col-${col.id}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((col) => (
              <th key={col.key} scope="col" className={col.numeric ? "num" : undefined}>
                {t(col.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.loading ? (
            <SkeletonRows count={Math.min(props.pageSize, SKELETON_ROWS)} />
          ) : props.rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="table-empty">
                {props.empty}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => <MemberTableRow key={row.memberId} row={row} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The list's search and page travel along, so "back to members" returns to the same page. */
export type MemberLinkState = { fromSearch: string };

function MemberTableRow({ row }: { row: MemberRow }) {
  const { t, locale } = useLocale();
  const location = useLocation();
  const linkState: MemberLinkState = { fromSearch: location.search };
  return (
    <tr>
      <td className="mono">{row.memberNo}</td>
      <td className="strong">
        {/* The name is the link (a real <a>: middle-click and "open in new tab" work). */}
        <Link className="row-link" to={`/members/${row.memberId}`} state={linkState}>
          {row.displayName}
        </Link>
        {row.imported && (
          <span className="badge badge-muted" title={t("members.importedHint")}>
            {t("members.imported")}
          </span>
        )}
      </td>
      <td className="mono">{row.phoneMasked ?? <span className="muted">{t("members.noPhone")}</span>}</td>
      <td>
        <span className={`tier tier-${row.tier}`}>{t(tierKey(row.tier))}</span>
      </td>
      <td className="num">{formatNumber(locale, row.pointsBalance)}</td>
      <td>
        <time dateTime={row.joinedAt}>{formatDate(locale, row.joinedAt)}</time>
      </td>
    </tr>
  );
}

function SkeletonRows({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <tr key={i} className="skeleton-row" aria-hidden="true" data-testid="skeleton-row">
          {COLUMNS.map((col) => (
            <td key={col.key} className={col.numeric ? "num" : undefined}>
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
