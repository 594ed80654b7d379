import { useState } from "react";
import { integrationConsoleEndpoints } from "../../contract/endpoints/integrations-console";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { ApiKeyView } from "../../contract/integrations-console";
import { useAuth } from "../auth-context";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { ConfirmDialog, ListCard, problemKey, SecretDialog } from "./shared";

type Open = { kind: "create" } | { kind: "created"; plainKey: string } | { kind: "revoke"; key: ApiKeyView } | null;

/** The stores' POS keys: which store, its name, when it was made and last used; create (shown once) and revoke. */
export function KeysTab() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload, update } = useApiResource(integrationConsoleEndpoints.listApiKeys);
  const [open, setOpen] = useState<Open>(null);
  const notice = useNotice();

  const dialogs = (
    <>
      {open?.kind === "create" && (
        <CreateKeyDialog
          onClose={() => setOpen(null)}
          onCreated={(plainKey) => {
            setOpen({ kind: "created", plainKey });
            reload();
          }}
        />
      )}
      {open?.kind === "created" && (
        <SecretDialog
          title={t("keys.ready.title")}
          label={t("keys.ready.label")}
          secret={open.plainKey}
          once={t("keys.ready.once")}
          extra={<p className="muted small">{t("keys.ready.use")}</p>}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "revoke" && (
        <ConfirmDialog
          title={t("keys.confirm.title", { name: open.key.name })}
          body={t("keys.confirm.body", { store: open.key.storeName })}
          submit={t("keys.confirm.submit")}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const saved = await api.request(integrationConsoleEndpoints.revokeApiKey, { params: { keyId: open.key.id } });
            setOpen(null);
            update((d) => ({ keys: d.keys.map((k) => (k.id === saved.id ? saved : k)) }));
            notice.show((tr) => tr("keys.revokedNotice", { name: saved.name }));
          }}
        />
      )}
    </>
  );
  return (
    <ListCard
      label={t("keys.caption")}
      action={t("keys.create")}
      onAction={() => setOpen({ kind: "create" })}
      notice={notice}
      state={state}
      reload={reload}
      empty={(d) => (d.keys.length ? null : { title: t("keys.empty"), hint: t("keys.emptyHint") })}
      footer={dialogs}
      columns={["keys.col.name", "keys.col.store", "keys.col.created", "keys.col.lastUsed", "keys.col.status"]}
    >
      {(data) =>
        data.keys.map((k) => (
          <tr key={k.id}>
            <td>
              <strong>{k.name}</strong>
              <div className="mono muted">{k.masked}</div>
            </td>
            <td>{k.storeName}</td>
            <td>
              {formatDateTime(locale, k.createdAt)}
              {k.createdBy && <div className="muted small">{t("keys.by", { name: k.createdBy })}</div>}
            </td>
            <td>{k.lastUsedAt ? formatDateTime(locale, k.lastUsedAt) : <span className="muted">{t("keys.never")}</span>}</td>
            <td>
              {k.revokedAt ? (
                <>
                  <span className="badge badge-muted">{t("keys.revoked")}</span>
                  <div className="muted small">{t("keys.revokedAt", { at: formatDateTime(locale, k.revokedAt) })}</div>
                </>
              ) : (
                <div className="integrations-status">
                  <span className="badge badge-live">{t("keys.active")}</span>
                  <button
                    type="button"
                    className="button button-ghost button-sm"
                    aria-label={t("keys.revokeLabel", { name: k.name })}
                    onClick={() => setOpen({ kind: "revoke", key: k })}
                  >
                    {t("keys.revoke")}
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

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (plainKey: string) => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const stores = useApiResource(storeConsoleEndpoints.storeAdminList);
  const open = stores.state.status === "ready" ? stores.state.data.stores.filter((s) => s.active) : [];
  const [name, setName] = useState("");
  const [storeId, setStoreId] = useState("");
  const [errors, setErrors] = useState<{ name?: MessageKey; store?: MessageKey; form?: MessageKey }>({});
  const [busy, setBusy] = useState(false);

  const create = async () => {
    const next = { name: name.trim() ? undefined : "keys.nameRequired", store: storeId ? undefined : "keys.storeRequired" } as const;
    setErrors(next);
    if (next.name || next.store) return;
    setBusy(true);
    try {
      const out = await api.request(integrationConsoleEndpoints.createApiKey, { body: { name: name.trim(), storeId } });
      onCreated(out.plainKey);
    } catch (error) {
      setErrors({ form: problemKey(error) });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t("keys.dialog.title")}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void create()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("keys.create")} />}
    >
      <Field label={t("keys.field.name")} hint={t("keys.field.nameHint")} error={errors.name && t(errors.name)}>
        {(c) => <input {...c} className="input" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("keys.field.store")} hint={t("keys.field.storeHint")} error={errors.store && t(errors.store)}>
        {(c) => (
          <select {...c} className="select input" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t("keys.field.storeChoose")}</option>
            {open.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {stores.state.status === "ready" && open.length === 0 && <p className="muted">{t("keys.noStores")}</p>}
      {stores.state.status === "error" && <p className="field-error">{t(problemKey(stores.state.error))}</p>}
      {errors.form && (
        <p className="alert alert-error" role="alert">
          {t(errors.form)}
        </p>
      )}
    </Dialog>
  );
}
