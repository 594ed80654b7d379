import { useId } from "react";
import { QUESTION_KINDS, FORM_LIMITS, type Localized, type QuestionKind } from "../../domain/preferences/form";
import { ChoiceSelect } from "../common/choice-select";
import { Field } from "../common/field";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { ArrowDownIcon, ArrowUpIcon, ChevronDownIcon, TrashIcon } from "../shell/icons";
import { isChoice, isStandard, newOption, slugify, type DraftQuestion, type KeyedProblem } from "./form-draft";
import { KIND_KEYS } from "./labels";
import { OptionsEditor } from "./options-editor";
import { formProblemText } from "./problems";
import type { QuestionChange } from "./question-change";

type Props = {
  question: DraftQuestion;
  index: number;
  count: number;
  readOnly: boolean;
  expanded: boolean;
  onToggle: () => void;
  problems: readonly KeyedProblem[];
  onChange: QuestionChange;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onFocusRequest: (target: string) => void;
};

/** Fields this card shows a message under; anything else is listed at the top of the card. */
const FIELDS = new Set(["id", "kind", "label.vi", "label.en", "help.vi", "help.en", "maxChoices", "maxLength"]);

const KIND_HINT: Partial<Record<QuestionKind, MessageKey>> = {
  birthday: "prefs.q.birthdayHint",
  store: "prefs.q.storeHint",
};

/**
 * One question: a heading that opens and closes it (the list stays scannable), its badges,
 * and when open every setting. Standard questions keep their id and kind and cannot be removed.
 */
export function QuestionCard({
  question: q,
  index,
  count,
  readOnly,
  expanded,
  onToggle,
  problems,
  onChange,
  onMove,
  onRemove,
  onFocusRequest,
}: Props) {
  const { t, locale } = useLocale();
  const headingId = useId();
  const bodyId = useId();
  const standard = q.published && isStandard(q.id);
  const n = index + 1;

  const err = (field: string) => {
    const found = problems.filter((p) => p.field === field);
    return found.length > 0 ? found.map((p) => formProblemText(p.problem, locale, t)).join(" ") : null;
  };
  const other = problems.filter((p) => !FIELDS.has(p.field) && p.field !== "options" && !p.field.startsWith("options."));

  const edit = (fields: string[], apply: (q: DraftQuestion) => DraftQuestion) => onChange(q.key, apply, fields);

  /** A new question's id follows its label (English first) until the manager types one. */
  const setLabel = (which: "label" | "help", lang: keyof Localized, value: string) =>
    edit([`${which}.${lang}`, ...(which === "label" && q.autoId ? ["id"] : [])], (current) => {
      const text = { ...current[which], [lang]: value };
      if (which !== "label" || !current.autoId || current.published) return { ...current, [which]: text };
      return { ...current, label: text, id: slugify(text.en || text.vi) };
    });

  const setKind = (kind: QuestionKind) =>
    edit(["kind", "options", "maxChoices", "maxLength"], (current) => ({
      ...current,
      kind,
      options: isChoice(kind) && current.options.length === 0 ? [newOption(), newOption()] : current.options,
    }));

  const label = q.label[locale].trim() || q.label[locale === "vi" ? "en" : "vi"].trim();
  const fixedId = readOnly || q.published;

  return (
    <li className={`question${expanded ? " question-open" : ""}${problems.length > 0 ? " question-invalid" : ""}`} data-question={q.key}>
      <section aria-labelledby={headingId}>
        <div className="question-head">
          <h3 id={headingId} className="question-title">
            <button
              type="button"
              className="question-toggle"
              aria-expanded={expanded}
              aria-controls={bodyId}
              onClick={onToggle}
              data-focus="toggle"
            >
              <ChevronDownIcon className="question-chevron" />
              <span className="question-index" aria-hidden="true">
                {n}
              </span>
              <span className="sr-only">{t("prefs.q.number", { n })}</span>{" "}
              <span className="question-label">{label || <span className="muted">{t("prefs.q.untitled")}</span>}</span>
            </button>
          </h3>
          <div className="question-tags">
            {q.id && <code className="question-id">{q.id}</code>}
            <span className="badge badge-kind">{t(KIND_KEYS[q.kind])}</span>
            {standard && (
              <span className="badge badge-standard" title={t("prefs.q.standardTitle")}>
                {t("prefs.q.standard")}
              </span>
            )}
            {q.optional && <span className="badge badge-muted-plain">{t("prefs.q.optionalBadge")}</span>}
            {!q.published && <span className="badge badge-new">{t("prefs.q.new")}</span>}
            {problems.length > 0 && <span className="badge badge-danger">{t("prefs.q.problemCount", { count: problems.length })}</span>}
          </div>
          {!readOnly && (
            <div className="question-actions">
              <button
                type="button"
                className="button button-ghost button-icon button-icon-sm"
                onClick={() => onMove(-1)}
                disabled={index === 0}
                aria-label={t("prefs.q.moveUp", { n })}
                title={t("prefs.q.moveUp", { n })}
                data-focus="up"
              >
                <ArrowUpIcon />
              </button>
              <button
                type="button"
                className="button button-ghost button-icon button-icon-sm"
                onClick={() => onMove(1)}
                disabled={index === count - 1}
                aria-label={t("prefs.q.moveDown", { n })}
                title={t("prefs.q.moveDown", { n })}
                data-focus="down"
              >
                <ArrowDownIcon />
              </button>
              {!standard && (
                <button
                  type="button"
                  className="button button-ghost button-icon button-icon-sm button-danger-ghost"
                  onClick={onRemove}
                  aria-label={t("prefs.q.remove", { n })}
                  title={t("prefs.q.remove", { n })}
                >
                  <TrashIcon />
                </button>
              )}
            </div>
          )}
        </div>

        <div id={bodyId} className="question-body" hidden={!expanded}>
          {standard && <p className="question-note">{t("prefs.q.standardNote")}</p>}
          {other.length > 0 && (
            <ul className="field-error question-problems">
              {other.map((p, i) => (
                <li key={i}>{formProblemText(p.problem, locale, t)}</li>
              ))}
            </ul>
          )}
          <div className="field-row">
            <Field
              label={t("prefs.q.id")}
              hint={readOnly ? undefined : q.published ? t("prefs.q.idFixed") : err("id") ? undefined : t("prefs.q.idHint")}
              error={err("id")}
            >
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={q.id}
                  readOnly={fixedId}
                  maxLength={40}
                  autoComplete="off"
                  spellCheck={false}
                  data-focus="id"
                  onChange={(e) => edit(["id"], (current) => ({ ...current, id: e.target.value, autoId: false }))}
                />
              )}
            </Field>
            <Field
              label={t("prefs.q.kind")}
              hint={
                readOnly
                  ? undefined
                  : q.published
                    ? t(standard ? "prefs.q.kindStandard" : "prefs.q.kindFixed")
                    : KIND_HINT[q.kind] && t(KIND_HINT[q.kind]!)
              }
              error={err("kind")}
            >
              {(control) => (
                <ChoiceSelect
                  control={control}
                  value={q.kind}
                  choices={QUESTION_KINDS}
                  label={(kind: QuestionKind) => t(KIND_KEYS[kind])}
                  onChange={setKind}
                  readOnly={Boolean(fixedId)}
                />
              )}
            </Field>
          </div>

          <div className="field-row">
            <Field label={t("prefs.q.labelVi")} error={err("label.vi")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  lang="vi"
                  value={q.label.vi}
                  readOnly={readOnly}
                  onChange={(e) => setLabel("label", "vi", e.target.value)}
                />
              )}
            </Field>
            <Field label={t("prefs.q.labelEn")} error={err("label.en")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  lang="en"
                  value={q.label.en}
                  readOnly={readOnly}
                  onChange={(e) => setLabel("label", "en", e.target.value)}
                />
              )}
            </Field>
          </div>

          {/* A reader has nothing to learn from two empty help boxes. */}
          {(!readOnly || q.help.vi !== "" || q.help.en !== "") && (
            <div className="field-row">
              <Field label={t("prefs.q.helpVi")} hint={readOnly ? undefined : t("prefs.q.helpHint")} error={err("help.vi")}>
                {(control) => (
                  <textarea
                    {...control}
                    className="input textarea textarea-sm"
                    rows={2}
                    lang="vi"
                    value={q.help.vi}
                    readOnly={readOnly}
                    onChange={(e) => setLabel("help", "vi", e.target.value)}
                  />
                )}
              </Field>
              <Field label={t("prefs.q.helpEn")} hint={readOnly ? undefined : t("prefs.q.helpHint")} error={err("help.en")}>
                {(control) => (
                  <textarea
                    {...control}
                    className="input textarea textarea-sm"
                    rows={2}
                    lang="en"
                    value={q.help.en}
                    readOnly={readOnly}
                    onChange={(e) => setLabel("help", "en", e.target.value)}
                  />
                )}
              </Field>
            </div>
          )}

          {isChoice(q.kind) && (
            <OptionsEditor question={q} readOnly={readOnly} problems={problems} onChange={onChange} onFocusRequest={onFocusRequest} />
          )}

          {(q.kind === "multi" || q.kind === "text") && (
            <div className="field-row">
              {q.kind === "multi" && (
                <Field label={t("prefs.q.maxChoices")} hint={t("prefs.q.maxChoicesHint")} error={err("maxChoices")}>
                  {(control) => (
                    <input
                      {...control}
                      className="input input-narrow"
                      inputMode="numeric"
                      autoComplete="off"
                      value={q.maxChoices}
                      readOnly={readOnly}
                      onChange={(e) => edit(["maxChoices"], (current) => ({ ...current, maxChoices: e.target.value }))}
                    />
                  )}
                </Field>
              )}
              {q.kind === "text" && (
                <Field
                  label={t("prefs.q.maxLength")}
                  hint={t("prefs.q.maxLengthHint", { max: FORM_LIMITS.textMaxLength })}
                  error={err("maxLength")}
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input input-narrow"
                      inputMode="numeric"
                      autoComplete="off"
                      value={q.maxLength}
                      readOnly={readOnly}
                      onChange={(e) => edit(["maxLength"], (current) => ({ ...current, maxLength: e.target.value }))}
                    />
                  )}
                </Field>
              )}
            </div>
          )}

          <label className="check check-switch">
            <input
              type="checkbox"
              checked={q.optional}
              disabled={readOnly}
              onChange={(e) => edit([], (current) => ({ ...current, optional: e.target.checked }))}
            />
            <span>
              <span className="strong">{t("prefs.q.optional")}</span>
              <span className="field-hint">{t("prefs.q.optionalHint")}</span>
            </span>
          </label>
        </div>
      </section>
    </li>
  );
}
