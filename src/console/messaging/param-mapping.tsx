import type { MemberField, ParamSource, TemplateParam } from "../../domain/messaging/zns-template";
import { useLocale } from "../locale-context";
import { FIELD_KEYS } from "./labels";
import type { ParamDraft } from "./param-mapping-draft";
import "./param-mapping.css";
import "./strings/load";

type Props = {
  /** The template's registered parameters (each row's "as registered" choice and fallback placeholder). */
  registered: readonly TemplateParam[];
  rows: readonly ParamDraft[];
  /** The member fields a row may take its value from. */
  fields: readonly MemberField[];
  /** The message to show for a row's path (`<row>.source.fixed`, `<row>.fallback`, `<row>.name`, `<row>.source.field`), or null. */
  errorAt: (path: string) => string | null;
  onChange: (rows: ParamDraft[]) => void;
  disabled?: boolean;
};

/**
 * A template's parameter mapping, one row per parameter: as registered, a member field, or fixed
 * text, and a fallback for members without a value. Shared by the campaign editor's arms and the
 * triggers page (rows and overrides: param-mapping-draft.ts).
 */
export function ParamMapping({ registered, rows, fields, errorAt, onChange, disabled }: Props) {
  const { t } = useLocale();
  const sourceText = (source: ParamSource) =>
    "field" in source ? t(FIELD_KEYS[source.field]) : t("msg.map.fixedShort", { value: source.fixed });
  const setRow = (j: number, p: ParamDraft) => onChange(rows.map((x, k) => (k === j ? p : x)));
  return (
    <table className="table param-map">
      <caption className="sr-only">{t("msg.map.params")}</caption>
      <thead>
        <tr>
          <th>{t("msg.map.params")}</th>
          <th>{t("msg.map.source")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p, j) => {
          const reg = registered.find((x) => x.name === p.name);
          const error = errorAt(`${j}.source.fixed`) ?? errorAt(`${j}.fallback`) ?? errorAt(`${j}.name`) ?? errorAt(`${j}.source.field`);
          const name = t("msg.map.param", { name: p.name });
          return (
            <tr key={p.name}>
              <td className="mono">{name}</td>
              <td>
                <div className="param-map-inputs">
                  <select
                    className="input"
                    aria-label={`${t("msg.map.source")} ${name}`}
                    value={p.source}
                    disabled={disabled}
                    onChange={(e) => setRow(j, { ...p, source: e.target.value as ParamDraft["source"] })}
                  >
                    <option value="default">{t("msg.map.source.default", { source: reg ? sourceText(reg.source) : "" })}</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {t(FIELD_KEYS[f])}
                      </option>
                    ))}
                    {/* A saved field no longer offered here (a voucher field once the reward is removed) stays visible. */}
                    {p.source !== "default" && p.source !== "fixed" && !fields.includes(p.source) && (
                      <option value={p.source}>{t(FIELD_KEYS[p.source])}</option>
                    )}
                    <option value="fixed">{t("msg.map.source.fixed")}</option>
                  </select>
                  {p.source === "fixed" && (
                    <input
                      className="input"
                      aria-label={t("msg.map.fixed", { name: p.name })}
                      aria-invalid={Boolean(errorAt(`${j}.source.fixed`))}
                      value={p.fixed}
                      maxLength={200}
                      disabled={disabled}
                      onChange={(e) => setRow(j, { ...p, fixed: e.target.value })}
                    />
                  )}
                  <input
                    className="input"
                    aria-label={t("msg.map.fallback", { name: p.name })}
                    aria-invalid={Boolean(errorAt(`${j}.fallback`))}
                    value={p.fallback}
                    maxLength={200}
                    disabled={disabled}
                    placeholder={reg?.fallback ?? t("msg.map.fallbackPlaceholder")}
                    onChange={(e) => setRow(j, { ...p, fallback: e.target.value })}
                  />
                </div>
                {error && <p className="field-error">{error}</p>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
