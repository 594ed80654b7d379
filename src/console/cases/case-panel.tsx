import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import type { CaseDetail } from "../../contract/cases";
import { caseEndpoints } from "../../contract/endpoints/cases";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { CASE_OUTCOMES, type CaseOutcome } from "../../domain/cases/lifecycle";
import { formatVnd } from "../../domain/locale/money";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { newIdempotencyKey } from "../common/idempotency";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime } from "../format";
import type { MessageKey } from "../i18n";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";
import { CloseIcon } from "../shell/icons";
import { eventText, hoursText, outcomeText, slaText } from "./labels";

type Props = { caseId: string; canManage: boolean; onClose: () => void; onChanged: () => void };
type Confirm = { text: string; run: () => Promise<unknown>; done: MessageKey };

/** One case beside the list: what the customer said and bought, the history, and the actions. */
export function CasePanel({ caseId, canManage, onClose, onChanged }: Props) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const { state, reload } = useApiResource(caseEndpoints.getCase, { params: { caseId } });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);

  const run = async (action: () => Promise<unknown>, doneKey: MessageKey) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await action();
      setDone(doneKey);
      reload();
      onChanged();
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  return (
    <aside className="card case-panel" aria-label={t("case.detail")}>
      <header className="card-header card-header-split">
        <h2>{t("case.detail")}</h2>
        <button type="button" className="button button-ghost button-icon" onClick={onClose} aria-label={t("case.close")}>
          <CloseIcon />
        </button>
      </header>
      {state.status === "loading" ? (
        <div className="skeleton-card" data-testid="case-skeleton" aria-busy="true">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : state.status === "error" ? (
        <LoadError title={t("case.loadFailed")} code={state.error.code} onRetry={reload} />
      ) : (
        <div className="case-body">
          <Facts c={state.data} />
          {done && (
            <p className="alert alert-success" role="status">
              {t(done)}
            </p>
          )}
          {failure && (
            <p className="alert alert-error" role="alert">
              {t(errorMessageKey(failure.code))}
            </p>
          )}
          {canManage && (
            <Actions
              c={state.data}
              busy={busy}
              onNote={(kind, note) =>
                run(
                  () =>
                    api.request(caseEndpoints.addNote, { params: { caseId }, body: { kind, note, idempotencyKey: newIdempotencyKey() } }),
                  kind === "called" ? "case.done.called" : "case.done.note",
                )
              }
              onConfirm={setConfirm}
              onReopen={() =>
                run(
                  () => api.request(caseEndpoints.reopenCase, { params: { caseId }, body: { idempotencyKey: newIdempotencyKey() } }),
                  "case.done.reopened",
                )
              }
            />
          )}
          <section aria-labelledby="case-history">
            <h3 id="case-history">{t("case.history")}</h3>
            <ol className="case-history">
              {state.data.events.map((e) => (
                <li key={e.id}>
                  <span className="small muted">{formatDateTime(locale, e.at)}</span> <strong>{eventText(t, e)}</strong>
                  <span className="small muted"> · {e.actor?.name ?? t("case.byMember")}</span>
                  {e.note && <p className="small">{e.note}</p>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
      {confirm && (
        <Dialog
          title={t("case.confirm.yes")}
          busy={busy}
          onClose={() => setConfirm(null)}
          onSubmit={() => void run(confirm.run, confirm.done)}
          footer={<DialogActions busy={busy} onCancel={() => setConfirm(null)} submitLabel={t("case.confirm.yes")} />}
        >
          <p>{confirm.text}</p>
        </Dialog>
      )}
    </aside>
  );
}

function Facts({ c }: { c: CaseDetail }) {
  const { t, locale } = useLocale();
  return (
    <>
      <div className="case-head">
        <span className={`sla sla-${c.status === "closed" ? "closed" : c.sla.colour}`}>
          <span className="sla-dot" aria-hidden="true" />
          {slaText(t, locale, c)}
        </span>
        <span className="badge badge-danger">{t("case.score", { kind: c.kind.toUpperCase(), score: c.score })}</span>
        {c.answerChanged && <span className="badge badge-warn">{t("case.openedScore", { score: c.openedScore })}</span>}
      </div>
      <dl className="case-facts">
        <dt>{t("case.member")}</dt>
        <dd>
          {c.member.name} · {t(tierKey(c.member.tier))}
        </dd>
        <dt>{t("case.question")}</dt>
        <dd>{c.answer.question[locale] || c.answer.question.vi}</dd>
        <dt>{t("case.reasons")}</dt>
        <dd>{c.answer.reasons.length ? c.answer.reasons.map((r) => r.label[locale] || r.id).join(", ") : "—"}</dd>
        <dt>{t("case.comment")}</dt>
        <dd>{c.answer.comment ? <q>{c.answer.comment}</q> : <span className="muted">{t("case.noComment")}</span>}</dd>
        <dt>{t("case.transaction")}</dt>
        <dd>
          {c.transaction ? (
            <>
              {formatDateTime(locale, c.transaction.at)} · {c.transaction.store?.name ?? "—"}
              {c.transaction.receiptNo && ` · ${t("case.receipt", { receipt: c.transaction.receiptNo })}`}
              {c.transaction.billVnd !== null && ` · ${formatVnd(locale, c.transaction.billVnd)}`}
            </>
          ) : (
            <span className="muted">{t("case.noTransaction")}</span>
          )}
        </dd>
        <dt>{t("case.visits")}</dt>
        <dd>
          {c.recentVisits.length ? (
            <ul className="case-visits">
              {c.recentVisits.map((v) => (
                <li key={v.at}>
                  {formatDateTime(locale, v.at)} · {v.store?.name ?? "—"}
                  {v.billVnd !== null && ` · ${formatVnd(locale, v.billVnd)}`}
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">{t("case.noVisits")}</span>
          )}
        </dd>
        {c.firstResponseAt && (
          <>
            <dt>{t("cases.status.contacted")}</dt>
            <dd>{t("case.firstResponse", { hours: hoursText(locale, Date.parse(c.firstResponseAt) - Date.parse(c.openedAt)) })}</dd>
          </>
        )}
        {c.assignedTo && (
          <>
            <dt>{t("case.actions")}</dt>
            <dd>{t("case.assigned", { name: c.assignedTo.name })}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function Actions({
  c,
  busy,
  onNote,
  onConfirm,
  onReopen,
}: {
  c: CaseDetail;
  busy: boolean;
  onNote: (kind: "note" | "called", note: string | null) => void;
  onConfirm: (confirm: Confirm) => void;
  onReopen: () => void;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const rewards = useApiResource(loyaltyEndpoints.listRewards);
  const [note, setNote] = useState("");
  const [templateId, setTemplateId] = useState(c.careTemplates[0]?.id ?? "");
  const [rewardId, setRewardId] = useState("");
  const [outcome, setOutcome] = useState<CaseOutcome>("resolved");
  const voucherGiven = c.events.some((e) => e.kind === "voucher_granted");
  const activeRewards = rewards.state.status === "ready" ? rewards.state.data.items.filter((r) => r.active && r.stock !== 0) : [];

  if (c.status === "closed")
    return (
      <section className="case-actions" aria-label={t("case.actions")}>
        <p>{t("case.event.closed", { outcome: c.outcome ? outcomeText(t, c.outcome) : "" })}</p>
        <button type="button" className="button button-secondary" disabled={busy} onClick={onReopen}>
          {t("case.reopen")}
        </button>
      </section>
    );

  const template = c.careTemplates.find((x) => x.id === templateId);
  return (
    <section className="case-actions" aria-label={t("case.actions")}>
      <h3>{t("case.actions")}</h3>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => onNote("called", note.trim() || null)}>
        {t("case.called")}
      </button>
      <label className="field">
        <span className="field-label">{t("case.noteLabel")}</span>
        <textarea
          className="input"
          rows={2}
          maxLength={1000}
          value={note}
          placeholder={t("case.notePlaceholder")}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button type="button" className="button button-secondary" disabled={busy || !note.trim()} onClick={() => onNote("note", note.trim())}>
        {t("case.addNote")}
      </button>

      <div className="case-action-row">
        {c.careTemplates.length === 0 ? (
          <p className="muted small">{t("case.noCareTemplate")}</p>
        ) : !c.careAllowed ? (
          <p className="muted small">{t("case.careNotAllowed")}</p>
        ) : (
          <>
            <label className="field">
              <span className="field-label">{t("case.careTemplate")}</span>
              <select className="select" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                {c.careTemplates.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || !template}
              onClick={() =>
                onConfirm({
                  text: t("case.confirm.care", { template: template!.name, name: c.member.name }),
                  done: "case.done.care",
                  run: () =>
                    api.request(caseEndpoints.sendCare, {
                      params: { caseId: c.id },
                      body: { templateId, idempotencyKey: newIdempotencyKey() },
                    }),
                })
              }
            >
              {t("case.sendCare")}
            </button>
          </>
        )}
      </div>

      <div className="case-action-row">
        {voucherGiven ? (
          <p className="muted small">{t("case.voucherGranted")}</p>
        ) : (
          <>
            <label className="field">
              <span className="field-label">{t("case.reward")}</span>
              <select className="select" value={rewardId} onChange={(e) => setRewardId(e.target.value)}>
                <option value="">{t("case.pickReward")}</option>
                {activeRewards.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || !rewardId}
              onClick={() =>
                onConfirm({
                  text: t("case.confirm.voucher", {
                    name: c.member.name,
                    reward: activeRewards.find((r) => r.id === rewardId)?.name ?? "",
                  }),
                  done: "case.done.voucher",
                  run: () =>
                    api.request(caseEndpoints.grantVoucher, {
                      params: { caseId: c.id },
                      body: { rewardId, idempotencyKey: newIdempotencyKey() },
                    }),
                })
              }
            >
              {t("case.grantVoucher")}
            </button>
          </>
        )}
      </div>

      <div className="case-action-row">
        <label className="field">
          <span className="field-label">{t("case.outcome")}</span>
          <select className="select" value={outcome} onChange={(e) => setOutcome(e.target.value as CaseOutcome)}>
            {CASE_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeText(t, o)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() =>
            onConfirm({
              text: t("case.confirm.close", { outcome: outcomeText(t, outcome) }),
              done: "case.done.closed",
              run: () =>
                api.request(caseEndpoints.closeCase, {
                  params: { caseId: c.id },
                  body: { outcome, note: note.trim() || null, idempotencyKey: newIdempotencyKey() },
                }),
            })
          }
        >
          {t("case.closeCase")}
        </button>
      </div>
    </section>
  );
}
