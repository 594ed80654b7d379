import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { ConsoleSurveyDetail } from "../../contract/surveys";
import { SURVEY_THROTTLE_LIMITS } from "../../contract/surveys";
import type { Problem } from "../../domain/problems";
import { BANDS, SURVEY_KINDS, type Band, type BandId } from "../../domain/surveys/kinds";
import { SURVEY_CHANNELS, TOUCHPOINTS, validateSurvey } from "../../domain/surveys/survey";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { useLocale } from "../locale-context";
import { AlertIcon, CloseIcon, EditIcon, PlusIcon } from "../shell/icons";
import { surveyProblemText } from "./problems";
import {
  changeKind,
  defaultPrompt,
  draftFromSurvey,
  draftToDefinition,
  draftToInput,
  MAX_REASONS,
  newDraft,
  reasonId,
  type SurveyDraft,
} from "./survey-draft";
import { SurveyPreview } from "./survey-preview";
import { useStores } from "./use-stores";

type Props = {
  /** null: a new survey. */
  survey: ConsoleSurveyDetail | null;
  readOnly: boolean;
  onSaved: (saved: ConsoleSurveyDetail, created: boolean) => void;
  /** After a version conflict: load the latest version. */
  onReload?: () => void;
};

/**
 * The survey form beside its phone preview. Problems come from the domain's validateSurvey as
 * the manager types (shown once they try to save) and from the server's survey_invalid issues,
 * each next to its field, in words (surveys/problems.ts). Every save is a new version.
 */
export function SurveyEditor({ survey, readOnly, onSaved, onReload }: Props) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [draft, setDraft] = useState<SurveyDraft>(() => (survey ? draftFromSurvey(survey) : newDraft()));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [serverProblems, setServerProblems] = useState<readonly Problem[]>([]);
  const stores = useStores();

  const local = validateSurvey(draftToDefinition(draft), survey?.kind);
  const problems = tried ? [...local, ...serverProblems] : serverProblems;
  const problemAt = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? surveyProblemText(p, locale) : null;
  };
  const change = (next: Partial<SurveyDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setServerProblems([]);
  };

  const save = async () => {
    setTried(true);
    setFailure(null);
    if (local.length > 0) return;
    setSaving(true);
    try {
      const body = draftToInput(draft);
      const saved = survey
        ? await api.request(surveyEndpoints.updateSurvey, {
            params: { surveyId: survey.id },
            body: { ...body, basedOnVersion: survey.version },
          })
        : await api.request(surveyEndpoints.createSurvey, { body });
      onSaved(saved, !survey);
    } catch (error) {
      const e = toApiError(error);
      if ((e.code === "survey_invalid" || e.code === "invalid_request") && e.issues.length > 0) setServerProblems(e.issues);
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };

  const count = problems.length;
  return (
    <div className="survey-editor-layout">
      <form
        className="card survey-editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={readOnly || saving} className="survey-editor-fields">
          {survey && <p className="muted">{t("surveys.editor.versionNote", { version: survey.version + 1 })}</p>}
          {tried && count > 0 && (
            <div className="alert alert-error" role="alert">
              <AlertIcon />
              <p>{t("surveys.editor.problems", { count })}</p>
            </div>
          )}
          {failure?.code === "survey_version_conflict" ? (
            <div className="alert alert-error" role="alert">
              <AlertIcon />
              <p>{t("surveys.editor.conflict")}</p>
              {onReload && (
                <button type="button" className="button button-secondary button-sm" onClick={onReload}>
                  {t("surveys.editor.reload")}
                </button>
              )}
            </div>
          ) : (
            failure &&
            serverProblems.length === 0 && (
              <div className="alert alert-error" role="alert">
                <AlertIcon />
                <p>
                  {t("surveys.editor.saveFailed")} {t(errorMessageKey(failure.code))}
                </p>
              </div>
            )
          )}

          <Field label={t("surveys.field.kind")} hint={survey ? t("surveys.field.kindLocked") : undefined} error={problemAt("kind")}>
            {(c) => (
              <div className="segmented segmented-wide" role="radiogroup" aria-labelledby={undefined} id={c.id}>
                {SURVEY_KINDS.map((k) => (
                  <button
                    key={k}
                    type="button"
                    role="radio"
                    aria-checked={draft.kind === k}
                    className={draft.kind === k ? "is-selected" : ""}
                    disabled={Boolean(survey) && survey?.kind !== k}
                    onClick={() => setDraft((d) => changeKind(d, k))}
                  >
                    {t(`surveys.kindLong.${k}`)}
                  </button>
                ))}
              </div>
            )}
          </Field>
          <Field label={t("surveys.field.name")} hint={t("surveys.field.nameHint")} error={problemAt("name")}>
            {(c) => <input {...c} className="input" value={draft.name} onChange={(e) => change({ name: e.target.value })} />}
          </Field>
          <div className="field-row">
            <Field label={t("surveys.field.questionVi")} error={problemAt("question.vi")}>
              {(c) => (
                <textarea
                  {...c}
                  className="input textarea"
                  rows={2}
                  value={draft.question.vi}
                  onChange={(e) => change({ question: { ...draft.question, vi: e.target.value } })}
                />
              )}
            </Field>
            <Field label={t("surveys.field.questionEn")} error={problemAt("question.en")}>
              {(c) => (
                <textarea
                  {...c}
                  className="input textarea"
                  rows={2}
                  value={draft.question.en}
                  onChange={(e) => change({ question: { ...draft.question, en: e.target.value } })}
                />
              )}
            </Field>
          </div>

          <fieldset className="fieldset">
            <legend className="field-label">{t("surveys.followUps.title")}</legend>
            <p className="field-hint">{t("surveys.followUps.hint")}</p>
            {BANDS[draft.kind].map((band) => (
              <BandFollowUp key={band.id} band={band} draft={draft} setDraft={(d) => change(d)} problemAt={problemAt} />
            ))}
          </fieldset>

          <div className="field-row">
            <Field label={t("surveys.field.touchpoint")} error={problemAt("touchpoint")}>
              {(c) => (
                <select
                  {...c}
                  className="select"
                  value={draft.touchpoint}
                  onChange={(e) => change({ touchpoint: e.target.value as SurveyDraft["touchpoint"] })}
                >
                  {TOUCHPOINTS.map((tp) => (
                    <option key={tp} value={tp}>
                      {t(`surveys.touchpoint.${tp}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("surveys.field.channel")} hint={t("surveys.field.channelHint")} error={problemAt("channel")}>
              {(c) => (
                <select
                  {...c}
                  className="select"
                  value={draft.channel}
                  onChange={(e) => change({ channel: e.target.value as SurveyDraft["channel"] })}
                >
                  {SURVEY_CHANNELS.map((ch) => (
                    <option key={ch} value={ch}>
                      {t(`surveys.channel.${ch}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>

          <fieldset className="fieldset">
            <legend className="field-label">{t("surveys.field.stores")}</legend>
            <label className="radio">
              <input type="radio" checked={draft.storeIds === null} onChange={() => change({ storeIds: null })} />
              <span>{t("surveys.field.allStores")}</span>
            </label>
            <label className="radio">
              <input type="radio" checked={draft.storeIds !== null} onChange={() => change({ storeIds: draft.storeIds ?? [] })} />
              <span>{t("surveys.field.someStores")}</span>
            </label>
            {draft.storeIds !== null &&
              (stores.status === "error" ? (
                <p className="field-error">{t("surveys.field.storesLoadFailed")}</p>
              ) : (
                <div className="survey-store-list">
                  {(stores.status === "ready" ? stores.data.stores : []).map((s) => (
                    <label key={s.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={draft.storeIds?.includes(s.id) ?? false}
                        onChange={(e) =>
                          change({
                            storeIds: e.target.checked
                              ? [...(draft.storeIds ?? []), s.id]
                              : (draft.storeIds ?? []).filter((id) => id !== s.id),
                          })
                        }
                      />
                      <span>{s.name}</span>
                    </label>
                  ))}
                </div>
              ))}
            {problemAt("storeIds") && <p className="field-error">{problemAt("storeIds")}</p>}
          </fieldset>

          <div className="field-row">
            <Field label={t("surveys.field.reward")} hint={t("surveys.field.rewardHint")} error={problemAt("rewardPoints")}>
              {(c) => (
                <input
                  {...c}
                  className="input"
                  inputMode="numeric"
                  value={draft.rewardPoints}
                  onChange={(e) => change({ rewardPoints: e.target.value })}
                />
              )}
            </Field>
            <Field
              label={t("surveys.field.throttle")}
              hint={t("surveys.field.throttleHint", { ...SURVEY_THROTTLE_LIMITS })}
              error={problemAt("throttleDays")}
            >
              {(c) => (
                <input
                  {...c}
                  className="input"
                  inputMode="numeric"
                  value={draft.throttleDays}
                  onChange={(e) => change({ throttleDays: e.target.value })}
                />
              )}
            </Field>
          </div>
          <div className="field-row">
            <Field label={t("surveys.field.startsAt")} hint={t("surveys.field.windowHint")} error={problemAt("startsAt")}>
              {(c) => (
                <input {...c} className="input" type="date" value={draft.startsOn} onChange={(e) => change({ startsOn: e.target.value })} />
              )}
            </Field>
            <Field label={t("surveys.field.endsAt")} error={problemAt("endsAt")}>
              {(c) => (
                <input {...c} className="input" type="date" value={draft.endsOn} onChange={(e) => change({ endsOn: e.target.value })} />
              )}
            </Field>
          </div>
        </fieldset>
        {!readOnly && (
          <div className="survey-editor-footer">
            <button type="submit" className="button button-primary button-lg" disabled={saving}>
              {saving ? t("surveys.editor.saving") : survey ? t("surveys.editor.save") : t("surveys.editor.saveNew")}
            </button>
          </div>
        )}
      </form>
      <SurveyPreview draft={draft} />
    </div>
  );
}

type BandProps = {
  band: Band;
  draft: SurveyDraft;
  setDraft: (change: Partial<SurveyDraft>) => void;
  problemAt: (field: string) => string | null;
};

/** One score band's follow-up: on or off, its prompt in both languages, and its reason chips (add, rename, remove). */
function BandFollowUp({ band, draft, setDraft, problemAt }: BandProps) {
  const { t, locale } = useLocale();
  const followUp = draft.followUps[band.id];
  const [newLabel, setNewLabel] = useState({ vi: "", en: "" });
  const [renaming, setRenaming] = useState<string | null>(null);
  const at = `followUps.${band.id}`;
  const set = (next: SurveyDraft["followUps"][BandId]) => {
    const followUps = { ...draft.followUps };
    if (next) followUps[band.id] = next;
    else delete followUps[band.id];
    setDraft({ followUps });
  };
  const add = () => {
    if (!followUp || !newLabel.vi.trim()) return;
    const id = reasonId(
      newLabel.vi,
      followUp.reasons.map((r) => r.id),
    );
    set({
      ...followUp,
      reasons: [...followUp.reasons, { id, label: { vi: newLabel.vi.trim(), en: newLabel.en.trim() || newLabel.vi.trim() } }],
    });
    setNewLabel({ vi: "", en: "" });
  };

  return (
    <div className={`survey-band band-${band.sentiment}`}>
      <label className="checkbox survey-band-toggle">
        <input
          type="checkbox"
          checked={Boolean(followUp)}
          onChange={(e) => set(e.target.checked ? { prompt: defaultPrompt(band.sentiment), reasons: [] } : undefined)}
        />
        <span>
          <strong>{t(`surveys.band.${band.id}`)}</strong> · {t("surveys.followUps.enable")}
        </span>
      </label>
      {followUp && (
        <div className="survey-band-body">
          <div className="field-row">
            <Field label={t("surveys.followUps.promptVi")} error={problemAt(`${at}.prompt.vi`)}>
              {(c) => (
                <input
                  {...c}
                  className="input"
                  value={followUp.prompt.vi}
                  onChange={(e) => set({ ...followUp, prompt: { ...followUp.prompt, vi: e.target.value } })}
                />
              )}
            </Field>
            <Field label={t("surveys.followUps.promptEn")} error={problemAt(`${at}.prompt.en`)}>
              {(c) => (
                <input
                  {...c}
                  className="input"
                  value={followUp.prompt.en}
                  onChange={(e) => set({ ...followUp, prompt: { ...followUp.prompt, en: e.target.value } })}
                />
              )}
            </Field>
          </div>
          <p className="field-label">{t("surveys.followUps.reasons", { count: followUp.reasons.length, max: MAX_REASONS })}</p>
          <ul className="reason-chips">
            {followUp.reasons.map((r, i) => {
              const error =
                problemAt(`${at}.reasons.${i}.label.vi`) ?? problemAt(`${at}.reasons.${i}.label.en`) ?? problemAt(`${at}.reasons.${i}.id`);
              return (
                <li key={r.id} className={`reason-chip${error ? " is-invalid" : ""}`}>
                  {renaming === r.id ? (
                    <span className="reason-chip-edit">
                      {(["vi", "en"] as const).map((l) => (
                        <input
                          key={l}
                          className="input input-sm"
                          aria-label={`${t("surveys.followUps.rename", { label: r.label[locale] })} (${l})`}
                          value={r.label[l]}
                          onChange={(e) =>
                            set({
                              ...followUp,
                              reasons: followUp.reasons.map((x) =>
                                x.id === r.id ? { ...x, label: { ...x.label, [l]: e.target.value } } : x,
                              ),
                            })
                          }
                        />
                      ))}
                      <button type="button" className="button button-ghost button-sm" onClick={() => setRenaming(null)}>
                        {t("surveys.followUps.done")}
                      </button>
                    </span>
                  ) : (
                    <>
                      <span title={`${r.label.vi} / ${r.label.en} (${r.id})`}>{r.label[locale]}</span>
                      <button
                        type="button"
                        className="button-icon-sm"
                        aria-label={t("surveys.followUps.rename", { label: r.label[locale] })}
                        onClick={() => setRenaming(r.id)}
                      >
                        <EditIcon />
                      </button>
                      <button
                        type="button"
                        className="button-icon-sm"
                        aria-label={t("surveys.followUps.remove", { label: r.label[locale] })}
                        onClick={() => set({ ...followUp, reasons: followUp.reasons.filter((x) => x.id !== r.id) })}
                      >
                        <CloseIcon />
                      </button>
                    </>
                  )}
                  {error && <span className="field-error">{error}</span>}
                </li>
              );
            })}
          </ul>
          {renaming && <p className="field-hint">{t("surveys.followUps.renameHint")}</p>}
          {problemAt(`${at}.reasons`) && <p className="field-error">{problemAt(`${at}.reasons`)}</p>}
          {followUp.reasons.length < MAX_REASONS && (
            <div className="reason-add">
              <input
                className="input input-sm"
                placeholder={t("surveys.followUps.newVi")}
                aria-label={`${t("surveys.followUps.newVi")} · ${t(`surveys.band.${band.id}`)}`}
                value={newLabel.vi}
                onChange={(e) => setNewLabel({ ...newLabel, vi: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    add();
                  }
                }}
              />
              <input
                className="input input-sm"
                placeholder={t("surveys.followUps.newEn")}
                aria-label={`${t("surveys.followUps.newEn")} · ${t(`surveys.band.${band.id}`)}`}
                value={newLabel.en}
                onChange={(e) => setNewLabel({ ...newLabel, en: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    add();
                  }
                }}
              />
              <button type="button" className="button button-secondary button-sm" onClick={add} disabled={!newLabel.vi.trim()}>
                <PlusIcon />
                <span>{t("surveys.followUps.addReason")}</span>
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
