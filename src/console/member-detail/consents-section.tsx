import { useId, type ReactNode } from "react";
import type { MemberConsentsView } from "../../contract/preferences";
import { CONSENT_PURPOSES, PURPOSES, type ConsentPurpose, type ZaloPermission } from "../../domain/consent/purposes";
import type { ResourceState } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { LoadError } from "../common/load-error";

type View = MemberConsentsView;
type Outcome = View["zaloAnswers"][number]["outcome"];

const PERMISSION_KEYS: Record<ZaloPermission, MessageKey> = {
  phone: "consents.permission.phone",
  requestSendNotification: "consents.permission.requestSendNotification",
  interactOA: "consents.permission.interactOA",
};

const OUTCOME_KEYS: Record<Outcome, MessageKey> = {
  allowed: "consents.outcome.allowed",
  refused: "consents.outcome.refused",
  unavailable: "consents.outcome.unavailable",
};

/** Channels the server records today; an unknown one is shown as stored (it is evidence). */
const CHANNEL_KEYS: Record<string, MessageKey> = {
  mini_app: "consents.channel.mini_app",
  console: "consents.channel.console",
  seed: "consents.channel.seed",
  erasure: "consents.channel.erasure",
};

const REQUEST_KEYS: Record<View["privacyRequests"][number]["kind"], MessageKey> = {
  export: "consents.request.export",
  erase: "consents.request.erase",
};

/** Joining records "<terms version>/<locale>" (the language read); the version is what can go stale. */
const wordingOf = (recorded: string) => recorded.split("/")[0];

const newestFirst = <T extends { at: string }>(items: readonly T[]) => [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

/**
 * The member's consents as evidence: the state per purpose, every decision with the wording
 * version and channel it was made on, Zalo's own permission answers and privacy requests.
 */
export function ConsentsSection({ state, onRetry }: { state: ResourceState<View>; onRetry: () => void }) {
  const { t } = useLocale();
  const titleId = useId();
  return (
    <section className="card consents" aria-labelledby={titleId} aria-busy={state.status === "loading"}>
      <header className="card-header">
        <h2 id={titleId}>{t("consents.title")}</h2>
        <p className="muted">{t("consents.subtitle")}</p>
      </header>
      {state.status === "loading" ? (
        <div className="skeleton-card" data-testid="consents-skeleton">
          {[0, 1, 2, 3].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("consents.loadFailed")} code={state.error.code} onRetry={onRetry} />
      ) : (
        <ConsentsBody view={state.data} />
      )}
    </section>
  );
}

function ConsentsBody({ view }: { view: View }) {
  const { t, locale } = useLocale();
  const title = (purpose: ConsentPurpose) => PURPOSES[purpose][locale].title;
  const time = (iso: string) => <time dateTime={iso}>{formatDateTime(locale, iso)}</time>;
  const order = (p: ConsentPurpose) => CONSENT_PURPOSES.indexOf(p);
  const purposes = [...view.purposes].sort((a, b) => order(a.purpose) - order(b.purpose));

  return (
    <div className="consents-body">
      <SubTable
        title={t("consents.current")}
        caption={t("consents.currentCaption")}
        headers={[t("consents.col.purpose"), t("consents.col.state"), t("consents.col.since"), t("consents.col.wording")]}
      >
        {purposes.map((p) => {
          const def = PURPOSES[p.purpose];
          const stale = p.wordingVersion !== null && wordingOf(p.wordingVersion) !== def.version;
          return (
            <tr key={p.purpose}>
              <td className="cell-wrap">
                <span className="strong">{title(p.purpose)}</span>
                {def.required && <span className="badge badge-muted">{t("consents.required")}</span>}
              </td>
              <td>
                {p.granted ? (
                  <span className="status status-on">{t("consents.state.granted")}</span>
                ) : p.since ? (
                  <span className="status status-withdrawn">{t("consents.state.withdrawn")}</span>
                ) : (
                  <span className="status status-off">{t("consents.state.never")}</span>
                )}
              </td>
              <td>{p.since ? time(p.since) : <span className="muted">—</span>}</td>
              <td>
                {p.wordingVersion ? <span className="mono">{p.wordingVersion}</span> : <span className="muted">—</span>}
                {stale && (
                  <span className="badge badge-warn badge-inline" title={t("consents.staleTitle", { version: def.version })}>
                    {t("consents.stale")}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </SubTable>

      <SubTable
        title={t("consents.history")}
        caption={t("consents.historyCaption")}
        headers={[
          t("consents.col.time"),
          t("consents.col.purpose"),
          t("consents.col.decision"),
          t("consents.col.wording"),
          t("consents.col.channel"),
        ]}
        empty={view.history.length === 0 ? t("consents.historyEmpty") : null}
      >
        {newestFirst(view.history).map((e, i) => (
          <tr key={`${e.at}-${e.purpose}-${i}`}>
            <td>{time(e.at)}</td>
            <td className="cell-wrap">{title(e.purpose)}</td>
            <td>
              {e.granted ? (
                <span className="status status-on">{t("consents.decision.granted")}</span>
              ) : (
                <span className="status status-withdrawn">{t("consents.decision.withdrawn")}</span>
              )}
            </td>
            <td className="mono">{e.wordingVersion}</td>
            <td className="cell-channel">
              {CHANNEL_KEYS[e.channel] ? t(CHANNEL_KEYS[e.channel]!) : <span className="mono">{e.channel}</span>}
            </td>
          </tr>
        ))}
      </SubTable>

      <SubTable
        title={t("consents.zalo")}
        caption={t("consents.zaloCaption")}
        headers={[t("consents.col.time"), t("consents.col.purpose"), t("consents.col.permission"), t("consents.col.outcome")]}
        empty={view.zaloAnswers.length === 0 ? t("consents.zaloEmpty") : null}
      >
        {newestFirst(view.zaloAnswers).map((z, i) => (
          <tr key={`${z.at}-${z.permission}-${i}`}>
            <td>{time(z.at)}</td>
            <td className="cell-wrap">{title(z.purpose)}</td>
            <td>{t(PERMISSION_KEYS[z.permission])}</td>
            <td>
              <span className={`status status-${z.outcome === "allowed" ? "on" : z.outcome === "refused" ? "withdrawn" : "off"}`}>
                {t(OUTCOME_KEYS[z.outcome])}
              </span>
            </td>
          </tr>
        ))}
      </SubTable>

      <SubTable
        title={t("consents.requests")}
        caption={t("consents.requestsCaption")}
        headers={[t("consents.col.time"), t("consents.col.request")]}
        empty={view.privacyRequests.length === 0 ? t("consents.requestsEmpty") : null}
      >
        {newestFirst(view.privacyRequests).map((r, i) => (
          <tr key={`${r.at}-${r.kind}-${i}`}>
            <td>{time(r.at)}</td>
            <td>{t(REQUEST_KEYS[r.kind])}</td>
          </tr>
        ))}
      </SubTable>
    </div>
  );
}

function SubTable({
  title,
  caption,
  headers,
  empty = null,
  children,
}: {
  title: string;
  caption: string;
  headers: string[];
  empty?: string | null;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <div className="consents-part">
      <h3 id={headingId} className="table-title">
        {title}
      </h3>
      {empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Shown above everything else on the page: nobody should act on an erased account by mistake. */
export function ErasedBanner({ erasedAt }: { erasedAt: string }) {
  const { t, locale } = useLocale();
  return (
    <div className="banner-erased" role="note" aria-label={t("consents.erasedTitle")}>
      <AlertIcon />
      <div>
        <p className="strong">{t("consents.erasedTitle")}</p>
        <p>{t("consents.erasedBody", { time: formatDateTime(locale, erasedAt) })}</p>
      </div>
    </div>
  );
}
