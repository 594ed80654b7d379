import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import type { Question } from "../../domain/preferences/form";
import { errorMessageKey, outcomeUnknown } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { useApiResource } from "../common/use-api-resource";
import { formatNumber } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import type { FormChanges } from "./form-draft";

type Props = {
  nextVersion: number;
  changes: FormChanges;
  busy: boolean;
  failure: ApiError | null;
  onConfirm: () => void;
  onClose: () => void;
};

/**
 * The last look before members see a new version: what changes, and the reassurance that
 * nothing members already answered is lost.
 */
export function PublishDialog({ nextVersion, changes, busy, failure, onConfirm, onClose }: Props) {
  const { t, locale } = useLocale();
  const name = (q: Question) => q.label[locale] || q.id;
  // A new required question makes every complete profile incomplete: said, counted, and agreed to.
  const resets = changes.required.length > 0;
  const [understood, setUnderstood] = useState(false);
  const groups: [MessageKey, Question[]][] = [
    ["prefs.publish.added", changes.added],
    ["prefs.publish.changed", changes.changed],
    ["prefs.publish.removed", changes.removed],
  ];
  return (
    <Dialog
      title={t("prefs.publish.title", { version: nextVersion })}
      onClose={onClose}
      busy={busy}
      onSubmit={() => {
        if (!resets || understood) onConfirm();
      }}
      footer={<DialogActions busy={busy} disabled={resets && !understood} onCancel={onClose} submitLabel={t("prefs.publish.confirm")} />}
    >
      <p className="dialog-lead">{t("prefs.publish.lead")}</p>
      <dl className="change-list">
        {groups.map(([key, list]) =>
          list.length === 0 ? null : (
            <div key={key}>
              <dt>{t(key, { count: list.length })}</dt>
              {list.map((q) => (
                <dd key={q.id}>{name(q)}</dd>
              ))}
            </div>
          ),
        )}
        {changes.reordered && (
          <div>
            <dt>{t("prefs.publish.reordered")}</dt>
          </div>
        )}
      </dl>
      {resets && (
        <div className="alert alert-warn" role="alert">
          <AlertIcon />
          <div>
            <p className="strong">{t("prefs.publish.resetTitle")}</p>
            <p className="alert-detail">
              <CompleteCount /> {t("prefs.publish.resetBody", { questions: changes.required.map(name).join(", ") })}
            </p>
            <label className="check alert-action">
              <input type="checkbox" checked={understood} disabled={busy} onChange={(e) => setUnderstood(e.target.checked)} />
              <span>{t("prefs.publish.resetConfirm")}</span>
            </label>
          </div>
        </div>
      )}
      {changes.removed.length > 0 && <p className="field-hint">{t("prefs.publish.removedNote")}</p>}
      <p className="field-hint">{t("prefs.publish.answersKept")}</p>
      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <div>
            <p>{t(errorMessageKey(failure.code))}</p>
            {outcomeUnknown(failure) && <p className="alert-detail">{t("prefs.publish.maybePublished")}</p>}
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** How many members' profiles are complete today (the stats' count), so how many the reset reaches. */
function CompleteCount() {
  const { t, locale } = useLocale();
  const { state } = useApiResource(preferenceEndpoints.stats);
  if (state.status === "loading") return <>{t("prefs.publish.resetCounting")}</>;
  if (state.status === "error") return <>{t("prefs.publish.resetUncounted")}</>;
  return <>{t("prefs.publish.resetCount", { count: formatNumber(locale, state.data.completed) })}</>;
}
