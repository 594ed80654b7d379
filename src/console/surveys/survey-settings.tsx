import { useEffect, useState } from "react";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { SurveySettings } from "../../contract/surveys";
import type { Problem } from "../../domain/problems";
import { globalThrottleProblems } from "../../domain/surveys/fatigue";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { surveyProblemText } from "./problems";

/**
 * The brand's survey settings (the surveys section's Settings tab): how often a member may be
 * asked across all surveys. Managers change it (each change is audited on the server, the last
 * one shown here); marketers read it.
 */
export function SurveySettingsPanel() {
  const { t } = useLocale();
  const { state, reload } = useApiResource(surveyEndpoints.surveySettings);
  if (state.status === "loading")
    return (
      <section className="card">
        <div className="skeleton-card" data-testid="survey-settings-skeleton" aria-busy="true">
          {[0, 1].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      </section>
    );
  if (state.status === "error")
    return (
      <section className="card">
        <LoadError title={t("surveys.settings.loadFailed")} code={state.error.code} onRetry={reload} />
      </section>
    );
  return <SettingsForm settings={state.data} onSaved={reload} />;
}

function SettingsForm({ settings, onSaved }: { settings: SurveySettings; onSaved: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const [value, setValue] = useState(String(settings.globalThrottleDays));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => setValue(String(settings.globalThrottleDays)), [settings.globalThrottleDays]);

  const days = settings.globalThrottleDays;
  const current = days === 0 ? t("surveys.settings.off") : t("surveys.settings.current", { days: formatNumber(locale, days) });
  const lastChange =
    settings.changedAt && settings.changedBy
      ? t("surveys.settings.changedBy", { name: settings.changedBy, at: formatDateTime(locale, settings.changedAt) })
      : settings.changedAt
        ? t("surveys.settings.changedAt", { at: formatDateTime(locale, settings.changedAt) })
        : t("surveys.settings.neverChanged", { days: formatNumber(locale, settings.limits.default) });

  const save = async () => {
    setSaved(false);
    setFailure(null);
    // A whole number only: "7.5" or "" never reaches the server (its own check says the same).
    const parsed = /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    const local = globalThrottleProblems(parsed);
    setProblems(local);
    if (local.length > 0) return;
    setSaving(true);
    try {
      await api.request(surveyEndpoints.updateSurveySettings, { body: { globalThrottleDays: parsed } });
      setSaved(true);
      onSaved();
    } catch (error) {
      const e = toApiError(error);
      if (e.issues.length > 0) setProblems([...e.issues]);
      else setFailure(t(errorMessageKey(e.code)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card survey-settings" aria-labelledby="survey-settings-title">
      <h2 id="survey-settings-title">{t("surveys.settings.title")}</h2>
      <p className="muted">{t("surveys.settings.explain")}</p>
      {canManage ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {failure && (
            <div className="alert alert-error" role="alert">
              <AlertIcon />
              <p>
                {t("surveys.settings.saveFailed")} {failure}
              </p>
            </div>
          )}
          <Field
            label={t("surveys.settings.field")}
            hint={t("surveys.settings.hint", { min: settings.limits.min, max: settings.limits.max })}
            error={problems.length > 0 ? surveyProblemText(problems[0]!, locale) : undefined}
          >
            {(c) => (
              <input
                {...c}
                className="input survey-settings-input"
                inputMode="numeric"
                value={value}
                disabled={saving}
                onChange={(e) => {
                  setValue(e.target.value);
                  setProblems([]);
                  setSaved(false);
                }}
              />
            )}
          </Field>
          <div className="survey-settings-actions">
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? t("surveys.settings.saving") : t("surveys.settings.save")}
            </button>
            {saved && (
              <p className="alert alert-success" role="status">
                {t("surveys.settings.saved")}
              </p>
            )}
          </div>
        </form>
      ) : (
        <p className="survey-settings-value">
          <strong>{current}</strong>
          <span className="muted"> · {t("surveys.settings.readOnly")}</span>
        </p>
      )}
      <p className="muted small">{lastChange}</p>
    </section>
  );
}
