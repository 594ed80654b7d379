import { useId } from "react";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { LoadError } from "../common/load-error";

/**
 * What the member told the brand, in the console's language. Each answer keeps the form
 * version it was given for: an answer to an older version is still valid and shown as given.
 */
export function PreferencesSection({ memberId }: { memberId: string }) {
  const { t, locale } = useLocale();
  const titleId = useId();
  const { state, reload } = useApiResource(preferenceEndpoints.memberPreferences, { params: { id: memberId } });

  return (
    <section className="card" aria-labelledby={titleId} aria-busy={state.status === "loading"}>
      <header className="card-header card-header-split">
        <div>
          <h2 id={titleId}>{t("memberPrefs.title")}</h2>
          {state.status === "ready" && <p className="muted">{t("memberPrefs.subtitle", { version: state.data.formVersion })}</p>}
        </div>
        {state.status === "ready" &&
          (state.data.complete ? (
            <span className="status status-on">
              {state.data.completedAt
                ? t("memberPrefs.completeSince", { date: formatDate(locale, state.data.completedAt) })
                : t("memberPrefs.complete")}
            </span>
          ) : (
            <span className="status status-off">{t("memberPrefs.incomplete")}</span>
          ))}
      </header>
      {state.status === "loading" ? (
        <div className="skeleton-card" data-testid="member-prefs-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("memberPrefs.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : state.data.answers.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("memberPrefs.empty")}</p>
          <p className="muted">{t("memberPrefs.emptyHint")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">{t("memberPrefs.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("memberPrefs.col.question")}</th>
                <th scope="col">{t("memberPrefs.col.answer")}</th>
                <th scope="col" className="num">
                  {t("memberPrefs.col.version")}
                </th>
                <th scope="col">{t("memberPrefs.col.updatedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.answers.map((a) => (
                <tr key={a.questionId}>
                  <td className="cell-wrap">{a.label[locale] || a.questionId}</td>
                  <td className="cell-wrap strong">{a.text[locale]}</td>
                  <td className="num">
                    {a.formVersion < state.data.formVersion ? (
                      <span title={t("memberPrefs.olderVersion", { version: state.data.formVersion })}>
                        {a.formVersion} <span className="muted">{t("memberPrefs.older")}</span>
                      </span>
                    ) : (
                      a.formVersion
                    )}
                  </td>
                  <td>
                    <time dateTime={a.updatedAt}>{formatDateTime(locale, a.updatedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
