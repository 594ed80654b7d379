import { useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import type { ApiError } from "../../client/api-client";
import { checkinEndpoints } from "../../contract/endpoints/checkin";
import { gameConsoleEndpoints } from "../../contract/endpoints/game";
import { referralEndpoints } from "../../contract/endpoints/referrals";
import { validateCheckinConfig } from "../../domain/game/checkin";
import { pointValueProblems } from "../../domain/game/point-value";
import { validateReferralConfig } from "../../domain/game/referral";
import type { Problem } from "../../domain/problems";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { Field, type ControlProps } from "../common/field";
import { LoadError } from "../common/load-error";
import { useApiResource, type ResourceState } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { gameErrorKey } from "./error-keys";
import { byField, gameProblemText } from "./problems";
import { useUnsavedGuard } from "../common/unsaved-guard";

/**
 * The games' brand-wide settings (issue 14): check-in points per streak day, the referral
 * rewards and cap, and the point value in VND the wheel's results cost points at. Managers
 * save each form on its own (each is audited server-side); marketers read.
 */
export function GameSettingsPage() {
  const { t } = useLocale();
  const canManage = useCanManage();
  const checkin = useApiResource(checkinEndpoints.checkinConfig);
  const referral = useApiResource(referralEndpoints.referralConfig);
  const pointValue = useApiResource(gameConsoleEndpoints.gameSettings);
  return (
    <div className="page games-settings">
      <header className="page-header">
        <div>
          <Link to="/games" className="button button-ghost games-back">
            ← {t("games.editor.back")}
          </Link>
          <h1>{t("games.settings.title")}</h1>
          <p className="muted">{t("games.settings.subtitle")}</p>
        </div>
      </header>
      {!canManage && <p className="muted">{t("games.readOnly")}</p>}
      <Loaded state={checkin.state} onRetry={checkin.reload}>
        {(data) => <CheckinForm key={data.updatedAt ?? "default"} initial={data} canManage={canManage} />}
      </Loaded>
      <Loaded state={referral.state} onRetry={referral.reload}>
        {(data) => <ReferralForm key={data.updatedAt ?? "default"} initial={data} canManage={canManage} />}
      </Loaded>
      <Loaded state={pointValue.state} onRetry={pointValue.reload}>
        {(data) => <PointValueForm key={data.changedAt ?? "default"} initial={data} canManage={canManage} />}
      </Loaded>
    </div>
  );
}

function Loaded<T>({ state, onRetry, children }: { state: ResourceState<T>; onRetry: () => void; children: (data: T) => ReactNode }) {
  const { t } = useLocale();
  if (state.status === "ready") return <>{children(state.data)}</>;
  if (state.status === "error") return <LoadError title={t("games.loadError")} code={state.error.code} onRetry={onRetry} />;
  return <div className="skeleton games-skeleton" aria-busy="true" />;
}

/** One settings card: its fields, the last change, Save; the server's issues replace ours after a refusal. */
function useSettingsForm<T>(initial: T, check: (value: T) => Problem[], send: (value: T) => Promise<unknown>) {
  const [saved, setSaved] = useState(initial);
  const [value, setValue] = useState(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const { locale } = useLocale();
  const dirty = JSON.stringify(value) !== JSON.stringify(saved);
  const fieldProblems = byField(problems);
  /** A field's problem in the console's words, or null. */
  const error = (field: string) => {
    const p = fieldProblems.get(field);
    return p ? gameProblemText(p, locale) : null;
  };
  const change = (next: T) => {
    setValue(next);
    setDone(false);
    if (problems.length) setProblems(check(next));
  };
  const save = async () => {
    setFailure(null);
    const own = check(value);
    setProblems(own);
    if (own.length) return;
    setBusy(true);
    try {
      await send(value);
      setSaved(value);
      setDone(true);
    } catch (caught) {
      const e = toApiError(caught);
      setFailure(e);
      setProblems([...e.issues]);
    } finally {
      setBusy(false);
    }
  };
  return { value, change, save, busy, dirty, done, failure, problems: fieldProblems, error };
}

function SettingsCard({
  title,
  hint,
  canManage,
  form,
  footer,
  children,
}: {
  title: string;
  hint: string;
  canManage: boolean;
  form: { save: () => Promise<void>; busy: boolean; dirty: boolean; done: boolean; failure: ApiError | null };
  footer: ReactNode;
  children: ReactNode;
}) {
  const { t } = useLocale();
  useUnsavedGuard(form.dirty && canManage, t("common.leave"));
  return (
    <section className="card games-section" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">{hint}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.save();
        }}
      >
        <fieldset disabled={!canManage} className="games-settings-fields">
          {children}
        </fieldset>
        {form.failure && (
          <p role="alert" className="form-error">
            {t(gameErrorKey(form.failure.code))}
          </p>
        )}
        <div className="games-settings-footer">
          <span className="muted">{footer}</span>
          {form.done && <span role="status">{t("games.settings.saved")}</span>}
          {canManage && (
            <button type="submit" className="button button-primary" disabled={form.busy || !form.dirty} aria-busy={form.busy}>
              {form.busy ? t("common.saving") : t("games.settings.save")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function LastChange({ at, by }: { at: string | null; by: string | null }) {
  const { t, locale } = useLocale();
  if (!at) return <>{t("games.settings.never")}</>;
  const when = formatDateTime(locale, at);
  // A seeded or system change has no console user behind it.
  return <>{by ? t("games.settings.lastChange", { at: when, by }) : t("games.settings.lastChangeAt", { at: when })}</>;
}

function IntInput({ control, value, onChange }: { control: ControlProps; value: number; onChange: (v: number) => void }) {
  return (
    <input
      {...control}
      className="input"
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      value={Number.isNaN(value) ? "" : String(value)}
      onChange={(e) => onChange(e.target.value === "" ? NaN : Number(e.target.value))}
    />
  );
}

function Enabled({ value, onChange }: { value: boolean; onChange: (v: boolean) => void }) {
  const { t } = useLocale();
  return (
    <label className="games-check">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} />
      {t("games.settings.enabled")}
    </label>
  );
}

function CheckinForm({
  initial,
  canManage,
}: {
  initial: { enabled: boolean; pointsPerDay: number[]; updatedAt: string | null; updatedBy: string | null };
  canManage: boolean;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [last, setLast] = useState({ at: initial.updatedAt, by: initial.updatedBy });
  const form = useSettingsForm({ enabled: initial.enabled, pointsPerDay: initial.pointsPerDay }, validateCheckinConfig, async (body) => {
    const out = await api.request(checkinEndpoints.saveCheckinConfig, { body });
    setLast({ at: out.updatedAt, by: out.updatedBy });
  });
  return (
    <SettingsCard
      title={t("games.checkin.title")}
      hint={t("games.checkin.hint")}
      canManage={canManage}
      form={form}
      footer={<LastChange {...last} />}
    >
      <Enabled value={form.value.enabled} onChange={(enabled) => form.change({ ...form.value, enabled })} />
      {form.error("pointsPerDay") && <p className="field-error">{form.error("pointsPerDay")}</p>}
      <div className="games-days">
        {form.value.pointsPerDay.map((points, i) => (
          <Field key={i} label={t("games.checkin.day", { n: i + 1 })} error={form.error(`pointsPerDay.${i}`)}>
            {(c) => (
              <IntInput
                control={c}
                value={points}
                onChange={(v) => form.change({ ...form.value, pointsPerDay: form.value.pointsPerDay.map((p, j) => (j === i ? v : p)) })}
              />
            )}
          </Field>
        ))}
      </div>
    </SettingsCard>
  );
}

type ReferralValue = { enabled: boolean; referrerPoints: number; friendPoints: number; monthlyCap: number };

function ReferralForm({
  initial,
  canManage,
}: {
  initial: ReferralValue & { updatedAt: string | null; updatedBy: string | null };
  canManage: boolean;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [last, setLast] = useState({ at: initial.updatedAt, by: initial.updatedBy });
  const { enabled, referrerPoints, friendPoints, monthlyCap } = initial;
  const form = useSettingsForm<ReferralValue>(
    { enabled, referrerPoints, friendPoints, monthlyCap },
    validateReferralConfig,
    async (body) => {
      const out = await api.request(referralEndpoints.saveReferralConfig, { body });
      setLast({ at: out.updatedAt, by: out.updatedBy });
    },
  );
  return (
    <SettingsCard
      title={t("games.referral.title")}
      hint={t("games.referral.hint")}
      canManage={canManage}
      form={form}
      footer={<LastChange {...last} />}
    >
      <Enabled value={form.value.enabled} onChange={(v) => form.change({ ...form.value, enabled: v })} />
      <div className="games-grid">
        {(["referrerPoints", "friendPoints", "monthlyCap"] as const).map((k) => (
          <Field key={k} label={t(`games.referral.${k}`)} error={form.error(k)}>
            {(c) => <IntInput control={c} value={form.value[k]} onChange={(v) => form.change({ ...form.value, [k]: v })} />}
          </Field>
        ))}
      </div>
    </SettingsCard>
  );
}

function PointValueForm({
  initial,
  canManage,
}: {
  initial: { pointValueVnd: number | null; changedAt: string | null; changedBy: string | null };
  canManage: boolean;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [last, setLast] = useState({ at: initial.changedAt, by: initial.changedBy });
  const form = useSettingsForm<{ pointValueVnd: number | null }>(
    { pointValueVnd: initial.pointValueVnd },
    (v) => pointValueProblems(v.pointValueVnd),
    async (body) => {
      const out = await api.request(gameConsoleEndpoints.updateGameSettings, { body });
      setLast({ at: out.changedAt, by: out.changedBy });
    },
  );
  return (
    <SettingsCard
      title={t("games.pointValue.title")}
      hint={t("games.pointValue.hint")}
      canManage={canManage}
      form={form}
      footer={<LastChange {...last} />}
    >
      <Field label={t("games.pointValue.label")} error={form.error("pointValueVnd")}>
        {(c) => (
          <input
            {...c}
            className="input games-narrow"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={form.value.pointValueVnd === null || Number.isNaN(form.value.pointValueVnd) ? "" : String(form.value.pointValueVnd)}
            onChange={(e) => form.change({ pointValueVnd: e.target.value === "" ? null : Number(e.target.value) })}
          />
        )}
      </Field>
    </SettingsCard>
  );
}
