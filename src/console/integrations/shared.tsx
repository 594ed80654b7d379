import { useState, type ReactNode } from "react";
import type { WebhookEvent } from "../../domain/integrations/webhooks";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { LoadError } from "../common/load-error";
import { Notice, type NoticeHandle } from "../common/notice";
import type { ResourceState } from "../common/use-api-resource";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";

/**
 * A refusal in words. The integration codes are said here, in the page's own chunk, rather than
 * in common/api-errors (the main chunk): only this page meets them. Never the server's English.
 */
export function problemKey(error: unknown): MessageKey {
  const e = toApiError(error);
  if (e.code === "webhook_url_invalid") {
    return e.params.reason === "webhook_url_not_https"
      ? "integrations.problem.webhook_url_not_https"
      : "integrations.problem.webhook_url_invalid";
  }
  if (e.code === "api_key_not_found" || e.code === "webhook_not_found") return `integrations.problem.${e.code}`;
  return errorMessageKey(e.code);
}

export const eventKey = (event: WebhookEvent): MessageKey => `event.${event}`;

/**
 * One tab's card: its action or filter on top, the notice and a refusal, then the list's
 * skeleton, its load error (in words, with a retry), its empty state (what next), or its table.
 */
export function ListCard<T>({
  label,
  action,
  onAction,
  filter,
  notice,
  failure,
  state,
  reload,
  empty,
  columns,
  numeric,
  children,
  footer,
}: {
  label: string;
  action?: string;
  onAction?: () => void;
  filter?: ReactNode;
  notice: NoticeHandle;
  failure?: MessageKey | null;
  state: ResourceState<T>;
  reload: () => void;
  /** The empty state for this data, or null when there are rows. */
  empty: (data: T) => { title: string; hint?: string } | null;
  /** The table's column heads; `numeric` is right-aligned like its numbers. */
  columns: readonly MessageKey[];
  numeric?: MessageKey;
  /** The table's body. */
  children: (data: T) => ReactNode;
  /** Below the list, inside the card. */
  footer?: ReactNode;
}) {
  const { t } = useLocale();
  const none = state.status === "ready" ? empty(state.data) : null;
  return (
    <section className="card" aria-label={label}>
      <header className="card-header card-header-actions">
        {filter ?? <span />}
        {action && (
          <button type="button" className="button button-primary" onClick={onAction}>
            <PlusIcon />
            <span>{action}</span>
          </button>
        )}
      </header>
      <Notice notice={notice} />
      {failure && (
        <p className="alert alert-error" role="alert">
          {t(failure)}
        </p>
      )}
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true" data-testid="integrations-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("integrations.error")} code={state.error.code} onRetry={reload} />
      ) : none ? (
        <div className="state">
          <p className="state-title">{none.title}</p>
          {none.hint && <p className="muted">{none.hint}</p>}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact integrations-table">
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col" className={c === numeric ? "num" : undefined}>
                    {t(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children(state.data)}</tbody>
          </table>
        </div>
      )}
      {footer}
    </section>
  );
}

/**
 * A secret the server returns once (an API key, a signing secret): shown in a read-only field
 * with a copy button and said plainly that it will not be shown again. Closing it forgets it.
 */
export function SecretDialog({
  title,
  label,
  secret,
  once,
  extra,
  onClose,
}: {
  title: string;
  label: string;
  secret: string;
  once: string;
  extra?: ReactNode;
  onClose: () => void;
}) {
  const { t } = useLocale();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={onClose}
      footer={
        <button type="submit" className="button button-primary">
          {t("integrations.copyDone")}
        </button>
      }
    >
      <p className="alert alert-warn" role="note">
        {once}
      </p>
      <div className="field">
        <span className="field-label">{label}</span>
        <div className="copy-field">
          <input className="input" readOnly value={secret} aria-label={label} data-testid="secret" onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
          >
            {t(copied ? "integrations.copied" : "integrations.copy")}
          </button>
        </div>
      </div>
      {extra}
    </Dialog>
  );
}

/** "Are you sure?" for what cannot be undone (revoke a key, disable a webhook); a refusal is said inside. */
export function ConfirmDialog({
  title,
  body,
  submit,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  submit: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
    } catch (error) {
      setFailure(problemKey(error));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void confirm()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={submit} tone="danger" />}
    >
      <p>{body}</p>
      {failure && (
        <p className="alert alert-error" role="alert">
          {t(failure)}
        </p>
      )}
    </Dialog>
  );
}
