import { Fragment, useCallback, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import type { MessageView, TemplateView } from "../../contract/messaging";
import { MESSAGE_CHANNELS, MESSAGE_STATUSES } from "../../domain/messaging/messages";
import { channelWord } from "../common/channels";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatDateTime, formatNumber, formatTime } from "../format";
import { useLocale } from "../locale-context";
import { ChevronDownIcon, ChevronLeftIcon, ChevronRightIcon } from "../shell/icons";
import { KNOWN_SOURCES, sourceLabel, STATUS_KEYS, TAG_KEYS } from "./labels";
import { hasFilters, logApiQuery, readLogQuery, writeLogQuery, type LogQuery } from "./log-query";
import { ERROR_FILTER_CODES, errorText, renderNoteText } from "./problems";
import { ZnsBubble } from "./zns-bubble";
import { LoadError } from "../common/load-error";

/** Earlier `before` cursors, newest page first, kept in history state so "Newer" can step back. */
type PagingState = { newer?: string[] } | null;

const COLUMNS = 7;

/**
 * Every message, newest first, with filters in the URL. Paging follows the API's `before`
 * cursor: "Older" moves it to the last message shown, "Newer" steps back through the cursors
 * seen on the way (a shared link to an older page offers "Newest" instead).
 */
export function MessageLog({ templates }: { templates: readonly TemplateView[] }) {
  const { t, locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const query = readLogQuery(params);
  const { state, reload } = useApiResource(messagingEndpoints.listMessages, { query: logApiQuery(query) });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const newer = (location.state as PagingState)?.newer ?? [];

  const update = useCallback(
    (change: Partial<LogQuery>, options?: { replace?: boolean; newer?: string[] }) =>
      setParams((current) => writeLogQuery(current, { ...readLogQuery(current), before: "", ...change }), {
        replace: options?.replace,
        state: { newer: options?.newer ?? [] } satisfies PagingState,
      }),
    [setParams],
  );
  const onErrorText = useCallback((error: string) => update({ error }, { replace: true }), [update]);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const sources =
    query.source && !(KNOWN_SOURCES as readonly string[]).includes(query.source) ? [...KNOWN_SOURCES, query.source] : KNOWN_SOURCES;
  const data = state.status === "ready" ? state.data : null;

  return (
    <section className="card" aria-labelledby="log-title">
      <header className="card-header card-header-split">
        <div>
          <h2 id="log-title">{t("msg.log.title")}</h2>
          <p className="muted">{t("msg.log.subtitle")}</p>
        </div>
        <button
          type="button"
          className="button button-secondary button-sm"
          onClick={reload}
          disabled={state.status === "loading"}
          aria-busy={state.status === "ready" && state.refreshing}
        >
          {t("msg.refresh")}
        </button>
      </header>

      <div className="card-toolbar log-filters" role="search" aria-label={t("msg.log.filters")}>
        <label className="filter">
          <span className="filter-label">{t("msg.log.status")}</span>
          <select className="select" value={query.status} onChange={(e) => update({ status: e.target.value as LogQuery["status"] })}>
            <option value="">{t("msg.log.all")}</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEYS[s])}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t("msg.log.source")}</span>
          <select className="select" value={query.source} onChange={(e) => update({ source: e.target.value })}>
            <option value="">{t("msg.log.all")}</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {sourceLabel(s, t)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t("msg.log.template")}</span>
          <select className="select" value={query.templateId} onChange={(e) => update({ templateId: e.target.value })}>
            <option value="">{t("msg.log.all")}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
            {query.templateId && !templates.some((tpl) => tpl.id === query.templateId) && (
              <option value={query.templateId}>{t("msg.log.unknownTemplate")}</option>
            )}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{channelWord(locale, "channel")}</span>
          <select className="select" value={query.channel} onChange={(e) => update({ channel: e.target.value as LogQuery["channel"] })}>
            <option value="">{t("msg.log.all")}</option>
            {MESSAGE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelWord(locale, c)}
              </option>
            ))}
          </select>
        </label>
        <ErrorFilter value={query.error} onChange={onErrorText} />
        {hasFilters(query) && (
          <button
            type="button"
            className="button button-ghost button-sm log-clear"
            onClick={() => update({ status: "", source: "", templateId: "", error: "", channel: "" })}
          >
            {t("msg.log.clear")}
          </button>
        )}
      </div>

      {state.status === "error" ? (
        <LoadError title={t("msg.log.error")} code={state.error.code} onRetry={reload} />
      ) : (
        <div className="table-wrap">
          <table className="table log-table" aria-busy={state.status === "loading"}>
            <caption className="sr-only">{t("msg.log.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("msg.log.col.time")}</th>
                <th scope="col">{t("msg.log.col.member")}</th>
                <th scope="col">{t("msg.log.col.template")}</th>
                <th scope="col">{channelWord(locale, "channel")}</th>
                <th scope="col">{t("msg.log.col.status")}</th>
                <th scope="col">{t("msg.log.col.error")}</th>
                <th scope="col" className="cell-action">
                  <span className="sr-only">{t("msg.log.col.text")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data === null ? (
                Array.from({ length: 6 }, (_, i) => (
                  <tr key={i} className="skeleton-row" aria-hidden="true" data-testid="skeleton-row">
                    {Array.from({ length: COLUMNS }, (__, j) => (
                      <td key={j}>
                        <span className="skeleton" />
                      </td>
                    ))}
                  </tr>
                ))
              ) : data.items.length === 0 ? (
                <tr>
                  <td colSpan={COLUMNS} className="table-empty">
                    <div className="state">
                      <p className="state-title">
                        {t(hasFilters(query) ? "msg.log.emptyFiltered" : query.before ? "msg.log.emptyPage" : "msg.log.empty")}
                      </p>
                      <p className="muted">{t(hasFilters(query) ? "msg.log.emptyFilteredHint" : "msg.log.emptyHint")}</p>
                    </div>
                  </td>
                </tr>
              ) : (
                data.items.map((m) => <LogRow key={m.id} message={m} open={expanded.has(m.id)} onToggle={() => toggle(m.id)} />)
              )}
            </tbody>
          </table>
        </div>
      )}

      {data && (data.nextBefore !== null || query.before !== "") && (
        <nav className="pager" aria-label={t("msg.log.paging")}>
          <span className="pager-summary">{t("msg.log.shown", { count: formatNumber(locale, data.items.length) })}</span>
          <div className="pager-nav">
            {query.before !== "" && newer.length > 0 && (
              <button type="button" className="button button-ghost" onClick={() => update({ before: "" })}>
                {t("msg.log.newest")}
              </button>
            )}
            <button
              type="button"
              className="button button-secondary"
              disabled={query.before === ""}
              onClick={() => update({ before: newer[newer.length - 1] ?? "" }, { newer: newer.slice(0, -1) })}
            >
              <ChevronLeftIcon />
              <span>{t("msg.log.newer")}</span>
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={data.nextBefore === null}
              onClick={() => update({ before: data.nextBefore ?? "" }, { newer: [...newer, query.before] })}
            >
              <span>{t("msg.log.older")}</span>
              <ChevronRightIcon />
            </button>
          </div>
        </nav>
      )}
    </section>
  );
}

/**
 * Why a message did not go, chosen in words (issue 16: marketers are not asked for codes such as
 * zns_-118 or quiet_hours); the value is the stored code the server filters on. A code from a
 * shared link that is not in the list is kept, said in words where the console knows it.
 */
function ErrorFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t, locale } = useLocale();
  const words = (code: string) => errorText(code, null, t, locale, true) ?? code;
  const options = ERROR_FILTER_CODES.map((code) => ({ code, label: words(code) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <label className="filter filter-grow">
      <span className="filter-label">{t("msg.log.errorCode")}</span>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("msg.log.all")}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
        {value && !ERROR_FILTER_CODES.includes(value) && <option value={value}>{words(value)}</option>}
      </select>
    </label>
  );
}

function LogRow({ message: m, open, onToggle }: { message: MessageView; open: boolean; onToggle: () => void }) {
  const { t, locale } = useLocale();
  const detailId = `log-detail-${m.id}`;
  const words = m.lastError ? errorText(m.lastError, m.errorDetail, t, locale, true) : null;
  const notes = m.renderNotes.map((note) => renderNoteText(note, t, locale));
  const time = (iso: string | null) => (iso ? <time dateTime={iso}>{formatDateTime(locale, iso)}</time> : <span className="muted">—</span>);
  return (
    <Fragment>
      <tr className={open ? "log-row-open" : undefined}>
        <td className="cell-time">
          {/* Date over time: the column stays narrow enough for a tablet. */}
          <time dateTime={m.createdAt} className="cell-stack">
            <span>{formatDate(locale, m.createdAt)}</span>
            <span className="small muted">{formatTime(locale, m.createdAt)}</span>
          </time>
        </td>
        <td className="cell-member">
          <span className="cell-stack">
            <Link className="row-link" to={`/members/${m.memberId}`}>
              {m.memberName}
            </Link>
            <span className="mono small">{m.memberNo}</span>
          </span>
        </td>
        <td className="cell-wrap">
          <span className="cell-stack">
            <span>{m.templateName}</span>
            <span className="small muted">{sourceLabel(m.source, t)}</span>
          </span>
        </td>
        <td className="cell-wrap">
          {channelWord(locale, m.channel)}
          {/* "Notification first": sent by ZNS because the notification could not go (why, in words, on hover). */}
          {m.fallbackReason && (
            <span className="small muted" title={errorText(m.fallbackReason, null, t, locale) ?? m.fallbackReason}>
              {" "}
              {channelWord(locale, "fellBack")}
            </span>
          )}
        </td>
        <td>
          <span className="cell-stack cell-status">
            <span>
              <span className={`status msg-status-${m.status}`}>{t(STATUS_KEYS[m.status])}</span>
              {/* Beside the status: a test's "delivered" is not a member's. */}
              {m.devMode && (
                <span className="badge badge-soon badge-test" title={t("msg.log.testBadgeTitle")}>
                  {t("msg.log.testBadge")}
                </span>
              )}
            </span>
            <span className="small muted">{t("msg.log.attempts", { count: formatNumber(locale, m.attempts) })}</span>
          </span>
        </td>
        <td className="cell-error">
          {m.lastError === null ? (
            notes.length ? (
              <span className="cell-stack small muted render-notes">
                {notes.map((note, i) => (
                  <span key={i}>{note}</span>
                ))}
              </span>
            ) : (
              <span className="muted">—</span>
            )
          ) : (
            <span className="cell-stack">
              {words && <span>{words}</span>}
              <code className="mono small error-code" title={m.lastError}>
                {m.lastError}
              </code>
            </span>
          )}
        </td>
        <td className="cell-action">
          <button
            type="button"
            className="button button-ghost button-sm log-toggle"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            aria-label={t("msg.log.showText", { name: m.memberName, time: formatDateTime(locale, m.createdAt) })}
            onClick={onToggle}
          >
            <span className="log-toggle-text" aria-hidden="true">
              {t("msg.log.text")}
            </span>
            <ChevronDownIcon className="log-chevron" />
          </button>
        </td>
      </tr>
      {open && (
        <tr className="log-detail" id={detailId}>
          <td colSpan={COLUMNS}>
            <div className="log-detail-body">
              <ZnsBubble>{m.text ? <MessageText text={m.text} /> : <span className="muted">{t("msg.log.noText")}</span>}</ZnsBubble>
              <dl className="entry-facts log-facts">
                <div>
                  <dt>{t("msg.log.tag")}</dt>
                  <dd>{t(TAG_KEYS[m.tag])}</dd>
                </div>
                <div>
                  <dt>{t("msg.log.tracking")}</dt>
                  <dd className="mono small">{m.trackingId}</dd>
                </div>
                <div>
                  <dt>{t("msg.log.createdAt")}</dt>
                  <dd>{time(m.createdAt)}</dd>
                </div>
                <div>
                  <dt>{t("msg.log.notBefore")}</dt>
                  <dd>{time(m.notBefore)}</dd>
                </div>
                <div>
                  <dt>{t("msg.log.sentAt")}</dt>
                  <dd>{time(m.sentAt)}</dd>
                </div>
                <div>
                  <dt>{t("msg.log.deliveredAt")}</dt>
                  <dd>{time(m.deliveredAt)}</dd>
                </div>
                {notes.length > 0 && (
                  <div className="log-fact-wide">
                    <dt>{t("msg.log.notes")}</dt>
                    <dd>{notes.join(" · ")}</dd>
                  </div>
                )}
                {m.lastError && (
                  <div className="log-fact-wide">
                    <dt>{t("msg.log.col.error")}</dt>
                    <dd>
                      {errorText(m.lastError, m.errorDetail, t, locale) ?? m.lastError}
                      <code className="mono small error-code error-code-full">{m.lastError}</code>
                    </dd>
                  </div>
                )}
              </dl>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/**
 * A message that could not be rendered comes back with its <parameters> still in it: they are
 * marked like the editor's preview marks a parameter without a value.
 */
function MessageText({ text }: { text: string }) {
  const parts = text.split(/(<[a-z][a-z0-9_]*>)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="zns-value zns-value-missing">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}
