import { useCallback, useEffect, useMemo, useState } from "react";
import { triggerEndpoints } from "../../contract/endpoints/triggers";
import type { Trigger, TriggerList, TriggerPreview, TriggerResults as Results } from "../../contract/triggers";
import type { MemberField } from "../../domain/messaging/zns-template";
import { problem, type Problem } from "../../domain/problems";
import { SETTING_BOUNDS, VOUCHER_KINDS, type TriggerKind, type TriggerSettings } from "../../domain/triggers/triggers";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber } from "../format";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { ParamMapping } from "../messaging/param-mapping";
import {
  emptyFixedRows,
  emptyParams,
  issuePathAtRow,
  MAPPABLE_FIELDS,
  overridesOf,
  rowsOf,
  type ParamDraft,
} from "../messaging/param-mapping-draft";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { TriggerResults } from "./trigger-results";
import "./strings/load";
import "./triggers.css";

type NumberSetting = keyof typeof SETTING_BOUNDS;
const NUMBER_SETTINGS = Object.keys(SETTING_BOUNDS) as NumberSetting[];
/** Kinds whose message is not chosen here (decision 0039). */
const OWN_TEMPLATE: readonly TriggerKind[] = ["welcome", "post_purchase_survey"];
const PROBLEM_KEYS: readonly string[] = [
  "template_required",
  "template_unknown",
  "template_inactive",
  "template_automatic",
  "reward_unknown",
  "required",
  "survey_field",
];
/** A voucher's code and reward name are a trigger's own values when it issues one (decision 0039). */
const VOUCHER_FIELDS: readonly MemberField[] = ["voucher_code", "reward_name"];

/** "Tự động": the brand's always-on triggers, each switched, configured, previewed and with its results. */
export function TriggersPage() {
  const { t } = useLocale();
  const list = useApiResource(triggerEndpoints.listTriggers);
  // One guard for the page: each card says whether it has unsaved edits.
  const [dirty, setDirty] = useState<ReadonlySet<TriggerKind>>(new Set());
  useUnsavedGuard(dirty.size > 0, t("common.leave"));
  const onDirty = useCallback(
    (kind: TriggerKind, d: boolean) =>
      setDirty((prev) => {
        if (prev.has(kind) === d) return prev;
        const next = new Set(prev);
        if (d) next.add(kind);
        else next.delete(kind);
        return next;
      }),
    [],
  );
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("trg.title")}</h1>
        <p>{t("trg.subtitle")}</p>
      </header>
      {list.state.status === "loading" && (
        <div className="trg-grid" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton trg-skeleton" />
          ))}
        </div>
      )}
      {list.state.status === "error" && <LoadError title={t("trg.loadFailed")} code={list.state.error.code} onRetry={list.reload} />}
      {list.state.status === "ready" && (
        <div className="trg-grid">
          {list.state.data.items.map((item) => (
            <TriggerCard
              key={`${item.kind}:${item.version}`}
              trigger={item}
              list={list.state.status === "ready" ? list.state.data : null}
              reload={list.reload}
              onDirty={onDirty}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function TriggerCard({
  trigger,
  list,
  reload,
  onDirty,
}: {
  trigger: Trigger;
  list: TriggerList | null;
  reload: () => void;
  onDirty: (kind: TriggerKind, dirty: boolean) => void;
}) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const kind = trigger.kind;
  const templateOf = (id: string | null) => list?.templates.find((x) => x.id === id);
  const [enabled, setEnabled] = useState(trigger.enabled);
  const [templateId, setTemplateId] = useState(trigger.templateId);
  const [settings, setSettings] = useState<TriggerSettings>(trigger.settings);
  const initialRows = useMemo(
    () =>
      rowsOf(
        list?.templates.find((x) => x.id === trigger.templateId),
        trigger.params,
      ),
    [list, trigger],
  );
  const [rows, setRows] = useState<ParamDraft[]>(initialRows);
  const template = templateOf(templateId);
  const params = overridesOf(rows, template);
  const dirty =
    enabled !== trigger.enabled ||
    templateId !== trigger.templateId ||
    JSON.stringify(settings) !== JSON.stringify(trigger.settings) ||
    JSON.stringify(params) !== JSON.stringify(trigger.params);
  useEffect(() => onDirty(kind, dirty), [onDirty, kind, dirty]);
  useEffect(() => () => onDirty(kind, false), [onDirty, kind]);
  const fields = VOUCHER_KINDS.includes(kind) && settings.rewardId ? [...MAPPABLE_FIELDS, ...VOUCHER_FIELDS] : MAPPABLE_FIELDS;
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [preview, setPreview] = useState<TriggerPreview | "loading" | "error" | null>(null);
  const [results, setResults] = useState<Results | null>(null);

  useEffect(() => {
    let live = true;
    api
      .request(triggerEndpoints.triggerResults, { params: { kind } })
      .then((r) => live && setResults(r))
      .catch(() => live && setResults(null));
    return () => {
      live = false;
    };
  }, [api, kind]);

  const problemAt = (field: string) => {
    const p = problems.find((x) => x.field === field || x.field?.startsWith(`${field}.`));
    if (!p) return null;
    return t((PROBLEM_KEYS.includes(p.code) ? `trg.problem.${p.code}` : "trg.problem.other") as MessageKey);
  };

  const save = async () => {
    setNotice(null);
    const empty = emptyFixedRows(rows);
    if (empty.length) {
      setProblems(empty.map((j) => problem("required", `params.${j}.source.fixed`)));
      setNotice(t("trg.saveFailed"));
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      await api.request(triggerEndpoints.updateTrigger, {
        params: { kind },
        body: { enabled, templateId, params, settings, basedOnVersion: trigger.version },
      });
      onDirty(kind, false);
      setNotice(t("trg.saved"));
      reload();
    } catch (e) {
      const error = toApiError(e);
      // An override's index (params.2…) becomes its row's: the rows are every parameter of the template.
      setProblems(error.issues.map((p) => (p.field ? { ...p, field: issuePathAtRow(p.field, "params", params, rows) } : p)));
      setNotice(t(error.code === "trigger_version_conflict" ? "trg.conflict" : "trg.saveFailed"));
      if (error.code === "trigger_version_conflict") reload();
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async () => {
    setPreview("loading");
    try {
      setPreview(await api.request(triggerEndpoints.previewTrigger, { params: { kind } }));
    } catch {
      setPreview("error");
    }
  };

  const fieldId = (name: string) => `trg-${kind}-${name}`;
  const templateError = problemAt("templateId");
  return (
    <section className="card trg-card" aria-labelledby={fieldId("title")}>
      <div className="trg-head">
        <div>
          <h2 id={fieldId("title")} className="trg-title">
            {t(`trg.kind.${kind}` as MessageKey)}
          </h2>
          <p className="muted trg-desc">{t(`trg.desc.${kind}` as MessageKey)}</p>
        </div>
        <label className="trg-switch">
          <input
            type="checkbox"
            role="switch"
            checked={enabled}
            disabled={busy}
            onChange={(e) => setEnabled(e.target.checked)}
            aria-label={t("trg.switch")}
          />
          <span className={enabled ? "badge badge-live" : "badge badge-muted"}>{t(enabled ? "trg.on" : "trg.off")}</span>
        </label>
      </div>

      <div className="trg-fields">
        {OWN_TEMPLATE.includes(kind) ? (
          <p className="field-hint trg-own">
            {kind === "welcome"
              ? trigger.template
                ? t("trg.templateOwnWelcome", { name: trigger.template.name })
                : t("trg.templateOwnWelcomeMissing")
              : t("trg.templateOwnSurvey")}
          </p>
        ) : (
          <div className="field">
            <label className="field-label" htmlFor={fieldId("template")}>
              {t("trg.template")}
            </label>
            <select
              id={fieldId("template")}
              className="select"
              value={templateId ?? ""}
              disabled={busy}
              aria-invalid={templateError ? true : undefined}
              onChange={(e) => {
                setTemplateId(e.target.value || null);
                setRows(emptyParams(templateOf(e.target.value)));
              }}
            >
              <option value="">{t("trg.templateNone")}</option>
              {trigger.template && !list?.templates.some((x) => x.id === trigger.template!.id) && (
                <option value={trigger.template.id}>{trigger.template.name}</option>
              )}
              {list?.templates.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            {templateError && <p className="field-error">{templateError}</p>}
          </div>
        )}
        {NUMBER_SETTINGS.filter((s) => s in trigger.settings).map((s) => (
          <div className="field" key={s}>
            <label className="field-label" htmlFor={fieldId(s)}>
              {t(`trg.setting.${s}` as MessageKey)}
            </label>
            <input
              id={fieldId(s)}
              className="input input-narrow"
              type="number"
              inputMode="numeric"
              min={SETTING_BOUNDS[s].min}
              max={SETTING_BOUNDS[s].max}
              value={settings[s] ?? ""}
              disabled={busy}
              aria-invalid={problemAt(`settings.${s}`) ? true : undefined}
              onChange={(e) => setSettings((v) => ({ ...v, [s]: e.target.value === "" ? undefined : Math.trunc(Number(e.target.value)) }))}
            />
            {problemAt(`settings.${s}`) && <p className="field-error">{problemAt(`settings.${s}`)}</p>}
          </div>
        ))}
        {VOUCHER_KINDS.includes(kind) && (
          <div className="field">
            <label className="field-label" htmlFor={fieldId("reward")}>
              {t("trg.setting.rewardId")}
            </label>
            <select
              id={fieldId("reward")}
              className="select"
              value={settings.rewardId ?? ""}
              disabled={busy}
              onChange={(e) => setSettings((v) => ({ ...v, rewardId: e.target.value || null }))}
            >
              <option value="">{t("trg.rewardNone")}</option>
              {list?.rewards.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            {problemAt("settings.rewardId") && <p className="field-error">{problemAt("settings.rewardId")}</p>}
          </div>
        )}
      </div>

      {template && !OWN_TEMPLATE.includes(kind) && (
        <div className="trg-mapping">
          <p className="param-mapping-preview">{template.preview}</p>
          <ParamMapping
            registered={template.params}
            rows={rows}
            fields={fields}
            disabled={busy}
            errorAt={(path) => problemAt(`params.${path}`)}
            onChange={setRows}
          />
        </div>
      )}

      <div className="trg-actions">
        <button type="button" className="button button-primary button-sm" disabled={busy} aria-busy={busy} onClick={() => void save()}>
          {t("trg.save")}
        </button>
        <button
          type="button"
          className="button button-secondary button-sm"
          disabled={preview === "loading"}
          onClick={() => void runPreview()}
        >
          {t("trg.preview")}
        </button>
        {notice && (
          <span className="trg-notice" role="status">
            {notice}
          </span>
        )}
      </div>

      {preview === "loading" && <div className="skeleton trg-preview-skeleton" aria-busy="true" />}
      {preview === "error" && <p className="field-error">{t("trg.previewFailed")}</p>}
      {preview && typeof preview === "object" && (
        <div className="trg-preview" aria-live="polite">
          {preview.count === 0 && preview.withoutConsent === 0 ? (
            <p className="muted">{t("trg.previewEmpty")}</p>
          ) : (
            <>
              <p className="trg-preview-count">{t("trg.previewCount", { count: formatNumber(locale, preview.count) })}</p>
              {preview.withoutConsent > 0 && (
                <p className="muted">{t("trg.previewNoConsent", { count: formatNumber(locale, preview.withoutConsent) })}</p>
              )}
              {preview.sample.length > 0 && (
                <ul className="trg-sample">
                  {preview.sample.map((s) => (
                    <li key={`${s.memberId}:${s.period}`}>
                      <span>{s.displayName}</span> <span className="muted">#{s.memberNo}</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}

      <TriggerResults results={results} titleId={fieldId("results")} />

      {trigger.changedAt && (
        <footer className="trg-foot muted">
          <span>{t("trg.changed", { at: formatDateTime(locale, trigger.changedAt), by: trigger.changedBy ?? "—" })}</span>
        </footer>
      )}
    </section>
  );
}
