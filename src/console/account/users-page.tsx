import { useState, type FormEvent } from "react";
import type { InvitableRole } from "../../contract/console-auth";
import { authEndpoints } from "../../contract/endpoints/auth";
import { toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useAuth } from "../auth-context";
import { formatDateTime } from "../format";
import { roleKey } from "../i18n";
import { useLocale } from "../locale-context";
import { accountErrorKey } from "./account-errors";
import "./strings/load";

const ROLES: InvitableRole[] = ["marketer", "manager", "admin"];

/** Admins: the brand's console users (role, deactivate) and invitations, the new link shown once. */
export function UsersPage() {
  const { api, state: auth } = useAuth();
  const { t, locale } = useLocale();
  const { state, reload, update } = useApiResource(authEndpoints.consoleUsers);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [role, setRole] = useState<InvitableRole>("marketer");
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; name: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const myId = auth.status === "signedIn" ? auth.me.user.id : null;

  async function act(key: string, run: () => Promise<void>) {
    setBusy(key);
    setError(null);
    setNotice(null);
    try {
      await run();
    } catch (e) {
      setError(t(accountErrorKey(toApiError(e).code)));
    } finally {
      setBusy(null);
    }
  }

  const onInvite = (event: FormEvent) => {
    event.preventDefault();
    const displayName = name.trim();
    if (!displayName || displayName.length > 80) {
      setNameError(t("account.users.nameRequired"));
      return;
    }
    setNameError(null);
    void act("invite", async () => {
      const invite = await api.request(authEndpoints.consoleInvite, { body: { role, displayName } });
      setCreated({ url: invite.url, name: displayName, expiresAt: invite.expiresAt });
      setCopied(false);
      setName("");
      reload();
    });
  };

  const change = (userId: string, body: { role?: InvitableRole; active?: boolean }) =>
    act(userId, async () => {
      const user = await api.request(authEndpoints.consoleChangeUser, { params: { userId }, body });
      update((data) => ({ ...data, users: data.users.map((u) => (u.id === user.id ? user : u)) }));
    });

  const cancelInvite = (id: string, name: string) => {
    // Asked once: a cancelled invitation cannot be brought back (a new one can be made).
    if (!window.confirm(t("account.users.cancelInviteConfirm", { name }))) return;
    void act(id, async () => {
      await api.request(authEndpoints.consoleCancelInvite, { params: { inviteId: id } });
      update((data) => ({ ...data, invites: data.invites.filter((i) => i.id !== id) }));
      setNotice(t("account.users.inviteCancelled", { name }));
    });
  };

  return (
    <div className="page">
      <header className="page-header">
        <div className="page-title-row">
          <h1>{t("account.users.title")}</h1>
        </div>
        <p className="muted">{t("account.users.intro")}</p>
      </header>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}

      <section className="card account-section" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("account.users.inviteTitle")}</h2>
        <form className="account-form" onSubmit={onInvite} noValidate>
          <Field label={t("account.users.inviteName")} error={nameError}>
            {(control) => <input {...control} className="input" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t("account.users.inviteRole")}>
            {(control) => (
              <select {...control} className="input" value={role} onChange={(e) => setRole(e.target.value as InvitableRole)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(roleKey(r))}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit" className="button button-primary" disabled={busy !== null}>
              {t("account.users.inviteSubmit")}
            </button>
          </div>
        </form>
        {created && (
          <div className="alert alert-success" role="status">
            <div>
              <p>{t("account.users.inviteLink", { name: created.name, until: formatDateTime(locale, created.expiresAt) })}</p>
              <div className="invite-link">
                <input
                  className="input"
                  readOnly
                  value={created.url}
                  aria-label={t("account.users.inviteTitle")}
                  onFocus={(e) => e.target.select()}
                />
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void navigator.clipboard?.writeText(created.url).then(() => setCopied(true))}
                >
                  {copied ? t("account.users.copied") : t("account.users.copy")}
                </button>
              </div>
            </div>
          </div>
        )}
      </section>

      {state.status === "error" ? (
        <LoadError title={t("account.users.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : (
        <section className="card account-section">
          <div className="table-wrap">
            <table className="table" aria-busy={state.status === "loading"}>
              <thead>
                <tr>
                  <th scope="col">{t("account.users.name")}</th>
                  <th scope="col">{t("account.users.role")}</th>
                  <th scope="col">{t("account.users.status")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("account.users.deactivate")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.status === "loading" &&
                  [0, 1, 2].map((i) => (
                    <tr key={i} className="skeleton-row">
                      <td colSpan={4}>
                        <span className="skeleton" />
                      </td>
                    </tr>
                  ))}
                {state.status === "ready" &&
                  state.data.users.map((u) => (
                    <tr key={u.id}>
                      <td>
                        {u.displayName} {u.id === myId && <span className="muted">{t("account.users.you")}</span>}
                        {u.email && <div className="muted">{u.email}</div>}
                      </td>
                      <td>
                        <select
                          className="input"
                          aria-label={`${t("account.users.role")}: ${u.displayName}`}
                          value={u.role}
                          disabled={busy !== null || u.id === myId}
                          onChange={(e) => void change(u.id, { role: e.target.value as InvitableRole })}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(roleKey(r))}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <span className={`badge ${u.active ? "badge-ok" : "badge-muted"}`}>
                          {t(u.active ? "account.users.active" : "account.users.inactive")}
                        </span>
                      </td>
                      <td className="table-actions">
                        {u.id !== myId && (
                          <button
                            type="button"
                            className="button button-secondary button-sm"
                            disabled={busy !== null}
                            onClick={() => void change(u.id, { active: !u.active })}
                          >
                            {t(u.active ? "account.users.deactivate" : "account.users.reactivate")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          {state.status === "ready" && state.data.invites.length > 0 && (
            <>
              <h2>{t("account.users.pending")}</h2>
              <ul className="plain-list pending-invites">
                {state.data.invites.map((i) => (
                  <li key={i.id}>
                    <span>
                      {i.displayName} · {t(roleKey(i.role))} ·{" "}
                      <span className="muted">{t("account.users.pendingUntil", { until: formatDateTime(locale, i.expiresAt) })}</span>
                    </span>
                    <button
                      type="button"
                      className="button button-secondary button-sm"
                      disabled={busy !== null}
                      aria-label={`${t("account.users.cancelInvite")}: ${i.displayName ?? ""}`}
                      onClick={() => cancelInvite(i.id, i.displayName ?? "")}
                    >
                      {t("account.users.cancelInvite")}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}
