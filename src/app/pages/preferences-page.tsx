import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useEffect, useId, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { MyPreferences, Question } from "../../contract/preferences";
import { answerText, FORM_LIMITS, validateAnswer, type AnswerValue } from "../../domain/preferences/form";
import type { Locale } from "../../domain/locale/locale";
import { Dialog } from "../components/dialog";
import { EmptyState } from "../components/empty-state";
import { ChevronRightIcon, GiftIcon, SlidersIcon, SparkleIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { Redirect } from "../components/redirect";
import { SelectField } from "../components/select-field";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { errorKey } from "../i18n/error-key";
import { useFormatNumber, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { localeAtom } from "../state/locale";
import { fetchPreferences, saveAnswerAtom } from "../state/preferences";
import { meAtom } from "../state/session";

type Load = { status: "loading" } | { status: "error"; message: MessageKey } | { status: "ready"; prefs: MyPreferences };
/** `editing`: opened from the summary, so saving goes back there instead of on to the next question. */
type View = { mode: "step"; index: number; editing: boolean } | { mode: "summary" };

/**
 * "Sở thích của tôi": one question per screen, each answer saved on Next, so a member who
 * leaves half-way keeps what they said and comes back to the first question still open.
 */
export function PreferencesPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const navigate = useNavigate();
  const formatNumber = useFormatNumber();
  const save = useSetAtom(saveAnswerAtom);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [view, setView] = useState<View>({ mode: "summary" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [bonus, setBonus] = useState<{ points: number; open: boolean } | null>(null);

  const reload = useCallback(async (quiet: boolean) => {
    if (!quiet) setLoad({ status: "loading" });
    try {
      const prefs = await fetchPreferences();
      setLoad({ status: "ready", prefs });
      if (quiet) {
        // A newer form may have fewer questions than the step on screen.
        setView((v) => (v.mode === "step" && v.index >= prefs.form.questions.length ? { mode: "summary" } : v));
      } else {
        setView(startView(prefs));
      }
    } catch (err) {
      if (!quiet) setLoad({ status: "error", message: errorKey(failureCode(err)) });
    }
  }, []);

  useEffect(() => {
    void reload(false);
  }, [reload]);

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;

  const prefs = load.status === "ready" ? load.prefs : null;
  const questions = prefs?.form.questions ?? [];
  const showBanner = prefs !== null && prefs.bonus.points > 0 && !prefs.bonus.paid && !prefs.progress.complete;

  function go(next: View) {
    setProblem(null);
    setView(next);
  }

  function advance(from: View) {
    if (from.mode !== "step" || from.editing || from.index + 1 >= questions.length) go({ mode: "summary" });
    else go({ mode: "step", index: from.index + 1, editing: false });
  }

  async function submit(question: Question, value: AnswerValue | null, then: "advance" | "stay") {
    if (!prefs) return;
    const stored = prefs.answers[question.id]?.value;
    // Unchanged: nothing to save, and no request to wait for.
    if (value !== null && stored !== undefined && sameAnswer(value, stored)) {
      if (then === "advance") advance(view);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { bonusCredited, ...next } = await save({ questionId: question.id, formVersion: prefs.form.version, value });
      setLoad({ status: "ready", prefs: next });
      if (bonusCredited > 0) setBonus({ points: bonusCredited, open: true });
      if (then === "advance") advance(view);
    } catch (err) {
      const code = failureCode(err);
      setProblem(errorKey(code));
      // The form changed under the member: show the current one, keep their draft.
      if (code === "form_version_unknown" || code === "question_not_found") void reload(true);
    } finally {
      setBusy(false);
    }
  }

  const question = view.mode === "step" ? questions[view.index] : undefined;

  return (
    <Page className="page page--with-actions">
      <PageTitle title={t("prefs.heading")} back />
      {load.status === "loading" && <PreferencesSkeleton label={t("common.loading")} />}
      {load.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(load.message === "error.generic" ? "prefs.loadError" : load.message)}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void reload(false)}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {prefs && showBanner && (
        <p className="bonus-banner" data-testid="bonus-banner">
          <GiftIcon size={22} />
          <span>{t("prefs.bonusBanner", { points: formatNumber(prefs.bonus.points) })}</span>
        </p>
      )}
      {prefs && questions.length === 0 && <EmptyState icon={<SlidersIcon size={28} />} title={t("prefs.empty")} hint={t("prefs.emptyHint")} />}
      {prefs && view.mode === "step" && question && (
        <QuestionStep
          // A new draft per question, and again once its saved answer changes (e.g. cleared).
          key={`${question.id}:${prefs.answers[question.id]?.updatedAt ?? "-"}`}
          question={question}
          index={view.index}
          total={questions.length}
          prefs={prefs}
          editing={view.editing}
          busy={busy}
          problem={problem}
          onNext={(value) => void submit(question, value, "advance")}
          onClear={() => void submit(question, null, "stay")}
          onSkip={() => advance(view)}
          onBack={() => go(view.editing ? { mode: "summary" } : { mode: "step", index: Math.max(0, view.index - 1), editing: false })}
        />
      )}
      {prefs && view.mode === "summary" && questions.length > 0 && (
        <AnswerSummary
          prefs={prefs}
          onEdit={(index) => go({ mode: "step", index, editing: true })}
          onContinue={(index) => go({ mode: "step", index, editing: false })}
          onDone={() => navigate(-1)}
        />
      )}

      <Dialog visible={bonus?.open === true} onClose={() => setBonus((b) => b && { ...b, open: false })} afterClose={() => setBonus(null)} labelledBy="bonus-title">
        {bonus && (
          <div className="dialog-body celebration">
            <span className="celebration__icon" aria-hidden="true">
              <SparkleIcon size={36} />
            </span>
            <h2 className="dialog-title" id="bonus-title">
              {t("prefs.bonusTitle", { points: formatNumber(bonus.points) })}
            </h2>
            <p className="muted">{t("prefs.bonusThanks")}</p>
            <Button fullWidth onClick={() => setBonus({ ...bonus, open: false })}>
              {t("prefs.bonusOk")}
            </Button>
          </div>
        )}
      </Dialog>
    </Page>
  );
}

/** Complete profiles open on their answers; others on the first required question still open. */
function startView(prefs: MyPreferences): View {
  const { questions } = prefs.form;
  if (prefs.progress.complete || questions.length === 0) return { mode: "summary" };
  const open = firstUnanswered(prefs);
  return open === -1 ? { mode: "summary" } : { mode: "step", index: open, editing: false };
}

function firstUnanswered(prefs: MyPreferences): number {
  const answered = (q: Question) => storedFor(prefs, q) !== undefined;
  const required = prefs.form.questions.findIndex((q) => !q.optional && !answered(q));
  return required !== -1 ? required : prefs.form.questions.findIndex((q) => !answered(q));
}

/** The saved answer, if it still fits the question (a later form version may change a kind). */
function storedFor(prefs: MyPreferences, q: Question): AnswerValue | undefined {
  const value = prefs.answers[q.id]?.value;
  return value && value.kind === q.kind ? value : undefined;
}

function sameAnswer(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------- one question ----------

type Draft =
  | { kind: "birthday"; day: number | null; month: number | null }
  | { kind: "single"; optionId: string | null }
  | { kind: "multi"; optionIds: string[] }
  | { kind: "store"; storeId: string | null }
  | { kind: "text"; text: string };

function initialDraft(q: Question, stored: AnswerValue | undefined): Draft {
  switch (q.kind) {
    case "birthday":
      return stored?.kind === "birthday" ? { kind: "birthday", day: stored.day, month: stored.month } : { kind: "birthday", day: null, month: null };
    case "single":
      return { kind: "single", optionId: stored?.kind === "single" ? stored.optionId : null };
    case "multi":
      return { kind: "multi", optionIds: stored?.kind === "multi" ? stored.optionIds : [] };
    case "store":
      return { kind: "store", storeId: stored?.kind === "store" ? stored.storeId : null };
    case "text":
      return { kind: "text", text: stored?.kind === "text" ? stored.text : "" };
  }
}

/** The draft as an answer, or null while it is incomplete (nothing to save yet). */
function draftValue(draft: Draft): AnswerValue | null {
  switch (draft.kind) {
    case "birthday":
      return draft.day !== null && draft.month !== null ? { kind: "birthday", day: draft.day, month: draft.month } : null;
    case "single":
      return draft.optionId ? { kind: "single", optionId: draft.optionId } : null;
    case "multi":
      return draft.optionIds.length > 0 ? { kind: "multi", optionIds: draft.optionIds } : null;
    case "store":
      return draft.storeId ? { kind: "store", storeId: draft.storeId } : null;
    case "text":
      return draft.text.trim() ? { kind: "text", text: draft.text } : null;
  }
}

type StepProps = {
  question: Question;
  index: number;
  total: number;
  prefs: MyPreferences;
  editing: boolean;
  busy: boolean;
  problem: MessageKey | null;
  onNext: (value: AnswerValue) => void;
  onClear: () => void;
  onSkip: () => void;
  onBack: () => void;
};

function QuestionStep({ question, index, total, prefs, editing, busy, problem, onNext, onClear, onSkip, onBack }: StepProps) {
  const t = useT();
  const locale = useAtomValue(localeAtom);
  const headingId = useId();
  const stored = storedFor(prefs, question);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(question, stored));
  const value = draftValue(draft);
  // The same rules the server applies, so a bad answer is caught before it is sent.
  const check = value ? validateAnswer(prefs.form, question.id, value, { storeIds: prefs.stores.map((s) => s.id) }) : null;
  const valid = check?.ok === true && check.value !== null;
  const last = index + 1 >= total;
  const current = index + 1;

  return (
    <>
      <section className="question" aria-labelledby={headingId}>
        <div className="question__progress">
          <p className="question__count">
            <span data-testid="question-step">{t("prefs.step", { current, total })}</span>
            {question.optional && <span className="chip chip--muted">{t("prefs.optional")}</span>}
          </p>
          <div
            className="progress"
            role="progressbar"
            aria-label={t("prefs.step", { current, total })}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={current}
          >
            <span style={{ width: `${(current / total) * 100}%` }} />
          </div>
        </div>
        <h2 className="question__label" id={headingId}>
          {question.label[locale]}
        </h2>
        {question.help && <p className="muted">{question.help[locale]}</p>}
        <AnswerInput question={question} draft={draft} onChange={setDraft} headingId={headingId} prefs={prefs} locale={locale} />
        {draft.kind === "birthday" && check && !check.ok && (
          <Notice tone="error">
            {t("prefs.birthdayInvalid", { day: draft.day ?? "", month: draft.month === null ? "" : locale === "vi" ? draft.month : monthName(locale, draft.month, t) })}
          </Notice>
        )}
        {problem && <Notice tone="error">{t(problem)}</Notice>}
        {stored && (
          <button type="button" className="link-button question__clear" disabled={busy} onClick={onClear}>
            {t("prefs.clear")}
          </button>
        )}
      </section>
      <div className="actions">
        <Button fullWidth size="large" loading={busy} disabled={!valid || busy} onClick={() => check?.ok && check.value && onNext(check.value)}>
          {editing ? t("prefs.save") : last ? t("prefs.finish") : t("prefs.next")}
        </Button>
        <div className="actions__row">
          <Button variant="tertiary" disabled={busy || (index === 0 && !editing)} onClick={onBack}>
            {editing ? t("common.cancel") : t("prefs.back")}
          </Button>
          {!editing && (
            <Button variant="tertiary" disabled={busy} onClick={onSkip}>
              {t("prefs.skip")}
            </Button>
          )}
        </div>
      </div>
    </>
  );
}

type InputProps = { question: Question; draft: Draft; onChange: (d: Draft) => void; headingId: string; prefs: MyPreferences; locale: Locale };

function AnswerInput({ question, draft, onChange, headingId, prefs, locale }: InputProps) {
  const t = useT();
  switch (draft.kind) {
    case "birthday":
      return (
        <div className="stack-8">
          <div className="birthday">
            <SelectField
              label={t("prefs.day")}
              value={draft.day === null ? "" : String(draft.day)}
              onChange={(e) => onChange({ ...draft, day: e.target.value ? Number(e.target.value) : null })}
              options={[{ value: "", label: t("prefs.pick") }, ...range(1, 31).map((d) => ({ value: String(d), label: String(d) }))]}
            />
            <SelectField
              label={t("prefs.month")}
              value={draft.month === null ? "" : String(draft.month)}
              onChange={(e) => onChange({ ...draft, month: e.target.value ? Number(e.target.value) : null })}
              options={[{ value: "", label: t("prefs.pick") }, ...range(1, 12).map((m) => ({ value: String(m), label: monthName(locale, m, t) }))]}
            />
          </div>
          {!question.help && <p className="muted small">{t("prefs.birthdayHint")}</p>}
        </div>
      );
    case "single":
      return (
        <Choices
          type="radio"
          headingId={headingId}
          options={(question.options ?? []).map((o) => ({ id: o.id, label: o.label[locale] }))}
          chosen={draft.optionId ? [draft.optionId] : []}
          onToggle={(id) => onChange({ kind: "single", optionId: id })}
        />
      );
    case "store":
      if (prefs.stores.length === 0) return <p className="muted">{t("prefs.noStores")}</p>;
      return (
        <Choices
          type="radio"
          headingId={headingId}
          options={prefs.stores.map((s) => ({ id: s.id, label: s.name }))}
          chosen={draft.storeId ? [draft.storeId] : []}
          onToggle={(id) => onChange({ kind: "store", storeId: id })}
        />
      );
    case "multi": {
      const options = question.options ?? [];
      const max = question.maxChoices ?? options.length;
      return (
        <Choices
          type="checkbox"
          headingId={headingId}
          hint={max < options.length ? t("prefs.maxChoices", { count: max }) : t("prefs.chooseMany")}
          options={options.map((o) => ({ id: o.id, label: o.label[locale] }))}
          chosen={draft.optionIds}
          max={max}
          onToggle={(id) =>
            onChange({ kind: "multi", optionIds: draft.optionIds.includes(id) ? draft.optionIds.filter((x) => x !== id) : [...draft.optionIds, id] })
          }
        />
      );
    }
    case "text": {
      const max = question.maxLength ?? FORM_LIMITS.textMaxLength;
      return (
        <div className="text-field">
          <textarea
            className="text-field__input text-area"
            aria-labelledby={headingId}
            maxLength={max}
            rows={4}
            value={draft.text}
            onChange={(e) => onChange({ kind: "text", text: e.target.value })}
          />
          <p className="text-field__hint text-area__count" data-testid="text-count" aria-live="polite">
            {t("prefs.textCount", { count: [...draft.text].length, max })}
          </p>
        </div>
      );
    }
  }
}

type ChoicesProps = {
  type: "radio" | "checkbox";
  headingId: string;
  options: { id: string; label: string }[];
  chosen: string[];
  /** checkbox only: once this many are chosen, the others are disabled. */
  max?: number;
  hint?: string;
  onToggle: (id: string) => void;
};

/** Native radios and checkboxes in full-width rows: the whole row is the tap target. */
function Choices({ type, headingId, options, chosen, max, hint, onToggle }: ChoicesProps) {
  const name = useId();
  const hintId = useId();
  const full = max !== undefined && chosen.length >= max;
  return (
    <fieldset className="choices" aria-labelledby={headingId} aria-describedby={hint ? hintId : undefined}>
      {hint && (
        <p className="muted small" id={hintId}>
          {hint}
        </p>
      )}
      {options.map((o) => {
        const checked = chosen.includes(o.id);
        const disabled = type === "checkbox" && full && !checked;
        return (
          <label key={o.id} className={`choice ${checked ? "choice--checked" : ""} ${disabled ? "choice--disabled" : ""}`}>
            <input type={type} name={name} value={o.id} checked={checked} disabled={disabled} onChange={() => onToggle(o.id)} />
            <span className={`choice__mark choice__mark--${type}`} aria-hidden="true" />
            <span className="choice__label">{o.label}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

// ---------- the answers ----------

type SummaryProps = { prefs: MyPreferences; onEdit: (index: number) => void; onContinue: (index: number) => void; onDone: () => void };

function AnswerSummary({ prefs, onEdit, onContinue, onDone }: SummaryProps) {
  const t = useT();
  const locale = useAtomValue(localeAtom);
  const { complete } = prefs.progress;
  const open = complete ? -1 : firstUnanswered(prefs);
  const storeName = (id: string) => prefs.stores.find((s) => s.id === id)?.name;

  return (
    <>
      <section className="panel" aria-labelledby="answers-title">
        <h2 className="panel__title" id="answers-title">
          {complete ? t("prefs.completeTitle") : t("prefs.summaryTitle")}
        </h2>
        <p className="muted small">
          {complete ? t("prefs.summaryLead") : `${t("prefs.remaining", { count: prefs.progress.total - prefs.progress.answered })} ${t("prefs.summaryLead")}`}
        </p>
        <ul className="link-rows answers">
          {prefs.form.questions.map((q, i) => {
            const value = storedFor(prefs, q);
            return (
              <li key={q.id}>
                <button type="button" className="link-row answer-row" onClick={() => onEdit(i)}>
                  <span className="answer-row__text">
                    <span className="answer-row__label">{q.label[locale]}</span>
                    <span className={`answer-row__value ${value ? "" : "answer-row__value--empty"}`}>
                      {value ? answerText(q, value, locale, storeName) : t("prefs.notAnswered")}
                    </span>
                  </span>
                  <ChevronRightIcon size={20} />
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <div className="actions">
        {open !== -1 && (
          <Button fullWidth size="large" onClick={() => onContinue(open)}>
            {t("prefs.continue")}
          </Button>
        )}
        <Button fullWidth size="large" variant={open !== -1 ? "tertiary" : "primary"} onClick={onDone}>
          {t("prefs.done")}
        </Button>
      </div>
    </>
  );
}

function PreferencesSkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      <Skeleton width="30%" height={14} />
      <Skeleton height={8} radius={4} />
      <Skeleton width="85%" height={24} />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} height={52} radius={14} />
      ))}
    </PageSkeleton>
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "Tháng 2" in Vietnamese; the month's name in English. */
function monthName(locale: Locale, month: number, t: ReturnType<typeof useT>): string {
  if (locale === "vi") return t("prefs.monthName", { month });
  return new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(Date.UTC(2024, month - 1, 1));
}
