import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { ConsoleForm } from "../../contract/preferences";
import { FORM_LIMITS } from "../../domain/preferences/form";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { useAsYouType } from "../common/as-you-type";
import { Dialog, DialogActions } from "../common/dialog";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { useCanManage } from "../common/use-role";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { AlertIcon, PlusIcon } from "../shell/icons";
import {
  draftFromQuestions,
  draftProblems,
  formChanges,
  keyProblems,
  move,
  newQuestion,
  questionsFromDraft,
  sameQuestions,
  type DraftQuestion,
  type KeyedProblem,
} from "./form-draft";
import { formProblemText } from "./problems";
import { PublishDialog } from "./publish-dialog";
import { QuestionCard } from "./question-card";
import type { QuestionChange } from "./question-change";

type Props = {
  form: ConsoleForm;
  reloading: boolean;
  onReload: () => void;
  onPublished: (saved: ConsoleForm) => void;
};

/** Where focus goes after an edit that re-renders the list (a move, an added question). */
type FocusRequest = { question: string; target: string } | null;

/**
 * The form's questions as an editable list. Nothing reaches members until Publish, which sends
 * the whole list as a new version based on the one loaded here; marketers see the same list
 * read-only.
 */
export function FormEditor({ form, reloading, onReload, onPublished }: Props) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const titleId = useId();
  const listRef = useRef<HTMLOListElement>(null);

  const [draft, setDraft] = useState<DraftQuestion[]>(() => draftFromQuestions(form.current.questions));
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // A question's problems show once it is edited, every problem once Publish was tried.
  const asYouType = useAsYouType();
  const [serverProblems, setServerProblems] = useState<KeyedProblem[]>([]);
  const [dialog, setDialog] = useState<"publish" | "discard" | null>(null);
  const [busy, setBusy] = useState(false);
  const [publishFailure, setPublishFailure] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [focus, setFocus] = useState<FocusRequest>(null);
  const [problemFocus, setProblemFocus] = useState(0);
  const sectionRef = useRef<HTMLElement>(null);

  const baseline = useMemo(() => questionsFromDraft(draftFromQuestions(form.current.questions)), [form]);
  const questions = useMemo(() => questionsFromDraft(draft), [draft]);
  const dirty = !sameQuestions(questions, baseline);
  const problems = useMemo(
    () => [...draftProblems(draft).filter((p) => asYouType.shown(p.question ?? "")), ...serverProblems],
    [asYouType, draft, serverProblems],
  );
  const formProblems = problems.filter((p) => p.question === null);

  // Closing the tab or following a console link would lose the draft: asked first.
  useUnsavedGuard(dirty && canManage, t("common.leave"));

  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    const card = listRef.current?.querySelector(`[data-question="${CSS.escape(focus.question)}"]`);
    const wanted = card?.querySelector<HTMLElement>(`[data-focus="${focus.target}"]`);
    // A move to the top disables "up": focus the other move button rather than losing it.
    const fallback = focus.target.endsWith("up")
      ? `${focus.target.slice(0, -2)}down`
      : focus.target.endsWith("down")
        ? `${focus.target.slice(0, -4)}up`
        : null;
    const target =
      wanted && !(wanted as HTMLButtonElement).disabled
        ? wanted
        : fallback
          ? card?.querySelector<HTMLElement>(`[data-focus="${fallback}"]`)
          : null;
    target?.focus();
  }, [focus]);

  // After the cards with problems open, take the user to the first field that needs fixing.
  useEffect(() => {
    if (problemFocus === 0) return;
    const section = sectionRef.current;
    (section?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? section?.querySelector<HTMLElement>(".prefs-problems"))?.focus();
  }, [problemFocus]);

  const expand = (keys: Iterable<string>) => setExpanded((current) => new Set([...current, ...keys]));

  const change: QuestionChange = (key, edit, fields) => {
    setDraft((current) => current.map((q) => (q.key === key ? edit(q) : q)));
    asYouType.touch(key);
    // A field's server message goes as soon as the field is edited; our own check re-runs live.
    if (fields.length > 0)
      setServerProblems((current) =>
        current.filter((p) => p.question !== key || !fields.some((f) => p.field === f || p.field.startsWith(`${f}.`))),
      );
  };

  const moveQuestion = (index: number, by: -1 | 1) => {
    const key = draft[index]?.key;
    setDraft((current) => move(current, index, by));
    if (key) setFocus({ question: key, target: by < 0 ? "up" : "down" });
  };

  const removeQuestion = (key: string) => {
    setDraft((current) => current.filter((q) => q.key !== key));
    setServerProblems((current) => current.filter((p) => p.question !== key));
  };

  const addQuestion = () => {
    const question = newQuestion();
    setDraft((current) => [...current, question]);
    expand([question.key]);
    setFocus({ question: question.key, target: "id" });
  };

  const showProblems = (found: KeyedProblem[]) => {
    expand(found.flatMap((p) => (p.question ? [p.question] : [])));
    setProblemFocus((n) => n + 1);
  };

  const startPublish = () => {
    asYouType.attempt();
    setPublishFailure(null);
    const found = draftProblems(draft);
    if (found.length > 0) {
      showProblems(found);
      return;
    }
    setDialog("publish");
  };

  const publish = async () => {
    setBusy(true);
    setPublishFailure(null);
    try {
      const saved = await api.request(preferenceEndpoints.publishForm, { body: { basedOnVersion: form.current.version, questions } });
      onPublished(saved);
    } catch (error) {
      const failure = toApiError(error);
      setBusy(false);
      if ((failure.code === "form_invalid" || failure.code === "invalid_request") && failure.issues.length > 0) {
        const found = keyProblems(failure.issues, draft);
        setServerProblems(found);
        setDialog(null);
        showProblems(found);
      } else if (failure.code === "form_version_conflict") {
        setDialog(null);
        setConflict(true);
      } else {
        setPublishFailure(failure);
      }
    }
  };

  const discard = () => {
    setDraft(draftFromQuestions(form.current.questions));
    setServerProblems([]);
    asYouType.reset();
    setDialog(null);
  };

  const current = form.versions.find((v) => v.version === form.current.version);
  const problemCount = problems.length;

  return (
    <section className="card prefs-editor" aria-labelledby={titleId} ref={sectionRef}>
      <header className="card-header prefs-editor-bar">
        <div>
          <h2 id={titleId}>{t("prefs.editor.title", { version: form.current.version })}</h2>
          <p className="muted">
            {current
              ? t("prefs.editor.since", { date: formatDateTime(locale, current.createdAt), count: form.current.questions.length })
              : t("prefs.editor.count", { count: form.current.questions.length })}
          </p>
        </div>
        {canManage && (
          <div className="prefs-editor-actions">
            {problemCount > 0 ? (
              <span className="badge badge-danger">{t("prefs.editor.problemCount", { count: problemCount })}</span>
            ) : (
              dirty && <span className="badge badge-warn">{t("prefs.editor.unsaved")}</span>
            )}
            {dirty && (
              <button type="button" className="button button-secondary" onClick={() => setDialog("discard")}>
                {t("prefs.editor.discard")}
              </button>
            )}
            <button type="button" className="button button-primary" onClick={startPublish} disabled={!dirty || conflict}>
              {t("prefs.editor.publish", { version: form.current.version + 1 })}
            </button>
          </div>
        )}
      </header>

      <div className="prefs-editor-notes">
        {!canManage && <p className="muted">{t("prefs.editor.readOnly")}</p>}
        {canManage && !dirty && <p className="muted">{t("prefs.editor.noChanges")}</p>}

        {conflict && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <div>
              <p className="strong">{t("prefs.conflict.title")}</p>
              <p className="alert-detail">{t("prefs.conflict.body")}</p>
              <button
                type="button"
                className="button button-secondary button-sm alert-action"
                onClick={onReload}
                disabled={reloading}
                aria-busy={reloading}
              >
                {t("prefs.conflict.reload")}
              </button>
            </div>
          </div>
        )}

        {problemCount > 0 && (asYouType.attempted || serverProblems.length > 0) && (
          <div className="alert alert-error prefs-problems" role="alert" tabIndex={-1}>
            <AlertIcon />
            <div>
              <p className="strong">{t("prefs.problems.title", { count: problemCount })}</p>
              {formProblems.length > 0 && (
                <ul className="alert-list">
                  {formProblems.map((p, i) => (
                    <li key={i}>{formProblemText(p.problem, locale, t)}</li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
      </div>

      <ol className="question-list" ref={listRef} aria-label={t("prefs.editor.listLabel")}>
        {draft.map((question, index) => (
          <QuestionCard
            key={question.key}
            question={question}
            index={index}
            count={draft.length}
            readOnly={!canManage}
            expanded={expanded.has(question.key)}
            onToggle={() =>
              setExpanded((current) => {
                const next = new Set(current);
                if (!next.delete(question.key)) next.add(question.key);
                return next;
              })
            }
            problems={problems.filter((p) => p.question === question.key)}
            onChange={change}
            onMove={(by) => moveQuestion(index, by)}
            onRemove={() => removeQuestion(question.key)}
            onFocusRequest={(target) => setFocus({ question: question.key, target })}
          />
        ))}
      </ol>

      {canManage && (
        <div className="question-add">
          <button type="button" className="button button-secondary" onClick={addQuestion} disabled={draft.length >= FORM_LIMITS.questions}>
            <PlusIcon />
            <span>{t("prefs.editor.addQuestion")}</span>
          </button>
          <p className="field-hint">{t("prefs.editor.addHint", { max: FORM_LIMITS.questions })}</p>
        </div>
      )}

      {dialog === "publish" && (
        <PublishDialog
          nextVersion={form.current.version + 1}
          changes={formChanges(baseline, questions)}
          busy={busy}
          failure={publishFailure}
          onConfirm={() => void publish()}
          onClose={() => {
            setDialog(null);
            setPublishFailure(null);
          }}
        />
      )}
      {dialog === "discard" && (
        <Dialog
          title={t("prefs.discard.title")}
          onClose={() => setDialog(null)}
          onSubmit={discard}
          footer={<DialogActions busy={false} onCancel={() => setDialog(null)} submitLabel={t("prefs.discard.confirm")} tone="danger" />}
        >
          <p className="dialog-lead">{t("prefs.discard.body", { version: form.current.version })}</p>
        </Dialog>
      )}
    </section>
  );
}
