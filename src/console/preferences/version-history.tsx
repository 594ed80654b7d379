import { useId } from "react";
import type { ConsoleForm } from "../../contract/preferences";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";

type Props = { versions: ConsoleForm["versions"]; current: number };

/** Every published version, newest first, with who published it. */
export function VersionHistory({ versions, current }: Props) {
  const { t, locale } = useLocale();
  const titleId = useId();
  const rows = [...versions].sort((a, b) => b.version - a.version);
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card-header">
        <h2 id={titleId}>{t("prefs.history.title")}</h2>
        <p className="muted">{t("prefs.history.explain")}</p>
      </header>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="sr-only">{t("prefs.history.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("prefs.history.col.version")}</th>
              <th scope="col">{t("prefs.history.col.at")}</th>
              <th scope="col">{t("prefs.history.col.by")}</th>
              <th scope="col" className="num">
                {t("prefs.history.col.questions")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.version}>
                <td className="strong">
                  {t("prefs.history.version", { version: v.version })}
                  {v.version === current && <span className="badge badge-soon badge-inline">{t("prefs.history.current")}</span>}
                </td>
                <td>
                  <time dateTime={v.createdAt}>{formatDateTime(locale, v.createdAt)}</time>
                </td>
                <td>{v.createdBy ?? <span className="muted">{t("prefs.history.bySystem")}</span>}</td>
                <td className="num">{formatNumber(locale, v.questions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
