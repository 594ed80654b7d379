import { useEffect, useMemo, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { programmeEndpoints } from "../../contract/endpoints/programme";
import { programmeFromSettings, type ProgrammePreview, type ProgrammeSettings, type ProgrammeView } from "../../contract/programme";
import { validateProgramme } from "../../domain/loyalty/programme";
import { TIER_CODES, type TierCode } from "../../domain/loyalty/tiers";
import { formatVnd } from "../../domain/locale/money";
import type { Problem } from "../../domain/problems";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Field, type ControlProps } from "../common/field";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatDate, formatDateTime, formatNumber, vietnamDateInput, vietnamDayEnd, vietnamDayStart } from "../format";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { tierKey, translate } from "../i18n";
import { useLocale } from "../locale-context";
import { programmeProblemText } from "./problems";
import "./programme.css";
import "./strings/load";

/**
 * The programme settings (issue 16, decision 0041): earn rate and bill cap, tiers, point expiry,
 * profile bonus and promotions, saved together as one new version. Problems show at the field
 * as you type (the domain's validateProgramme, limits in the sentence); the preview asks the
 * server, which runs the same earn and tier functions over the brand's members. Marketers read.
 */
export function ProgrammePage() {
  const { t } = useLocale();
  const resource = useApiResource(programmeEndpoints.programme);
  const { state } = resource;
  // Kept here: a save remounts the editor with the new version, and the confirmation stays.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  return (
    <div className="page programme">
      <header className="page-header">
        <div>
          <h1>{t("programme.title")}</h1>
          <p className="muted">{t("programme.subtitle")}</p>
        </div>
      </header>
      {state.status === "ready" ? (
        <ProgrammeEditor
          key={state.data.version}
          view={state.data}
          onReload={resource.reload}
          savedVersion={savedVersion === state.data.version ? savedVersion : null}
          onSaved={setSavedVersion}
        />
      ) : state.status === "error" ? (
        <LoadError title={t("programme.loadError")} code={state.error.code} onRetry={resource.reload} />
      ) : (
        <div className="skeleton programme-skeleton" aria-busy="true" />
      )}
    </div>
  );
}

type Editor = {
  value: ProgrammeSettings;
  set: (next: ProgrammeSettings) => void;
  error: (field: string) => string | null;
  disabled: boolean;
};

function ProgrammeEditor({
  view,
  onReload,
  savedVersion,
  onSaved,
}: {
  view: ProgrammeView;
  onReload: () => void;
  savedVersion: number | null;
  onSaved: (version: number | null) => void;
}) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const [value, setValue] = useState<ProgrammeSettings>(view.settings);
  const [serverProblems, setServerProblems] = useState<Problem[] | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(value) !== JSON.stringify(view.settings);
  useUnsavedGuard(dirty && canManage, t("common.leave"));

  const storeIds = useMemo(() => view.stores.map((s) => s.id), [view.stores]);
  // Checked on every keystroke: the limit is said at the field before anything is sent.
  const problems = useMemo(
    () => serverProblems ?? validateProgramme(programmeFromSettings(value), storeIds),
    [value, storeIds, serverProblems],
  );
  const byField = useMemo(() => {
    const map = new Map<string, Problem>();
    for (const p of problems) if (p.field && !map.has(p.field)) map.set(p.field, p);
    return map;
  }, [problems]);
  const editor: Editor = {
    value,
    set: (next) => {
      setValue(next);
      setServerProblems(null);
      onSaved(null);
    },
    error: (field) => {
      const p = byField.get(field);
      return p ? programmeProblemText(p, locale) : null;
    },
    disabled: !canManage || busy,
  };

  const save = async () => {
    setFailure(null);
    if (problems.length) return;
    setBusy(true);
    try {
      const out = await api.request(programmeEndpoints.updateProgramme, { body: { basedOnVersion: view.version, settings: value } });
      onSaved(out.version);
      // A new version remounts the editor with the saved settings (its key is the version).
      onReload();
    } catch (caught) {
      const e = toApiError(caught);
      setFailure(e);
      // programme_tier_in_use's issues name rewards, not fields: said in the sentence below.
      if (e.code === "programme_invalid" && e.issues.length) setServerProblems([...e.issues]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="programme-version muted">
        {view.version === 0 ? t("programme.version0") : t("programme.version", { version: view.version })}
        {view.changedAt &&
          view.changedBy &&
          ` · ${t("programme.lastChange", { at: formatDateTime(locale, view.changedAt), by: view.changedBy })}`}
      </p>
      {!canManage && <p className="muted">{t("programme.readOnly")}</p>}
      {savedVersion !== null && (
        <p role="status" className="programme-saved">
          {t("programme.saved", { version: savedVersion })}
        </p>
      )}
      <form
        noValidate
        className="programme-layout"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="programme-sections">
          <EarnSection editor={editor} />
          <TiersSection editor={editor} />
          <ExpirySection editor={editor} />
          <PromotionsSection editor={editor} stores={view.stores} />
          <History view={view} />
        </div>
        <aside className="programme-aside">
          <PreviewPanel settings={value} valid={problems.length === 0} />
          {canManage && (
            <div className="card programme-savebar">
              <p className="muted">{t("programme.newEventsOnly")}</p>
              {problems.length > 0 && dirty && <p className="field-error">{t("programme.errors", { count: problems.length })}</p>}
              {failure && (
                <p role="alert" className="form-error">
                  {failure.code === "programme_tier_in_use"
                    ? tierRewardsText(
                        t,
                        Number(failure.params.count),
                        failure.issues.map((i) => String(i.params?.reward)),
                      )
                    : t(
                        failure.code === "programme_version_conflict"
                          ? "error.programme_version_conflict"
                          : failure.code === "programme_invalid"
                            ? "error.programme_invalid"
                            : errorMessageKey(failure.code),
                        {
                          current: String(failure.params?.current ?? ""),
                        },
                      )}
                  {failure.code === "programme_version_conflict" && (
                    <button type="button" className="button button-ghost" onClick={onReload}>
                      {t("programme.reload")}
                    </button>
                  )}
                </p>
              )}
              <div className="programme-actions">
                <button type="button" className="button button-ghost" disabled={!dirty || busy} onClick={() => editor.set(view.settings)}>
                  {t("programme.discard")}
                </button>
                <button type="submit" className="button button-primary" disabled={!dirty || busy || problems.length > 0} aria-busy={busy}>
                  {busy ? t("common.saving") : t("programme.save", { version: view.version + 1 })}
                </button>
              </div>
            </div>
          )}
        </aside>
      </form>
    </>
  );
}

/** A whole number typed; empty is NaN so the check says what is expected rather than treating it as 0. */
function NumberInput({
  control,
  value,
  onChange,
  disabled,
  step = 1,
}: {
  control: ControlProps;
  value: number;
  onChange: (v: number) => void;
  disabled: boolean;
  step?: number;
}) {
  return (
    <input
      {...control}
      className="input"
      type="number"
      inputMode={step === 1 ? "numeric" : "decimal"}
      step={step}
      disabled={disabled}
      value={Number.isNaN(value) ? "" : String(value)}
      onChange={(e) => onChange(e.target.value === "" ? NaN : Number(e.target.value))}
    />
  );
}

/** Multipliers are basis points on the wire; the manager types ×1.2. */
function MultiplierInput({
  control,
  bps,
  onChange,
  disabled,
}: {
  control: ControlProps;
  bps: number;
  onChange: (bps: number) => void;
  disabled: boolean;
}) {
  return (
    <NumberInput
      control={control}
      value={Number.isNaN(bps) ? NaN : bps / 10_000}
      step={0.05}
      disabled={disabled}
      onChange={(v) => onChange(Number.isNaN(v) ? NaN : Math.round(v * 10_000))}
    />
  );
}

function Section({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) {
  return (
    <section className="card programme-section" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">{hint}</p>
      {children}
    </section>
  );
}

function EarnSection({ editor }: { editor: Editor }) {
  const { t } = useLocale();
  const { value, set, error, disabled } = editor;
  const rule = value.earnRule;
  return (
    <Section title={t("programme.earn.title")} hint={t("programme.earn.hint")}>
      <div className="programme-grid">
        <Field label={t("programme.earn.vndPerPoint")} error={error("earnRule.vndPerPoint")}>
          {(c) => (
            <NumberInput
              control={c}
              value={rule.vndPerPoint}
              disabled={disabled}
              onChange={(v) => set({ ...value, earnRule: { ...rule, vndPerPoint: v } })}
            />
          )}
        </Field>
        <Field label={t("programme.earn.maxBillVnd")} hint={t("programme.earn.maxBillHint")} error={error("earnRule.maxBillVnd")}>
          {(c) => (
            <NumberInput
              control={c}
              value={rule.maxBillVnd}
              disabled={disabled}
              onChange={(v) => set({ ...value, earnRule: { ...rule, maxBillVnd: v } })}
            />
          )}
        </Field>
      </div>
    </Section>
  );
}

/** Benefits are typed one per line; the text is kept as typed so a new line can be started. */
function BenefitsField({
  label,
  lines,
  error,
  disabled,
  onChange,
}: {
  label: string;
  lines: string[];
  error: string | null;
  disabled: boolean;
  onChange: (lines: string[]) => void;
}) {
  const [text, setText] = useState(lines.join("\n"));
  return (
    <Field label={label} error={error}>
      {(c) => (
        <textarea
          {...c}
          className="input programme-benefits"
          rows={Math.max(3, lines.length + 1)}
          disabled={disabled}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(
              e.target.value
                .split("\n")
                .map((l) => l.trim())
                .filter((l) => l !== ""),
            );
          }}
        />
      )}
    </Field>
  );
}

function TiersSection({ editor }: { editor: Editor }) {
  const { t, locale } = useLocale();
  const { value, set, error, disabled } = editor;
  const rules = value.tierRules;
  const setTier = (i: number, patch: Partial<ProgrammeSettings["tierRules"]["tiers"][number]>) =>
    set({ ...value, tierRules: { ...rules, tiers: rules.tiers.map((tier, j) => (j === i ? { ...tier, ...patch } : tier)) } });
  const setTiers = (tiers: ProgrammeSettings["tierRules"]["tiers"]) => set({ ...value, tierRules: { ...rules, tiers } });
  // Tier codes are one ladder for every brand (ledger, segments, rewards name them): a brand
  // uses some of its rungs. Adding takes the lowest unused rung, in its place, its threshold
  // halfway to the next one (or double the last); the checks say what still needs setting.
  const code = TIER_CODES.find((c) => !rules.tiers.some((x) => x.code === c));
  const addTier = () => {
    if (!code) return;
    const at = rules.tiers.filter((x) => TIER_CODES.indexOf(x.code) < TIER_CODES.indexOf(code)).length;
    const below = rules.tiers[at - 1];
    const above = rules.tiers[at];
    const thresholdVnd = above
      ? Math.round(((below?.thresholdVnd ?? 0) + above.thresholdVnd) / 2)
      : (below?.thresholdVnd ?? 0) * 2 || 1_000_000;
    const name = { vi: translate("vi", tierKey(code)), en: translate("en", tierKey(code)) };
    setTiers([
      ...rules.tiers.slice(0, at),
      { code, name, thresholdVnd, earnBps: below?.earnBps ?? 10_000, benefits: { vi: [], en: [] } },
      ...rules.tiers.slice(at),
    ]);
  };
  return (
    <Section title={t("programme.tiers.title")} hint={t("programme.tiers.hint")}>
      <div className="programme-grid">
        <Field label={t("programme.tiers.windowDays")} error={error("tierRules.windowDays")}>
          {(c) => (
            <NumberInput
              control={c}
              value={rules.windowDays}
              disabled={disabled}
              onChange={(v) => set({ ...value, tierRules: { ...rules, windowDays: v } })}
            />
          )}
        </Field>
        <Field label={t("programme.tiers.graceDays")} error={error("tierRules.graceDays")}>
          {(c) => (
            <NumberInput
              control={c}
              value={rules.graceDays}
              disabled={disabled}
              onChange={(v) => set({ ...value, tierRules: { ...rules, graceDays: v } })}
            />
          )}
        </Field>
      </div>
      {rules.tiers.map((tier, i) => {
        const at = `tierRules.tiers.${i}`;
        return (
          <fieldset key={tier.code} className="programme-tier">
            <legend>{t(`tier.${tier.code}`)}</legend>
            <div className="programme-grid programme-grid-4">
              <Field label={t("programme.tiers.nameVi")} error={error(`${at}.name`)}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    disabled={disabled}
                    value={tier.name.vi}
                    onChange={(e) => setTier(i, { name: { ...tier.name, vi: e.target.value } })}
                  />
                )}
              </Field>
              <Field label={t("programme.tiers.nameEn")}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    disabled={disabled}
                    value={tier.name.en}
                    onChange={(e) => setTier(i, { name: { ...tier.name, en: e.target.value } })}
                  />
                )}
              </Field>
              <Field label={t("programme.tiers.threshold")} error={error(`${at}.thresholdVnd`)}>
                {(c) => (
                  <NumberInput
                    control={c}
                    value={tier.thresholdVnd}
                    disabled={disabled || i === 0}
                    onChange={(v) => setTier(i, { thresholdVnd: v })}
                  />
                )}
              </Field>
              <Field label={t("programme.tiers.multiplier")} error={error(`${at}.earnBps`)}>
                {(c) => <MultiplierInput control={c} bps={tier.earnBps} disabled={disabled} onChange={(v) => setTier(i, { earnBps: v })} />}
              </Field>
            </div>
            <div className="programme-grid">
              <BenefitsField
                label={t("programme.tiers.benefitsVi")}
                lines={tier.benefits.vi}
                error={error(`${at}.benefits.vi`)}
                disabled={disabled}
                onChange={(vi) => setTier(i, { benefits: { ...tier.benefits, vi } })}
              />
              <BenefitsField
                label={t("programme.tiers.benefitsEn")}
                lines={tier.benefits.en}
                error={error(`${at}.benefits.en`)}
                disabled={disabled}
                onChange={(en) => setTier(i, { benefits: { ...tier.benefits, en } })}
              />
            </div>
            {/* The entry tier stays: every member holds at least it. */}
            {!disabled && i > 0 && (
              <button type="button" className="button button-ghost" onClick={() => setTiers(rules.tiers.filter((_, j) => j !== i))}>
                {t("programme.tiers.remove", { name: tier.name[locale] || t(tierKey(tier.code)) })}
              </button>
            )}
          </fieldset>
        );
      })}
      {!disabled && code && (
        <button type="button" className="button" onClick={addTier}>
          {t("programme.tiers.add")}
        </button>
      )}
    </Section>
  );
}

function ExpirySection({ editor }: { editor: Editor }) {
  const { t } = useLocale();
  const { value, set, error, disabled } = editor;
  return (
    <Section title={t("programme.expiry.title")} hint={t("programme.expiry.hint")}>
      <div className="programme-grid">
        <Field label={t("programme.expiry.months")} error={error("lotValidityMonths")}>
          {(c) => (
            <NumberInput
              control={c}
              value={value.lotValidityMonths}
              disabled={disabled}
              onChange={(v) => set({ ...value, lotValidityMonths: v })}
            />
          )}
        </Field>
        <Field label={t("programme.expiry.bonus")} error={error("profileBonusPoints")}>
          {(c) => (
            <NumberInput
              control={c}
              value={value.profileBonusPoints}
              disabled={disabled}
              onChange={(v) => set({ ...value, profileBonusPoints: v })}
            />
          )}
        </Field>
      </div>
    </Section>
  );
}

const DAY_MS = 86_400_000;

function PromotionsSection({ editor, stores }: { editor: Editor; stores: ProgrammeView["stores"] }) {
  const { t } = useLocale();
  const { value, set, error, disabled } = editor;
  const setPromo = (i: number, patch: Partial<ProgrammeSettings["promotions"][number]>) =>
    set({ ...value, promotions: value.promotions.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const add = () => {
    const today = vietnamDateInput(new Date().toISOString());
    const week = vietnamDateInput(new Date(Date.now() + 6 * DAY_MS).toISOString());
    set({
      ...value,
      promotions: [
        ...value.promotions,
        {
          id: crypto.randomUUID(),
          name: t("programme.promos.newName"),
          bps: 20_000,
          startsAt: vietnamDayStart(today),
          endsAt: vietnamDayEnd(week),
          storeIds: null,
        },
      ],
    });
  };
  return (
    <Section title={t("programme.promos.title")} hint={t("programme.promos.hint")}>
      {value.promotions.length === 0 && <p className="muted">{t("programme.promos.empty")}</p>}
      {value.promotions.map((p, i) => {
        const at = `promotions.${i}`;
        return (
          <fieldset key={p.id} className="programme-tier">
            <legend>{p.name || t("programme.promos.newName")}</legend>
            <div className="programme-grid programme-grid-4">
              <Field label={t("programme.promos.name")} error={error(`${at}.name`)}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    disabled={disabled}
                    value={p.name}
                    onChange={(e) => setPromo(i, { name: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t("programme.promos.multiplier")} error={error(`${at}.bps`)}>
                {(c) => <MultiplierInput control={c} bps={p.bps} disabled={disabled} onChange={(bps) => setPromo(i, { bps })} />}
              </Field>
              <Field label={t("programme.promos.starts")} error={error(`${at}.startsAt`)}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    type="date"
                    disabled={disabled}
                    value={vietnamDateInput(p.startsAt)}
                    onChange={(e) => e.target.value && setPromo(i, { startsAt: vietnamDayStart(e.target.value) })}
                  />
                )}
              </Field>
              <Field label={t("programme.promos.ends")} error={error(`${at}.endsAt`)}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    type="date"
                    disabled={disabled}
                    value={vietnamDateInput(p.endsAt)}
                    onChange={(e) => e.target.value && setPromo(i, { endsAt: vietnamDayEnd(e.target.value) })}
                  />
                )}
              </Field>
            </div>
            <div className="programme-stores" role="group" aria-label={t("programme.promos.stores")}>
              <label className="programme-check">
                <input
                  type="checkbox"
                  disabled={disabled}
                  checked={p.storeIds === null}
                  onChange={(e) => setPromo(i, { storeIds: e.target.checked ? null : [] })}
                />
                {t("programme.promos.allStores")}
              </label>
              {p.storeIds !== null &&
                stores.map((s) => (
                  <label key={s.id} className="programme-check">
                    <input
                      type="checkbox"
                      disabled={disabled}
                      checked={p.storeIds!.includes(s.id)}
                      onChange={(e) =>
                        setPromo(i, { storeIds: e.target.checked ? [...p.storeIds!, s.id] : p.storeIds!.filter((id) => id !== s.id) })
                      }
                    />
                    {s.name}
                  </label>
                ))}
              {error(`${at}.storeIds`) && <p className="field-error">{error(`${at}.storeIds`)}</p>}
            </div>
            {!disabled && (
              <button
                type="button"
                className="button button-ghost"
                onClick={() => set({ ...value, promotions: value.promotions.filter((_, j) => j !== i) })}
              >
                {t("programme.promos.remove")}
              </button>
            )}
          </fieldset>
        );
      })}
      {error("promotions") && <p className="field-error">{error("promotions")}</p>}
      {!disabled && (
        <button type="button" className="button" onClick={add}>
          {t("programme.promos.add")}
        </button>
      )}
    </Section>
  );
}

/** Rewards limited to a removed tier: the save is refused until their tiers change (decision 0049). */
function tierRewardsText(t: ReturnType<typeof useLocale>["t"], count: number, names: string[]) {
  return t("programme.tierRewards", { count, names: names.join(", ") + (count > names.length ? "…" : "") });
}

/** The server's preview (the same earn and tier functions, over the brand's members), asked for shortly after typing stops. */
function PreviewPanel({ settings, valid }: { settings: ProgrammeSettings; valid: boolean }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [billVnd, setBillVnd] = useState(350_000);
  const [preview, setPreview] = useState<ProgrammePreview | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(settings);
  const billOk = Number.isSafeInteger(billVnd) && billVnd > 0 && billVnd <= 10_000_000_000;
  useEffect(() => {
    if (!valid || !billOk) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .request(programmeEndpoints.previewProgramme, { body: { settings: JSON.parse(key) as ProgrammeSettings, billVnd } })
        .then((p) => live && setPreview(p))
        .catch(() => live && setPreview(null))
        .finally(() => live && setLoading(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, key, valid, billVnd, billOk]);
  const tierName = (code: TierCode) => settings.tierRules.tiers.find((x) => x.code === code)?.name[locale] ?? t(tierKey(code));
  const moved = preview ? preview.up + preview.down : 0;
  // Members of a removed tier move when the save is made, not at their next evaluation.
  const stranded = preview?.tierMoves.filter((m) => !settings.tierRules.tiers.some((x) => x.code === m.from)) ?? [];
  return (
    <section className="card programme-preview" aria-label={t("programme.preview.title")} aria-busy={loading}>
      <h2>{t("programme.preview.title")}</h2>
      <Field label={t("programme.preview.bill")}>
        {(c) => <NumberInput control={c} value={billVnd} disabled={false} onChange={setBillVnd} />}
      </Field>
      {!valid ? (
        <p className="muted">{t("programme.preview.invalid")}</p>
      ) : !preview ? (
        <p className="muted">{t("programme.preview.loading")}</p>
      ) : (
        <ul className="programme-preview-list">
          {preview.tierRewards.count > 0 && (
            <li className="form-error">
              {tierRewardsText(
                t,
                preview.tierRewards.count,
                preview.tierRewards.rewards.map((r) => r.name),
              )}
            </li>
          )}
          {preview.earn.map((e) => (
            <li key={e.tier}>
              {t("programme.preview.earn", {
                tier: tierName(e.tier),
                bill: formatVnd(locale, preview.billVnd),
                after: formatNumber(locale, e.after),
              })}{" "}
              {e.before !== e.after && (
                <span className="programme-was">
                  {e.before === null
                    ? t("programme.preview.wasNone")
                    : t("programme.preview.was", { before: formatNumber(locale, e.before) })}
                </span>
              )}
            </li>
          ))}
          {preview.promotion && <li>{t("programme.preview.promo", { after: formatNumber(locale, preview.promotion.after) })}</li>}
          <li>
            {t("programme.preview.expiry", { after: formatDate(locale, preview.lotExpiresAt.after) })}{" "}
            {preview.lotExpiresAt.before !== preview.lotExpiresAt.after && (
              <span className="programme-was">
                {t("programme.preview.was", { before: formatDate(locale, preview.lotExpiresAt.before) })}
              </span>
            )}
          </li>
          <li>
            {t("programme.preview.bonus", { after: formatNumber(locale, preview.profileBonus.after) })}{" "}
            {preview.profileBonus.before !== preview.profileBonus.after && (
              <span className="programme-was">
                {t("programme.preview.was", { before: formatNumber(locale, preview.profileBonus.before) })}
              </span>
            )}
          </li>
          <li>
            {moved === 0 ? (
              t("programme.preview.movesNone")
            ) : (
              <>
                <strong>{t("programme.preview.moves", { count: formatNumber(locale, moved) })}</strong>
                <ul>
                  {preview.tierMoves.map((m) => (
                    <li key={`${m.from}-${m.to}`}>
                      {t("programme.preview.move", { from: tierName(m.from), to: tierName(m.to), count: formatNumber(locale, m.members) })}
                    </li>
                  ))}
                </ul>
                <span className="muted">{t("programme.preview.movesNote")}</span>
                {stranded.length > 0 && (
                  <p className="strong">
                    {t("programme.preview.removedTier", {
                      count: formatNumber(
                        locale,
                        stranded.reduce((n, m) => n + m.members, 0),
                      ),
                      tiers: [...new Set(stranded.map((m) => tierName(m.from)))].join(", "),
                    })}
                  </p>
                )}
              </>
            )}
          </li>
        </ul>
      )}
    </section>
  );
}

function History({ view }: { view: ProgrammeView }) {
  const { t, locale } = useLocale();
  return (
    <section className="card programme-section" aria-label={t("programme.history.title")}>
      <h2>{t("programme.history.title")}</h2>
      {view.history.length === 0 ? (
        <p className="muted">{t("programme.history.empty")}</p>
      ) : (
        <ol className="programme-history">
          {view.history.map((h) => (
            <li key={h.version}>
              {t("programme.history.row", { version: h.version, at: formatDateTime(locale, h.at), by: h.by ?? "—" })}
              <span className="muted">
                {" "}
                · {t("programme.history.changed", { parts: h.changed.map((p) => t(`programme.part.${p}`)).join(", ") })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
