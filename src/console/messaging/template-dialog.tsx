import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { TemplateView } from "../../contract/messaging";
import { TRIGGER_NAMES } from "../../domain/messaging/messages";
import { purposeForZnsTag, PURPOSES } from "../../domain/consent/purposes";
import { ZNS_TAGS, ZNS_TEMPLATE_KINDS, type ZnsTag, type ZnsTemplateKind } from "../../domain/messaging/zns-template";
import { useAuth } from "../auth-context";
import { useAsYouType } from "../common/as-you-type";
import { errorMessageKey, outcomeUnknown, toApiError } from "../common/api-errors";
import { ChoiceSelect } from "../common/choice-select";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon, PlusIcon } from "../shell/icons";
import { KIND_KEYS, TAG_KEYS, TRIGGER_KEYS, type TriggerName } from "./labels";
import { ParamCard, type ParamChange } from "./param-card";
import { editorProblem, templateProblemText } from "./problems";
import {
  draftFromTemplate,
  draftFromZalo,
  draftProblems,
  keyProblems,
  LIMITS,
  newParam,
  sameTemplate,
  templateFromDraft,
  type KeyedProblem,
  type TemplateDraft,
} from "./template-draft";
import { TemplatePreview } from "./template-preview";

type Props = {
  /** The template being edited or viewed, or null to register one. */
  template: TemplateView | null;
  /** Every other template: the ZNS id and the trigger must not be one of theirs. */
  others: readonly TemplateView[];
  readOnly: boolean;
  onClose: () => void;
  onSaved: (template: TemplateView, created: boolean) => void;
  /** The list may have changed under us (a conflict, or a create whose answer was lost). */
  onStale: () => void;
  /** A new registration prefilled from a template found at Zalo (the sync). */
  seed?: Parameters<typeof draftFromZalo>[0];
};

/**
 * Register or edit a ZNS template, in a wide side panel: the settings and parameters on the
 * left, the message as a member would read it on the right, updated as the manager types.
 * The domain's validateTemplate runs here on exactly what Save sends; the server runs it again.
 */
export function TemplateDialog({ template, others, readOnly, onClose, onSaved, onStale, seed }: Props) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [initial] = useState<TemplateDraft>(() => (seed && !template ? draftFromZalo(seed) : draftFromTemplate(template)));
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  // Our own problems show at a field once it is edited, everywhere once Save was tried.
  const asYouType = useAsYouType();
  const [serverProblems, setServerProblems] = useState<KeyedProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  const previewRef = useRef<HTMLTextAreaElement | null>(null);
  // Where the caret goes once an inserted "<name>" is in the text: set in the same commit as the
  // text (a layout effect), so a keystroke that follows the click at once lands after the token
  // (a requestAnimationFrame could run after that keystroke and move the caret back before it).
  const caretAfterInsert = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfterInsert.current;
    if (at === null) return;
    caretAfterInsert.current = null;
    previewRef.current?.focus();
    previewRef.current?.setSelectionRange(at, at);
  }, [draft.preview]);

  const confirmLeave = useUnsavedGuard(!readOnly && !busy && !sameTemplate(draft, initial), t("common.leave"));

  const problems = useMemo(
    () => [...draftProblems(draft, others).filter((p) => asYouType.shown(p.param ?? p.field)), ...serverProblems],
    [asYouType, draft, others, serverProblems],
  );
  const top = (field: string) => {
    const found = problems.filter((p) => p.param === null && p.field === field);
    return found.length > 0 ? found.map((p) => templateProblemText(p.problem, locale)).join(" ") : null;
  };
  const general = problems.filter((p) => p.param === null && (p.field === "general" || p.field === "params"));

  // A problem found by the server arrives after the dialog's own focus step: take the user there.
  useEffect(() => {
    if (focusTick === 0) return;
    const body = bodyRef.current;
    (body?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? body?.querySelector<HTMLElement>(".template-problems"))?.focus();
  }, [focusTick]);

  /** Edits a top-level field; the server's message about it goes with the edit. */
  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    asYouType.touch(key);
    setServerProblems((current) =>
      current.filter((p) => !(p.param === null && (p.field === key || (p.field === "general" && p.problem.code === "conflict")))),
    );
  };

  const changeParam: ParamChange = (key, edit, fields) => {
    setDraft((d) => ({ ...d, params: d.params.map((p) => (p.key === key ? edit(p) : p)) }));
    asYouType.touch(key);
    if (fields.length > 0) setServerProblems((current) => current.filter((p) => p.param !== key || !fields.includes(p.field)));
  };

  const addParam = () => {
    const param = newParam();
    setDraft((d) => ({ ...d, params: [...d.params, param] }));
    requestAnimationFrame(() =>
      bodyRef.current?.querySelector<HTMLElement>(`[data-param="${CSS.escape(param.key)}"] [data-focus="name"]`)?.focus(),
    );
  };

  const removeParam = (key: string) => {
    setDraft((d) => ({ ...d, params: d.params.filter((p) => p.key !== key) }));
    setServerProblems((current) => current.filter((p) => p.param !== key));
  };

  /** Puts "<name>" where the caret is in the text (or at the end), as ZNS writes parameters. */
  const insertParam = (name: string) => {
    const box = previewRef.current;
    const text = draft.preview;
    const start = box?.selectionStart ?? text.length;
    const end = box?.selectionEnd ?? text.length;
    const token = `<${name}>`;
    const next = text.slice(0, start) + token + text.slice(end);
    if (next === text) {
      // The selection was that very token: nothing re-renders, so the caret moves here.
      box?.focus();
      box?.setSelectionRange(start + token.length, start + token.length);
      return;
    }
    caretAfterInsert.current = start + token.length;
    set("preview", next);
  };

  const submit = async () => {
    if (readOnly) return onClose();
    asYouType.attempt();
    setFailure(null);
    // The server's last word is re-asked on every Save; our own check must pass first.
    setServerProblems([]);
    if (draftProblems(draft, others).length > 0) return;
    if (template && sameTemplate(draft, initial)) return onClose();
    const body = templateFromDraft(draft);
    setBusy(true);
    try {
      const saved = template
        ? await api.request(messagingEndpoints.updateTemplate, { params: { id: template.id }, body })
        : await api.request(messagingEndpoints.createTemplate, { body });
      onSaved(saved, template === null);
    } catch (error) {
      const apiError = toApiError(error);
      setBusy(false);
      if ((apiError.code === "template_invalid" || apiError.code === "invalid_request") && apiError.issues.length > 0) {
        setServerProblems(keyProblems(apiError.issues, draft));
        setFocusTick((n) => n + 1);
      } else if (apiError.code === "template_conflict") {
        // Someone else took the id or the trigger: re-read the list, which names the template.
        setServerProblems([{ param: null, field: "general", problem: editorProblem("conflict") }]);
        setFocusTick((n) => n + 1);
        onStale();
      } else {
        setFailure(apiError);
        if (!template && outcomeUnknown(apiError)) onStale();
      }
    }
  };

  const purpose = PURPOSES[purposeForZnsTag(draft.tag)][locale].title;
  const names = draft.params.map((p) => p.name.trim()).filter((name, i, all) => /^[a-z][a-z0-9_]*$/.test(name) && all.indexOf(name) === i);
  const previewLength = [...draft.preview.trim()].length;
  const problemCount = problems.length;

  return (
    <Dialog
      variant="panel"
      title={readOnly ? t("msg.editor.viewTitle") : template ? t("msg.editor.editTitle") : t("msg.editor.createTitle")}
      subtitle={template?.name}
      onClose={onClose}
      confirmClose={confirmLeave}
      busy={busy}
      onSubmit={() => void submit()}
      footer={
        readOnly ? (
          <button type="button" className="button button-secondary button-lg" onClick={onClose}>
            {t("common.close")}
          </button>
        ) : (
          <DialogActions busy={busy} onCancel={onClose} submitLabel={template ? t("msg.editor.save") : t("msg.editor.create")} />
        )
      }
    >
      <div className="template-editor" ref={bodyRef}>
        <div className="template-main">
          {readOnly && <p className="question-note">{t("msg.editor.readOnly")}</p>}
          {problemCount > 0 && (asYouType.attempted || serverProblems.length > 0) && (
            <div className="alert alert-error template-problems" role="alert" tabIndex={-1}>
              <AlertIcon />
              <div>
                <p className="strong">{t("msg.editor.problems", { count: problemCount })}</p>
                {general.length > 0 && (
                  <ul className="alert-list">
                    {general.map((p, i) => (
                      <li key={i}>{templateProblemText(p.problem, locale)}</li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          )}

          <Field label={t("msg.editor.name")} hint={readOnly ? undefined : t("msg.editor.nameHint")} error={top("name")}>
            {(control) => (
              <input
                {...control}
                className="input"
                value={draft.name}
                readOnly={readOnly}
                maxLength={LIMITS.name + 20}
                onChange={(e) => set("name", e.target.value)}
              />
            )}
          </Field>

          <div className="field-row">
            <Field label={t("msg.editor.znsId")} hint={readOnly ? undefined : t("msg.editor.znsIdHint")} error={top("znsTemplateId")}>
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={draft.znsTemplateId}
                  readOnly={readOnly}
                  maxLength={60}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set("znsTemplateId", e.target.value)}
                />
              )}
            </Field>
            <Field label={t("msg.editor.tag")} hint={t("msg.editor.tagHint", { purpose })} error={top("tag")}>
              {(control) => (
                <ChoiceSelect
                  control={control}
                  value={draft.tag}
                  choices={ZNS_TAGS}
                  label={(tag: ZnsTag) => t(TAG_KEYS[tag])}
                  onChange={(tag) => set("tag", tag)}
                  readOnly={readOnly}
                />
              )}
            </Field>
          </div>

          <div className="field-row">
            <Field label={t("msg.editor.kind")} hint={readOnly ? undefined : t("msg.editor.kindHint")} error={top("kind")}>
              {(control) => (
                <ChoiceSelect
                  control={control}
                  value={draft.kind}
                  choices={ZNS_TEMPLATE_KINDS}
                  label={(kind: ZnsTemplateKind) => t(KIND_KEYS[kind])}
                  onChange={(kind) => set("kind", kind)}
                  readOnly={readOnly}
                />
              )}
            </Field>
          </div>

          <div className="field-row">
            <Field label={t("msg.editor.trigger")} hint={readOnly ? undefined : t("msg.editor.triggerHint")} error={top("trigger")}>
              {(control) =>
                readOnly ? (
                  <input
                    {...control}
                    className="input"
                    value={draft.trigger === "" ? t("msg.trigger.none") : t(TRIGGER_KEYS[draft.trigger])}
                    readOnly
                  />
                ) : (
                  <select
                    {...control}
                    className="select input"
                    value={draft.trigger}
                    onChange={(e) => set("trigger", e.target.value as TriggerName | "")}
                  >
                    <option value="">{t("msg.trigger.none")}</option>
                    {TRIGGER_NAMES.map((trigger) => (
                      <option key={trigger} value={trigger}>
                        {t(TRIGGER_KEYS[trigger])}
                      </option>
                    ))}
                  </select>
                )
              }
            </Field>
            <label className="check check-switch template-active">
              <input type="checkbox" checked={draft.active} disabled={readOnly} onChange={(e) => set("active", e.target.checked)} />
              <span>
                <span className="strong">{t("msg.editor.active")}</span>
                <span className="field-hint">{t("msg.editor.activeHint")}</span>
              </span>
            </label>
          </div>

          <Field
            label={t("msg.editor.preview")}
            hint={
              readOnly
                ? undefined
                : t("msg.editor.previewHint", { count: formatNumber(locale, previewLength), max: formatNumber(locale, LIMITS.preview) })
            }
            error={top("preview")}
          >
            {(control) => (
              <textarea
                {...control}
                ref={previewRef}
                className="input textarea template-text"
                rows={5}
                lang="vi"
                value={draft.preview}
                readOnly={readOnly}
                onChange={(e) => set("preview", e.target.value)}
              />
            )}
          </Field>
          {!readOnly && names.length > 0 && (
            <div className="param-chips" role="group" aria-label={t("msg.editor.insert")}>
              <span className="field-hint">{t("msg.editor.insert")}</span>
              {names.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="param-chip"
                  onClick={() => insertParam(name)}
                  aria-label={t("msg.editor.insertOne", { name })}
                >
                  {`<${name}>`}
                </button>
              ))}
            </div>
          )}
        </div>

        <aside className="template-aside" aria-label={t("msg.preview.title")}>
          <TemplatePreview draft={draft} />
        </aside>

        <section className="template-params" aria-labelledby="template-params-title">
          <div className="template-params-head">
            <h3 id="template-params-title">{t("msg.editor.params", { count: draft.params.length, max: LIMITS.params })}</h3>
            {!readOnly && <p className="field-hint">{t("msg.editor.paramsHint")}</p>}
          </div>
          <ol className="param-list">
            {draft.params.map((param, index) => (
              <ParamCard
                key={param.key}
                param={param}
                index={index}
                readOnly={readOnly}
                canRemove={draft.params.length > 1}
                problems={problems.filter((p) => p.param === param.key)}
                onChange={changeParam}
                onRemove={() => removeParam(param.key)}
              />
            ))}
          </ol>
          {!readOnly && (
            <button type="button" className="button button-secondary" onClick={addParam} disabled={draft.params.length >= LIMITS.params}>
              <PlusIcon />
              <span>{t("msg.editor.addParam")}</span>
            </button>
          )}
        </section>

        {failure && (
          <div className="alert alert-error template-failure" role="alert">
            <AlertIcon />
            <div>
              <p>{t(errorMessageKey(failure.code))}</p>
              {!template && outcomeUnknown(failure) && <p className="alert-detail">{t("msg.editor.checkBeforeRetry")}</p>}
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
