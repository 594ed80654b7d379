import type { ApiError } from "../../client/api-client";
import type { Question } from "../../domain/preferences/form";
import { errorMessageKey, outcomeUnknown } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
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
      onSubmit={onConfirm}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={t("prefs.publish.confirm")} />}
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
