import { FORM_LIMITS } from "../../domain/preferences/form";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "../shell/icons";
import { hasFixedOptions, move, newOption, slugify, type DraftOption, type DraftQuestion, type KeyedProblem } from "./form-draft";
import { formProblemText } from "./problems";
import type { QuestionChange } from "./question-change";

type Props = {
  question: DraftQuestion;
  readOnly: boolean;
  problems: readonly KeyedProblem[];
  onChange: QuestionChange;
  onFocusRequest: (target: string) => void;
};

/** Which column a message under an option row is about. */
const PART_KEYS: Record<string, MessageKey> = { id: "prefs.opt.col.id", "label.vi": "prefs.opt.col.vi", "label.en": "prefs.opt.col.en" };

/**
 * The choices of a single/multi question, one row each: id and the two labels. Published ids
 * stay (answers and segments hold them); offer_frequency keeps exactly its three options.
 */
export function OptionsEditor({ question: q, readOnly, problems, onChange, onFocusRequest }: Props) {
  const { t, locale } = useLocale();
  const fixedSet = q.published && hasFixedOptions(q.id);
  const listProblems = problems.filter((p) => p.field === "options");

  const editOptions = (fields: string[], apply: (options: DraftOption[]) => DraftOption[]) =>
    onChange(q.key, (current) => ({ ...current, options: apply(current.options) }), ["options", ...fields]);

  const editOption = (key: string, part: "id" | "label.vi" | "label.en", value: string) =>
    editOptions([`options.${key}.${part}`, ...(part !== "id" ? [`options.${key}.id`] : [])], (options) =>
      options.map((o) => {
        if (o.key !== key) return o;
        if (part === "id") return { ...o, id: value, autoId: false };
        const label = { ...o.label, [part === "label.vi" ? "vi" : "en"]: value };
        return { ...o, label, id: o.autoId && !o.published ? slugify(label.en || label.vi) : o.id };
      }),
    );

  const moveOption = (index: number, key: string, by: -1 | 1) => {
    editOptions([], (options) => move(options, index, by));
    onFocusRequest(`opt-${key}-${by < 0 ? "up" : "down"}`);
  };

  const add = () => {
    const option = newOption();
    editOptions([], (options) => [...options, option]);
    onFocusRequest(`opt-${option.key}-vi`);
  };

  return (
    <fieldset className="fieldset options-editor">
      <legend className="field-label">{t("prefs.opt.legend")}</legend>
      {!readOnly && <p className="field-hint">{t(fixedSet ? "prefs.opt.fixedHint" : "prefs.opt.hint", { max: FORM_LIMITS.options })}</p>}
      <div className={`option-grid${readOnly ? " option-grid-readonly" : ""}`}>
        <div className="option-head" aria-hidden="true">
          <span>{t("prefs.opt.col.id")}</span>
          <span>{t("prefs.opt.col.vi")}</span>
          <span>{t("prefs.opt.col.en")}</span>
        </div>
        <ol className="option-list">
          {q.options.map((o, j) => {
            const n = j + 1;
            const mine = problems.filter((p) => p.field.startsWith(`options.${o.key}.`));
            const partError = (part: string) =>
              mine.some((p) => p.field === `options.${o.key}.${part}` || p.field.startsWith(`options.${o.key}.${part}.`));
            const errorId = `${q.key}-${o.key}-error`;
            const described = mine.length > 0 ? errorId : undefined;
            return (
              <li key={o.key} className="option-row" data-option={o.key}>
                <input
                  className="input input-mono"
                  aria-label={t("prefs.opt.id", { n })}
                  value={o.id}
                  readOnly={readOnly || o.published}
                  maxLength={40}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={partError("id")}
                  aria-describedby={described}
                  onChange={(e) => editOption(o.key, "id", e.target.value)}
                />
                <input
                  className="input"
                  lang="vi"
                  aria-label={t("prefs.opt.vi", { n })}
                  value={o.label.vi}
                  readOnly={readOnly}
                  aria-invalid={partError("label.vi")}
                  aria-describedby={described}
                  data-focus={`opt-${o.key}-vi`}
                  onChange={(e) => editOption(o.key, "label.vi", e.target.value)}
                />
                <input
                  className="input"
                  lang="en"
                  aria-label={t("prefs.opt.en", { n })}
                  value={o.label.en}
                  readOnly={readOnly}
                  aria-invalid={partError("label.en")}
                  aria-describedby={described}
                  onChange={(e) => editOption(o.key, "label.en", e.target.value)}
                />
                {!readOnly && (
                  <div className="option-actions">
                    <button
                      type="button"
                      className="button button-ghost button-icon button-icon-sm"
                      onClick={() => moveOption(j, o.key, -1)}
                      disabled={j === 0}
                      aria-label={t("prefs.opt.moveUp", { n })}
                      title={t("prefs.opt.moveUp", { n })}
                      data-focus={`opt-${o.key}-up`}
                    >
                      <ArrowUpIcon />
                    </button>
                    <button
                      type="button"
                      className="button button-ghost button-icon button-icon-sm"
                      onClick={() => moveOption(j, o.key, 1)}
                      disabled={j === q.options.length - 1}
                      aria-label={t("prefs.opt.moveDown", { n })}
                      title={t("prefs.opt.moveDown", { n })}
                      data-focus={`opt-${o.key}-down`}
                    >
                      <ArrowDownIcon />
                    </button>
                    {!fixedSet && (
                      <button
                        type="button"
                        className="button button-ghost button-icon button-icon-sm button-danger-ghost"
                        onClick={() => editOptions([`options.${o.key}`], (options) => options.filter((x) => x.key !== o.key))}
                        aria-label={t("prefs.opt.remove", { n })}
                        title={t("prefs.opt.remove", { n })}
                      >
                        <TrashIcon />
                      </button>
                    )}
                  </div>
                )}
                {mine.length > 0 && (
                  <p id={errorId} className="field-error option-error">
                    {mine
                      .map((p) => `${partLabel(p.field.slice(`options.${o.key}.`.length), t)}${formProblemText(p.problem, locale, t)}`)
                      .join(" ")}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      {!readOnly && !fixedSet && (
        <div>
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={add}
            disabled={q.options.length >= FORM_LIMITS.options}
          >
            <PlusIcon />
            <span>{t("prefs.opt.add")}</span>
          </button>
        </div>
      )}
      {listProblems.length > 0 && <p className="field-error">{listProblems.map((p) => formProblemText(p.problem, locale, t)).join(" ")}</p>}
    </fieldset>
  );
}

function partLabel(part: string, t: (key: MessageKey) => string): string {
  const key = PART_KEYS[part];
  return key ? `${t(key)}: ` : "";
}
