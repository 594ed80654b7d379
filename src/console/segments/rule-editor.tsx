import { PURPOSES, type ConsentPurpose } from "../../domain/consent/purposes";
import { TIER_CODES, type TierCode } from "../../domain/loyalty/tiers";
import type { Problem } from "../../domain/problems";
import { FIELD_FAMILIES, fieldDef, SEGMENT_FIELDS, type FieldDef, type Operator } from "../../domain/segments/fields";
import { RULE_LIMITS, type Condition, type ConditionValue, type Group } from "../../domain/segments/rule";
import { problemText, SCHEMA_PROBLEMS } from "../common/problems";
import { tierKey, type MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { SEGMENT_PROBLEMS } from "./problems";
import { defaultCondition, defaultValue } from "./rule-draft";

/** What the brand has, for option pickers: its stores, its questions' options. */
export type BuilderOptions = {
  stores: readonly { id: string; name: string }[];
  /** Option ids and labels per standard multi question (favourite_categories, topics) and the brand's own choice questions. */
  questions: readonly { id: string; label: string; options: readonly { id: string; label: string }[]; standard: boolean }[];
};

type EditorProps = {
  group: Group;
  path: string;
  depth: number;
  options: BuilderOptions;
  /** Problems by path (the condition's, and "<path>.value" etc.). */
  problems: ReadonlyMap<string, Problem[]>;
  onChange: (path: string, node: Group | Condition | null) => void;
};

const join = (path: string, suffix: string) => (path ? `${path}.${suffix}` : suffix);

/** An AND / OR group: its items, and buttons to add a condition or (above the depth limit) a group. */
export function GroupEditor({ group, path, depth, options, problems, onChange }: EditorProps) {
  const { t, locale } = useLocale();
  const here = problems.get(path) ?? [];
  return (
    <div
      className={`seg-group seg-depth-${depth}`}
      role="group"
      aria-label={t(group.combine === "and" ? "seg.combine.and" : "seg.combine.or")}
    >
      <div className="seg-group-head">
        <div className="seg-combine" role="radiogroup" aria-label={t("seg.combineLabel")}>
          {(["and", "or"] as const).map((combine) => (
            <button
              key={combine}
              type="button"
              role="radio"
              aria-checked={group.combine === combine}
              className={`button ${group.combine === combine ? "button-primary" : "button-secondary"}`}
              onClick={() => onChange(path, { ...group, combine })}
            >
              {t(combine === "and" ? "seg.combine.and" : "seg.combine.or")}
            </button>
          ))}
        </div>
        {depth > 1 && (
          <button type="button" className="button button-ghost" onClick={() => onChange(path, null)}>
            {t("seg.removeGroup")}
          </button>
        )}
      </div>
      {here.map((p, i) => (
        <p key={i} className="field-error">
          {problemText(p, locale, [SEGMENT_PROBLEMS, SCHEMA_PROBLEMS])}
        </p>
      ))}
      {group.items.length === 0 && depth === 1 && <p className="muted">{t("seg.emptyRule")}</p>}
      <ol className="seg-items">
        {group.items.map((item, i) => {
          const itemPath = join(path, `items.${i}`);
          return (
            <li key={i}>
              {item.type === "group" ? (
                <GroupEditor group={item} path={itemPath} depth={depth + 1} options={options} problems={problems} onChange={onChange} />
              ) : (
                <ConditionRow condition={item} path={itemPath} options={options} problems={problems} onChange={onChange} />
              )}
            </li>
          );
        })}
      </ol>
      <div className="seg-group-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            onChange(path, { ...group, items: [...group.items, defaultCondition("tier", { stores: options.stores.map((s) => s.id) })] })
          }
        >
          {t("seg.addCondition")}
        </button>
        {depth < RULE_LIMITS.depth && (
          <button
            type="button"
            className="button button-ghost"
            onClick={() =>
              onChange(path, {
                ...group,
                items: [
                  ...group.items,
                  { type: "group", combine: group.combine === "and" ? "or" : "and", items: [defaultCondition("tier", { stores: [] })] },
                ],
              })
            }
          >
            {t("seg.addGroup")}
          </button>
        )}
      </div>
    </div>
  );
}

type RowProps = Omit<EditorProps, "group" | "depth"> & { condition: Condition };

/** One condition: field, (key, days,) operator and value, with its problems under it. */
function ConditionRow({ condition: c, path, options, problems, onChange }: RowProps) {
  const { t, locale } = useLocale();
  const def = fieldDef(c.field);
  const mine = [...problems.entries()].filter(([p]) => p === path || p.startsWith(`${path}.`)).flatMap(([, list]) => list);
  const set = (patch: Partial<Condition>) => onChange(path, { ...c, ...patch });
  const stores = options.stores.map((s) => s.id);
  return (
    <div className={`seg-condition${mine.length ? " seg-invalid" : ""}`} data-testid={`condition-${path}`}>
      <div className="seg-condition-controls">
        <select
          className="select input"
          aria-label={t("seg.field")}
          value={c.field}
          onChange={(e) => onChange(path, defaultCondition(e.target.value, { stores }))}
        >
          {FIELD_FAMILIES.map((family) => (
            <optgroup key={family} label={t(`seg.family.${family}` as MessageKey)}>
              {SEGMENT_FIELDS.filter((f) => f.family === family).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label[locale]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {def?.arg?.kind === "key" && <KeyPicker def={def} condition={c} options={options} onKey={(key) => set({ key })} />}
        {def?.arg?.kind === "days" && (
          <label className="seg-inline">
            <input
              className="input seg-number"
              type="number"
              aria-label={t("seg.days")}
              min={def.arg.min}
              max={def.arg.max}
              value={c.days ?? ""}
              onChange={(e) => set({ days: e.target.value === "" ? undefined : Number(e.target.value) })}
            />
            <span className="muted">{t("seg.days")}</span>
          </label>
        )}
        {def && (
          <select
            className="select input"
            aria-label={t("seg.op")}
            value={c.op}
            onChange={(e) => {
              const op = e.target.value as Operator;
              const { value } = defaultValue(def, op, { stores });
              onChange(path, { ...c, op, value });
            }}
          >
            {def.ops.map((op) => (
              <option key={op} value={op}>
                {t(`seg.op.${op}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
        {def && <ValueEditor def={def} condition={c} options={options} onValue={(value) => set({ value })} />}
        <button type="button" className="button button-ghost" aria-label={t("seg.removeCondition")} onClick={() => onChange(path, null)}>
          ✕
        </button>
      </div>
      {mine.map((p, i) => (
        <p key={i} className="field-error">
          {problemText(p, locale, [SEGMENT_PROBLEMS, SCHEMA_PROBLEMS])}
        </p>
      ))}
    </div>
  );
}

function KeyPicker({
  def,
  condition,
  options,
  onKey,
}: {
  def: FieldDef;
  condition: Condition;
  options: BuilderOptions;
  onKey: (key: string) => void;
}) {
  const { t, locale } = useLocale();
  const arg = def.arg!;
  const keys =
    arg.kind === "key" && Array.isArray(arg.options)
      ? arg.options.map((k) => ({ id: k, label: keyLabel(def.id, k, locale) }))
      : options.questions.filter((q) => !q.standard).map((q) => ({ id: q.id, label: q.label }));
  return (
    <select className="select input" aria-label={t("seg.key")} value={condition.key ?? ""} onChange={(e) => onKey(e.target.value)}>
      {keys.map((k) => (
        <option key={k.id} value={k.id}>
          {k.label}
        </option>
      ))}
    </select>
  );
}

const PERMISSION_LABELS: Record<string, { vi: string; en: string }> = {
  phone: { vi: "Chia sẻ số điện thoại", en: "Share phone number" },
  requestSendNotification: { vi: "Nhận thông báo Mini App", en: "Mini App notifications" },
  interactOA: { vi: "Quan tâm OA", en: "Follow the OA" },
};

function keyLabel(field: string, key: string, locale: "vi" | "en"): string {
  if (field === "consent") return PURPOSES[key as ConsentPurpose]?.[locale].title ?? key;
  if (field === "zalo_permission") return PERMISSION_LABELS[key]?.[locale] ?? key;
  return key;
}

const isTierCode = (v: string): v is TierCode => (TIER_CODES as readonly string[]).includes(v);

const BAND_LABELS: Record<string, { vi: string; en: string }> = {
  detractor: { vi: "Không hài lòng (0–6)", en: "Detractor (0–6)" },
  passive: { vi: "Trung lập (7–8)", en: "Passive (7–8)" },
  promoter: { vi: "Ủng hộ (9–10)", en: "Promoter (9–10)" },
  low: { vi: "Thấp", en: "Low" },
  neutral: { vi: "Trung bình", en: "Neutral" },
  high: { vi: "Cao", en: "High" },
  hard: { vi: "Khó", en: "Hard" },
  easy: { vi: "Dễ", en: "Easy" },
  weekly: { vi: "Hằng tuần", en: "Weekly" },
  monthly: { vi: "Hằng tháng", en: "Monthly" },
  important_only: { vi: "Chỉ khi quan trọng", en: "Important only" },
};

/** The choices a list value picks from, with their labels. */
function choicesFor(def: FieldDef, condition: Condition, options: BuilderOptions, t: (k: MessageKey) => string, locale: "vi" | "en") {
  const spec = def.value;
  if (spec.kind === "integer" && spec.unit === "month")
    return Array.from({ length: 12 }, (_, i) => ({ id: i + 1, label: t("seg.month").replace("{month}", String(i + 1)) }));
  if (spec.kind !== "enum" && spec.kind !== "set") return [];
  if (spec.options === "stores") return options.stores.map((s) => ({ id: s.id, label: s.name }));
  if (spec.options === "any_id") {
    const question = options.questions.find((q) => q.id === (def.id === "preference" ? condition.key : def.id));
    return (question?.options ?? []).map((o) => ({ id: o.id, label: o.label }));
  }
  return spec.options.map((o) => ({ id: o, label: isTierCode(o) ? t(tierKey(o)) : (BAND_LABELS[o]?.[locale] ?? o) }));
}

function ValueEditor({
  def,
  condition: c,
  options,
  onValue,
}: {
  def: FieldDef;
  condition: Condition;
  options: BuilderOptions;
  onValue: (v: ConditionValue | undefined) => void;
}) {
  const { t, locale } = useLocale();
  const op = c.op as Operator;
  if (op === "is_set" || op === "is_not_set") return null;
  if (op === "is")
    return (
      <select
        className="select input"
        aria-label={t("seg.value")}
        value={c.value === false ? "no" : "yes"}
        onChange={(e) => onValue(e.target.value === "yes")}
      >
        <option value="yes">{t("seg.yes")}</option>
        <option value="no">{t("seg.no")}</option>
      </select>
    );
  const kind = def.value.kind;
  const one = (value: unknown, set: (v: string) => void, label: string) =>
    kind === "date" ? (
      <input
        className="input"
        type="date"
        aria-label={label}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => set(e.target.value)}
      />
    ) : (
      <input
        className="input seg-number"
        type="number"
        aria-label={label}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => set(e.target.value)}
      />
    );
  const parse = (v: string) => (kind === "date" ? v : v === "" ? null : Number(v));
  if (op === "between") {
    const pair = Array.isArray(c.value) ? c.value : [null, null];
    return (
      <span className="seg-inline">
        {one(pair[0], (v) => onValue([parse(v) as number, pair[1] as number]), t("seg.value"))}
        <span className="muted">{t("seg.to")}</span>
        {one(pair[1], (v) => onValue([pair[0] as number, parse(v) as number]), t("seg.value"))}
      </span>
    );
  }
  if (op === "eq" || op === "gte" || op === "lte" || op === "before" || op === "after")
    return one(c.value, (v) => onValue(parse(v)), t("seg.value"));
  // A list: checkboxes over the field's choices.
  const chosen = new Set(Array.isArray(c.value) ? c.value : []);
  const choices = choicesFor(def, c, options, t, locale);
  return (
    <fieldset className="seg-choices" aria-label={t("seg.value")}>
      {choices.map((choice) => (
        <label key={choice.id} className="seg-choice">
          <input
            type="checkbox"
            checked={chosen.has(choice.id)}
            onChange={(e) => {
              const next = choices.filter((x) => (x.id === choice.id ? e.target.checked : chosen.has(x.id))).map((x) => x.id);
              onValue(next);
            }}
          />
          <span>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
