import { useState } from "react";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { ConsoleStaff } from "../../contract/stores";
import { formatVnd } from "../../domain/locale/money";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { LoadError } from "../common/load-error";
import { Notice, useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber, formatSignedPoints } from "../format";
import { useLocale } from "../locale-context";
import { PlusIcon } from "../shell/icons";
import { InviteDialog } from "./invite-dialog";
import { StoreChoice } from "./store-choice";

type Open = { kind: "invite" } | { kind: "move"; staff: ConsoleStaff } | { kind: "activity"; staff: ConsoleStaff } | null;

export function StaffTab({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload, update } = useApiResource(storeConsoleEndpoints.consoleStaff);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const notice = useNotice();

  const replace = (saved: ConsoleStaff) => update((d) => ({ ...d, staff: d.staff.map((s) => (s.userId === saved.userId ? saved : s)) }));
  const toggle = async (s: ConsoleStaff) => {
    setBusy(s.userId);
    setFailure(null);
    try {
      const saved = await api.request(storeConsoleEndpoints.updateStaff, {
        params: { userId: s.userId },
        body: { suspended: !s.suspended },
      });
      replace(saved);
      notice.show((tr) => tr(saved.suspended ? "staff.suspendedNotice" : "staff.reinstatedNotice", { name: saved.displayName }));
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    } finally {
      setBusy(null);
    }
  };
  const revoke = async (inviteId: string) => {
    setFailure(null);
    try {
      await api.request(storeConsoleEndpoints.revokeStaffInvite, { params: { inviteId } });
      notice.show((tr) => tr("staff.revoked"));
      reload();
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    }
  };

  return (
    <section className="card" aria-label={t("staff.caption")}>
      {canEdit && (
        <header className="card-header card-header-actions">
          <span />
          <button type="button" className="button button-primary" onClick={() => setOpen({ kind: "invite" })}>
            <PlusIcon />
            <span>{t("staff.invite")}</span>
          </button>
        </header>
      )}
      <Notice notice={notice} />
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true" data-testid="staff-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : (
        <>
          {state.data.pendingInvites.length > 0 && (
            <div className="pending-invites">
              <h3>{t("staff.pending")}</h3>
              <ul>
                {state.data.pendingInvites.map((i) => (
                  <li key={i.id}>
                    <span>
                      {i.label && <strong>{i.label} · </strong>}
                      {t("staff.pendingItem", {
                        stores: i.stores.map((s) => s.name).join(", "),
                        expires: formatDateTime(locale, i.expiresAt),
                      })}
                    </span>
                    {canEdit && (
                      <button type="button" className="button button-ghost button-sm" onClick={() => void revoke(i.id)}>
                        {t("staff.revoke")}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {state.data.staff.length === 0 ? (
            <div className="state">
              <p className="state-title">{t("staff.empty")}</p>
              <p className="muted">{t("staff.emptyHint")}</p>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact staff-table">
                <caption className="sr-only">{t("staff.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("staff.col.name")}</th>
                    <th scope="col">{t("staff.col.stores")}</th>
                    <th scope="col">{t("staff.col.status")}</th>
                    <th scope="col">{t("staff.col.activity")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("staff.activity")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.staff.map((s) => (
                    <tr key={s.userId}>
                      <td>
                        <strong>{s.displayName}</strong>
                      </td>
                      <td>{s.stores.map((x) => x.name).join(", ") || "—"}</td>
                      <td>
                        <span className={`badge ${s.suspended ? "badge-danger" : "badge-live"}`}>
                          {t(s.suspended ? "staff.suspended" : "staff.active")}
                        </span>
                      </td>
                      <td>
                        <div>{s.lastActivityAt ? formatDateTime(locale, s.lastActivityAt) : t("staff.never")}</div>
                        <div className="muted small">
                          {t("staff.counts", { earns: formatNumber(locale, s.earns30d), uses: formatNumber(locale, s.voucherUses30d) })}
                        </div>
                      </td>
                      <td>
                        <div className="staff-actions">
                          <button
                            type="button"
                            className="button button-ghost button-sm"
                            onClick={() => setOpen({ kind: "activity", staff: s })}
                          >
                            {t("staff.activity")}
                          </button>
                          {canEdit && (
                            <>
                              <button
                                type="button"
                                className="button button-ghost button-sm"
                                onClick={() => setOpen({ kind: "move", staff: s })}
                              >
                                {t("staff.move")}
                              </button>
                              <button
                                type="button"
                                className={`button button-sm ${s.suspended ? "button-secondary" : "button-danger"}`}
                                disabled={busy === s.userId}
                                onClick={() => void toggle(s)}
                              >
                                {t(s.suspended ? "staff.reinstate" : "staff.suspend")}
                              </button>
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {open?.kind === "invite" && <InviteDialog onClose={() => setOpen(null)} onCreated={reload} />}
      {open?.kind === "move" && (
        <MoveDialog
          staff={open.staff}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            setOpen(null);
            replace(saved);
            notice.show((tr) => tr("staff.movedNotice", { name: saved.displayName }));
          }}
        />
      )}
      {open?.kind === "activity" && <ActivityDialog staff={open.staff} onClose={() => setOpen(null)} />}
    </section>
  );
}

function MoveDialog({ staff, onClose, onSaved }: { staff: ConsoleStaff; onClose: () => void; onSaved: (s: ConsoleStaff) => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(staff.stores.map((s) => s.id)));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const save = async () => {
    if (chosen.size === 0) return setFailure(t("staff.storesRequired"));
    setBusy(true);
    try {
      onSaved(await api.request(storeConsoleEndpoints.updateStaff, { params: { userId: staff.userId }, body: { storeIds: [...chosen] } }));
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("staff.moveTitle", { name: staff.displayName })}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("stores.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("stores.save")}
          </button>
        </>
      }
    >
      <StoreChoice legend={t("staff.storesLabel")} chosen={chosen} onChange={setChosen} error={failure} />
    </Dialog>
  );
}

function ActivityDialog({ staff, onClose }: { staff: ConsoleStaff; onClose: () => void }) {
  const { t, locale } = useLocale();
  const { state, reload } = useApiResource(storeConsoleEndpoints.staffActivity, { params: { userId: staff.userId } });
  return (
    <Dialog
      title={t("staff.activityTitle", { name: staff.displayName })}
      variant="panel"
      onClose={onClose}
      onSubmit={onClose}
      footer={
        <button type="submit" className="button button-secondary">
          {t("staff.close")}
        </button>
      }
    >
      {state.status === "loading" ? (
        <div className="skeleton-card" aria-busy="true">
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("storeAdmin.error")} code={state.error.code} onRetry={reload} />
      ) : state.data.items.length === 0 ? (
        <p className="muted">{t("staff.activityEmpty")}</p>
      ) : (
        <ul className="activity-list">
          {state.data.items.map((i, n) => (
            <li key={n}>
              <span>
                {t(`staff.activity.${i.kind}`, {
                  points: formatSignedPoints(locale, i.points ?? 0),
                  member: i.memberName,
                  bill: i.billVnd === null ? "—" : formatVnd(locale, i.billVnd),
                  reward: i.rewardName ?? "",
                })}
                {i.receiptNo && <span className="muted"> · {i.receiptNo}</span>}
              </span>
              <span className="muted small">
                {formatDateTime(locale, i.at)}
                {i.storeName && ` · ${i.storeName}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
