import { useAtomValue } from "jotai";
import { useId, useState } from "react";
import { Button } from "zmp-ui";
import type { MyPreferences, Question } from "../../../contract/preferences";
import type { Locale } from "../../../domain/locale/locale";
import { FORM_LIMITS, validateAnswer, type AnswerValue } from "../../../domain/preferences/form";
import { Notice } from "../../components/notice";
import { SelectField } from "../../components/select-field";
import { useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { localeAtom } from "../../state/locale";
import { draftValue, initialDraft, storedFor, toggleOption, type Draft } from "./draft";

/** One question on its own screen: the answer is drafted here and saved with Next. */
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

export function QuestionStep({ question, index, total, prefs, editing, busy, problem, onNext, onClear, onSkip, onBack }: StepProps) {
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
            {t("prefs.birthdayInvalid", {
              day: draft.day ?? "",
              month: draft.month === null ? "" : locale === "vi" ? draft.month : monthName(locale, draft.month, t),
            })}
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
        <Button
          fullWidth
          size="large"
          loading={busy}
          disabled={!valid || busy}
          onClick={() => check?.ok && check.value && onNext(check.value)}
        >
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

type InputProps = {
  question: Question;
  draft: Draft;
  onChange: (d: Draft) => void;
  headingId: string;
  prefs: MyPreferences;
  locale: Locale;
};

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
              options={[
                { value: "", label: t("prefs.pick") },
                ...range(1, 12).map((m) => ({ value: String(m), label: monthName(locale, m, t) })),
              ]}
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
          onToggle={(id) => onChange(toggleOption(draft, id))}
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

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "Tháng 2" in Vietnamese; the month's name in English. */
function monthName(locale: Locale, month: number, t: ReturnType<typeof useT>): string {
  if (locale === "vi") return t("prefs.monthName", { month });
  return new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(Date.UTC(2024, month - 1, 1));
}
