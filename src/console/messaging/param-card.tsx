import { useId } from "react";
import { MEMBER_FIELDS, ZNS_PARAM_TYPES, type MemberField, type ZnsParamType } from "../../domain/messaging/zns-template";
import { Field } from "../common/field";
import { useLocale } from "../locale-context";
import { slugify } from "../preferences/form-draft";
import { TrashIcon } from "../shell/icons";
import { FIELD_KEYS, PARAM_TYPE_KEYS } from "./labels";
import { templateProblemText } from "./problems";
import { LIMITS, type DraftParam, type KeyedProblem } from "./template-draft";

/** Applies an edit to one parameter; `fields` are the fields it touched (their server messages go). */
export type ParamChange = (key: string, edit: (p: DraftParam) => DraftParam, fields: string[]) => void;

type Props = {
  param: DraftParam;
  index: number;
  readOnly: boolean;
  canRemove: boolean;
  problems: readonly KeyedProblem[];
  onChange: ParamChange;
  onRemove: () => void;
};

const PARAM_TYPES = Object.keys(ZNS_PARAM_TYPES) as ZnsParamType[];

/** One template parameter: its ZNS name and type, where its value comes from, and a fallback. */
export function ParamCard({ param: p, index, readOnly, canRemove, problems, onChange, onRemove }: Props) {
  const { t, locale } = useLocale();
  const n = index + 1;
  const titleId = useId();
  const err = (field: string) => {
    const found = problems.filter((x) => x.field === field);
    return found.length > 0 ? found.map((x) => templateProblemText(x.problem, locale)).join(" ") : null;
  };
  const whole = problems.filter((x) => x.field === "param");
  const edit = (fields: string[], apply: (p: DraftParam) => DraftParam) => onChange(p.key, apply, fields);
  // "Tên khách hàng" → ten_khach_hang: offered, never applied behind the manager's back.
  const suggestion = readOnly || p.name.trim() === "" ? "" : slugify(p.name);
  const offerSuggestion = suggestion !== "" && suggestion !== p.name.trim() && err("name") !== null;
  const max = ZNS_PARAM_TYPES[p.type];

  return (
    <li className={`param-card${problems.length > 0 ? " param-card-invalid" : ""}`} data-param={p.key}>
      <div className="param-card-head">
        <h4 id={titleId} className="param-card-title">
          {t("msg.param.legend", { n })} {p.name.trim() !== "" && <code className="question-id">{`<${p.name.trim()}>`}</code>}
        </h4>
        {!readOnly && canRemove && (
          <button
            type="button"
            className="button button-ghost button-icon button-icon-sm button-danger-ghost"
            onClick={onRemove}
            aria-label={t("msg.param.remove", { n })}
            title={t("msg.param.remove", { n })}
          >
            <TrashIcon />
          </button>
        )}
      </div>
      <div className="param-card-body" role="group" aria-labelledby={titleId}>
        {whole.length > 0 && (
          <ul className="field-error question-problems">
            {whole.map((x, i) => (
              <li key={i}>{templateProblemText(x.problem, locale)}</li>
            ))}
          </ul>
        )}
        <div className="field-row">
          <Field label={t("msg.param.name")} hint={readOnly || err("name") ? undefined : t("msg.param.nameHint")} error={err("name")}>
            {(control) => (
              <div className="param-name">
                <input
                  {...control}
                  className="input input-mono"
                  value={p.name}
                  readOnly={readOnly}
                  maxLength={60}
                  autoComplete="off"
                  spellCheck={false}
                  data-focus="name"
                  onChange={(e) => edit(["name"], (c) => ({ ...c, name: e.target.value }))}
                />
                {offerSuggestion && (
                  <button
                    type="button"
                    className="button button-secondary button-sm"
                    onClick={() => edit(["name"], (c) => ({ ...c, name: suggestion }))}
                  >
                    {t("msg.param.useSuggestion", { name: suggestion })}
                  </button>
                )}
              </div>
            )}
          </Field>
          <Field label={t("msg.param.type")} error={err("type")}>
            {(control) =>
              readOnly ? (
                <input
                  {...control}
                  className="input"
                  value={t("msg.param.typeOption", { label: t(PARAM_TYPE_KEYS[p.type]), max: ZNS_PARAM_TYPES[p.type] })}
                  readOnly
                />
              ) : (
                <select
                  {...control}
                  className="select input"
                  value={p.type}
                  onChange={(e) => edit(["type", "fixed", "fallback"], (c) => ({ ...c, type: e.target.value as ZnsParamType }))}
                >
                  {PARAM_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t("msg.param.typeOption", { label: t(PARAM_TYPE_KEYS[type]), max: ZNS_PARAM_TYPES[type] })}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
        </div>
        <div className="field-row">
          <Field label={t("msg.param.source")} error={err("source")}>
            {(control) =>
              readOnly ? (
                <input
                  {...control}
                  className="input"
                  value={p.source === "fixed" ? t("msg.param.fixedSource") : t(FIELD_KEYS[p.source])}
                  readOnly
                />
              ) : (
                <select
                  {...control}
                  className="select input"
                  value={p.source}
                  onChange={(e) => edit(["fixed", "param"], (c) => ({ ...c, source: e.target.value as MemberField | "fixed" }))}
                >
                  <optgroup label={t("msg.param.memberFields")}>
                    {MEMBER_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {t(FIELD_KEYS[field])}
                      </option>
                    ))}
                  </optgroup>
                  <option value="fixed">{t("msg.param.fixedSource")}</option>
                </select>
              )
            }
          </Field>
          {p.source === "fixed" ? (
            <Field label={t("msg.param.fixed")} hint={readOnly ? undefined : t("msg.param.maxHint", { max })} error={err("fixed")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  value={p.fixed}
                  readOnly={readOnly}
                  maxLength={LIMITS.value + 20}
                  onChange={(e) => edit(["fixed"], (c) => ({ ...c, fixed: e.target.value }))}
                />
              )}
            </Field>
          ) : (
            <Field
              label={t("msg.param.fallback")}
              hint={readOnly ? undefined : t("msg.param.fallbackHint", { max })}
              error={err("fallback")}
            >
              {(control) => (
                <input
                  {...control}
                  className="input"
                  value={p.fallback}
                  readOnly={readOnly}
                  maxLength={LIMITS.value + 20}
                  onChange={(e) => edit(["fallback"], (c) => ({ ...c, fallback: e.target.value }))}
                />
              )}
            </Field>
          )}
        </div>
      </div>
    </li>
  );
}
