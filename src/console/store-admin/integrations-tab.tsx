import { useState } from "react";
import { integrationConsoleEndpoints } from "../../contract/endpoints/integrations";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { ApiKeyView, WebhookDeliveryView } from "../../contract/integrations";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../domain/integrations/webhooks";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { Field } from "../common/field";
import { LoadError } from "../common/load-error";
import { Notice, useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";

/**
 * Integrations (issue 17, admins): a store's POS API keys, the brand's webhook endpoints and
 * their delivery log. A key and a signing secret are shown once, right after they are made.
 * docs/integration.md is what the brand's developer reads next.
 */
export function IntegrationsTab() {
  return (
    <div className="integrations">
      <KeysSection />
      <WebhooksSection />
      <DeliveriesSection />
    </div>
  );
}

/** A secret shown once, with a copy button. */
function ShownOnce({ title, value, hint, onClose }: { title: string; value: string; hint: string; onClose: () => void }) {
  const { t } = useLocale();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={onClose}
      footer={
        <button type="submit" className="button button-primary">
          {t("integrations.done")}
        </button>
      }
    >
      <p className="alert alert-warn">{hint}</p>
      <div className="copy-field">
        <input
          className="input mono"
          readOnly
          value={value}
          aria-label={title}
          data-testid="secret-once"
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {t(copied ? "integrations.copied" : "integrations.copy")}
        </button>
      </div>
    </Dialog>
  );
}

function KeysSection() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload } = useApiResource(integrationConsoleEndpoints.listApiKeys);
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const notice = useNotice();

  const revoke = async (key: ApiKeyView) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.request(integrationConsoleEndpoints.revokeApiKey, { params: { keyId: key.id } });
      notice.show((tr) => tr("integrations.keys.revoked", { name: key.name }));
      setRevoking(null);
      reload();
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="keys-title">
      <header className="card-header card-header-actions">
        <div>
          <h2 id="keys-title">{t("integrations.keys.title")}</h2>
          <p className="muted small">{t("integrations.keys.hint")}</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          <PlusIcon />
          <span>{t("integrations.keys.create")}</span>
        </button>
      </header>
      <Notice notice={notice} />
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true">
          <span className="skeleton" />
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : state.data.keys.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("integrations.keys.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">{t("integrations.keys.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("integrations.keys.col.name")}</th>
                <th scope="col">{t("integrations.keys.col.store")}</th>
                <th scope="col">{t("integrations.keys.col.key")}</th>
                <th scope="col">{t("integrations.keys.col.created")}</th>
                <th scope="col">{t("integrations.keys.col.lastUsed")}</th>
                <th scope="col">{t("integrations.col.status")}</th>
                <th scope="col">
                  <span className="sr-only">{t("integrations.keys.revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    <strong>{k.name}</strong>
                  </td>
                  <td>{k.storeName}</td>
                  <td>
                    <code>{k.masked}</code>
                  </td>
                  <td>
                    <div>{formatDateTime(locale, k.createdAt)}</div>
                    {k.createdBy && <div className="muted small">{k.createdBy}</div>}
                  </td>
                  <td>{k.lastUsedAt ? formatDateTime(locale, k.lastUsedAt) : t("integrations.keys.never")}</td>
                  <td>
                    <span className={`badge ${k.revokedAt ? "badge-danger" : "badge-live"}`}>
                      {t(k.revokedAt ? "integrations.keys.statusRevoked" : "integrations.keys.statusActive")}
                    </span>
                  </td>
                  <td>
                    {!k.revokedAt && (
                      <button type="button" className="button button-ghost button-sm" onClick={() => setRevoking(k)}>
                        {t("integrations.keys.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(plain) => {
            setCreating(false);
            setMade(plain);
            reload();
          }}
        />
      )}
      {made && (
        <ShownOnce title={t("integrations.keys.madeTitle")} value={made} hint={t("integrations.keys.once")} onClose={() => setMade(null)} />
      )}
      {revoking && (
        <Dialog
          title={t("integrations.keys.revokeTitle", { name: revoking.name })}
          busy={busy}
          onClose={() => setRevoking(null)}
          onSubmit={() => void revoke(revoking)}
          footer={
            <>
              <button type="button" className="button button-secondary" onClick={() => setRevoking(null)} disabled={busy}>
                {t("stores.cancel")}
              </button>
              <button type="submit" className="button button-danger" disabled={busy}>
                {t("integrations.keys.revoke")}
              </button>
            </>
          }
        >
          <p>{t("integrations.keys.revokeBody", { store: revoking.storeName })}</p>
        </Dialog>
      )}
    </section>
  );
}

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (plainKey: string) => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const stores = useApiResource(storeConsoleEndpoints.storeAdminList);
  const [name, setName] = useState("");
  const [storeId, setStoreId] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const active = stores.state.status === "ready" ? stores.state.data.stores.filter((s) => s.active) : [];
  const create = async () => {
    if (!name.trim() || !storeId) return setFailure(t("integrations.keys.required"));
    setBusy(true);
    setFailure(null);
    try {
      const made = await api.request(integrationConsoleEndpoints.createApiKey, { body: { name: name.trim(), storeId } });
      onCreated(made.plainKey);
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("integrations.keys.create")}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void create()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("stores.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("integrations.keys.create")}
          </button>
        </>
      }
    >
      <Field label={t("integrations.keys.col.name")} hint={t("integrations.keys.nameHint")}>
        {(c) => <input {...c} className="input" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("integrations.keys.col.store")} error={failure}>
        {(c) => (
          <select {...c} className="input" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t("integrations.keys.pickStore")}</option>
            {active.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Dialog>
  );
}

const EVENT_KEYS: Record<WebhookEvent, MessageKey> = {
  "points.changed": "integrations.event.points",
  "voucher.used": "integrations.event.voucher",
  "member.joined": "integrations.event.member",
  "case.opened": "integrations.event.case",
};

function WebhooksSection() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload } = useApiResource(integrationConsoleEndpoints.listWebhooks);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const remove = async (endpointId: string) => {
    setFailure(null);
    try {
      await api.request(integrationConsoleEndpoints.deleteWebhook, { params: { endpointId } });
      reload();
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    }
  };
  const live = state.status === "ready" ? state.data.endpoints.filter((e) => !e.disabledAt) : [];
  return (
    <section className="card" aria-labelledby="hooks-title">
      <header className="card-header card-header-actions">
        <div>
          <h2 id="hooks-title">{t("integrations.hooks.title")}</h2>
          <p className="muted small">{t("integrations.hooks.hint")}</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          <PlusIcon />
          <span>{t("integrations.hooks.add")}</span>
        </button>
      </header>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : state.status === "ready" && live.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("integrations.hooks.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">{t("integrations.hooks.title")}</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">{t("integrations.hooks.col.events")}</th>
                <th scope="col">{t("integrations.keys.col.created")}</th>
                <th scope="col">
                  <span className="sr-only">{t("integrations.hooks.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((e) => (
                <tr key={e.id}>
                  <td className="break">
                    <code>{e.url}</code>
                  </td>
                  <td>{e.events.map((ev) => t(EVENT_KEYS[ev])).join(", ")}</td>
                  <td>{formatDateTime(locale, e.createdAt)}</td>
                  <td>
                    <button type="button" className="button button-ghost button-sm" onClick={() => void remove(e.id)}>
                      {t("integrations.hooks.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <AddWebhookDialog
          onClose={() => setAdding(false)}
          onCreated={(s) => {
            setAdding(false);
            setSecret(s);
            reload();
          }}
        />
      )}
      {secret && (
        <ShownOnce
          title={t("integrations.hooks.secretTitle")}
          value={secret}
          hint={t("integrations.hooks.once")}
          onClose={() => setSecret(null)}
        />
      )}
    </section>
  );
}

function AddWebhookDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [url, setUrl] = useState("https://");
  const [events, setEvents] = useState<ReadonlySet<WebhookEvent>>(new Set(WEBHOOK_EVENTS));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const create = async () => {
    if (events.size === 0) return setFailure(t("integrations.hooks.eventsRequired"));
    setBusy(true);
    setFailure(null);
    try {
      const made = await api.request(integrationConsoleEndpoints.createWebhook, { body: { url: url.trim(), events: [...events] } });
      onCreated(made.secret);
    } catch (error) {
      const e = toApiError(error);
      setFailure(
        t(e.code === "webhook_url_invalid" || e.code === "invalid_request" ? "integrations.hooks.urlInvalid" : errorMessageKey(e.code)),
      );
      setBusy(false);
    }
  };
  const toggle = (ev: WebhookEvent) => {
    const next = new Set(events);
    if (next.has(ev)) next.delete(ev);
    else next.add(ev);
    setEvents(next);
  };
  return (
    <Dialog
      title={t("integrations.hooks.add")}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void create()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("stores.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("integrations.hooks.add")}
          </button>
        </>
      }
    >
      <Field label="URL" hint={t("integrations.hooks.urlHint")} error={failure}>
        {(c) => <input {...c} className="input" type="url" value={url} maxLength={500} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <fieldset className="field">
        <legend className="field-label">{t("integrations.hooks.col.events")}</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} className="check">
            <input type="checkbox" checked={events.has(ev)} onChange={() => toggle(ev)} /> {t(EVENT_KEYS[ev])}{" "}
            <code className="muted small">{ev}</code>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}

const STATUS_BADGE: Record<WebhookDeliveryView["status"], string> = {
  queued: "badge-warn",
  sending: "badge-warn",
  delivered: "badge-live",
  failed: "badge-danger",
};

function DeliveriesSection() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [status, setStatus] = useState<WebhookDeliveryView["status"] | "">("");
  const { state, reload } = useApiResource(integrationConsoleEndpoints.listDeliveries, { query: status ? { status } : {} });
  const [failure, setFailure] = useState<string | null>(null);
  const retry = async (deliveryId: string) => {
    setFailure(null);
    try {
      await api.request(integrationConsoleEndpoints.retryDelivery, { params: { deliveryId } });
      reload();
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    }
  };
  return (
    <section className="card" aria-labelledby="log-title">
      <header className="card-header card-header-actions">
        <div>
          <h2 id="log-title">{t("integrations.log.title")}</h2>
          <p className="muted small">{t("integrations.log.hint")}</p>
        </div>
        <label className="inline-field">
          <span className="sr-only">{t("integrations.col.status")}</span>
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t("integrations.log.all")}</option>
            {(["queued", "delivered", "failed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`integrations.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : state.status === "ready" && state.data.deliveries.length === 0 ? (
        <div className="state">
          <p className="state-title">{t("integrations.log.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">{t("integrations.log.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("integrations.log.col.at")}</th>
                <th scope="col">{t("integrations.hooks.col.events")}</th>
                <th scope="col">URL</th>
                <th scope="col">{t("integrations.col.status")}</th>
                <th scope="col">{t("integrations.log.col.attempts")}</th>
                <th scope="col">
                  <span className="sr-only">{t("integrations.log.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.status === "ready" &&
                state.data.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{formatDateTime(locale, d.createdAt)}</td>
                    <td>
                      <code>{d.event}</code>
                    </td>
                    <td className="break muted small">{d.url}</td>
                    <td>
                      <span className={`badge ${STATUS_BADGE[d.status]}`}>{t(`integrations.status.${d.status}`)}</span>
                      {d.nextAttemptAt && (
                        <div className="muted small">{t("integrations.log.next", { at: formatDateTime(locale, d.nextAttemptAt) })}</div>
                      )}
                    </td>
                    <td>
                      <div>{d.attempts}</div>
                      {(d.lastStatus !== null || d.lastError) && (
                        <div className="muted small">
                          {d.lastStatus !== null
                            ? `HTTP ${d.lastStatus}`
                            : t(`integrations.error.${d.lastError === "timeout" ? "timeout" : "network"}`)}
                        </div>
                      )}
                    </td>
                    <td>
                      {d.status === "failed" && (
                        <button type="button" className="button button-ghost button-sm" onClick={() => void retry(d.id)}>
                          {t("integrations.log.retry")}
                        </button>
                      )}
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
