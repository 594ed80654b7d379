import { useState } from "react";
import { integrationConsoleEndpoints } from "../../contract/endpoints/integrations-console";
import type { WebhookEndpointView } from "../../contract/integrations-console";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../domain/integrations/webhooks";
import { useAuth } from "../auth-context";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { ConfirmDialog, eventKey, ListCard, problemKey, SecretDialog } from "./shared";

type Open = { kind: "add" } | { kind: "added"; secret: string } | { kind: "disable"; endpoint: WebhookEndpointView } | null;

/** Where events go: the brand's receivers, add one (its signing secret shown once) or disable one. */
export function WebhooksTab({ onChanged }: { onChanged: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload } = useApiResource(integrationConsoleEndpoints.listWebhooks);
  const [open, setOpen] = useState<Open>(null);
  const notice = useNotice();

  const dialogs = (
    <>
      <aside className="integrations-verify" aria-label={t("hooks.verify.title")}>
        <h3>{t("hooks.verify.title")}</h3>
        <p className="muted small">{t("hooks.verify.body")}</p>
        <p className="muted small">{t("hooks.verify.docs")}</p>
      </aside>
      {open?.kind === "add" && (
        <AddWebhookDialog
          onClose={() => setOpen(null)}
          onAdded={(secret) => {
            setOpen({ kind: "added", secret });
            reload();
          }}
        />
      )}
      {open?.kind === "added" && (
        <SecretDialog
          title={t("hooks.ready.title")}
          label={t("hooks.ready.label")}
          secret={open.secret}
          once={t("hooks.ready.once")}
          extra={<p className="muted small">{t("hooks.verify.docs")}</p>}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "disable" && (
        <ConfirmDialog
          title={t("hooks.confirm.title")}
          body={t("hooks.confirm.body", { url: open.endpoint.url })}
          submit={t("hooks.confirm.submit")}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await api.request(integrationConsoleEndpoints.deleteWebhook, { params: { endpointId: open.endpoint.id } });
            setOpen(null);
            reload();
            // Its waiting deliveries turned failed: the log is stale too.
            onChanged();
            notice.show((tr) => tr("hooks.disabledNotice"));
          }}
        />
      )}
    </>
  );
  return (
    <ListCard
      label={t("hooks.caption")}
      action={t("hooks.add")}
      onAction={() => setOpen({ kind: "add" })}
      notice={notice}
      state={state}
      reload={reload}
      empty={(d) => (d.endpoints.length ? null : { title: t("hooks.empty"), hint: t("hooks.emptyHint") })}
      footer={dialogs}
      columns={["hooks.col.url", "hooks.col.events", "hooks.col.created", "hooks.col.status"]}
    >
      {(data) =>
        data.endpoints.map((h) => (
          <tr key={h.id}>
            <td className="integrations-url">{h.url}</td>
            <td>{h.events.map((e) => t(eventKey(e))).join(", ")}</td>
            <td>{formatDateTime(locale, h.createdAt)}</td>
            <td>
              {h.disabledAt ? (
                <span className="badge badge-muted">{t("hooks.disabled")}</span>
              ) : (
                <div className="integrations-status">
                  <span className="badge badge-live">{t("hooks.active")}</span>
                  <button
                    type="button"
                    className="button button-ghost button-sm"
                    aria-label={t("hooks.disableLabel", { url: h.url })}
                    onClick={() => setOpen({ kind: "disable", endpoint: h })}
                  >
                    {t("hooks.disable")}
                  </button>
                </div>
              )}
            </td>
          </tr>
        ))
      }
    </ListCard>
  );
}

function AddWebhookDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (secret: string) => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [url, setUrl] = useState("https://");
  const [events, setEvents] = useState<ReadonlySet<WebhookEvent>>(new Set(WEBHOOK_EVENTS));
  const [errors, setErrors] = useState<{ url?: MessageKey; events?: MessageKey; form?: MessageKey }>({});
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const trimmed = url.trim();
    const next = {
      url: trimmed && trimmed !== "https://" ? undefined : "hooks.urlRequired",
      events: events.size ? undefined : "hooks.eventsRequired",
    } as const;
    setErrors(next);
    if (next.url || next.events) return;
    setBusy(true);
    try {
      // In the contract's order, whatever order they were ticked in.
      const out = await api.request(integrationConsoleEndpoints.createWebhook, {
        body: { url: trimmed, events: WEBHOOK_EVENTS.filter((e) => events.has(e)) },
      });
      onAdded(out.secret);
    } catch (error) {
      const key = problemKey(error);
      // A URL the server refuses is said at the field, where it is fixed.
      setErrors(key.startsWith("integrations.problem.webhook_url") ? { url: key } : { form: key });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t("hooks.dialog.title")}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void add()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("hooks.submit")} />}
    >
      <Field label={t("hooks.field.url")} hint={t("hooks.field.urlHint")} error={errors.url && t(errors.url)}>
        {(c) => <input {...c} className="input" type="url" value={url} maxLength={500} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <fieldset className={`field integrations-events${errors.events ? " field-invalid" : ""}`}>
        <legend className="field-label">{t("hooks.field.events")}</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label key={e} className="check">
            <input
              type="checkbox"
              checked={events.has(e)}
              onChange={(ev) => {
                const next = new Set(events);
                if (ev.target.checked) next.add(e);
                else next.delete(e);
                setEvents(next);
              }}
            />
            <span>
              {t(eventKey(e))} <span className="muted small">· {t(`event.${e}.hint`)}</span>
            </span>
          </label>
        ))}
        {errors.events && <p className="field-error">{t(errors.events)}</p>}
      </fieldset>
      {errors.form && (
        <p className="alert alert-error" role="alert">
          {t(errors.form)}
        </p>
      )}
    </Dialog>
  );
}
