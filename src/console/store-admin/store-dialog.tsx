import { useMemo, useState } from "react";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { ConsoleStore, StoreInput } from "../../contract/stores";
import type { Problem } from "../../domain/problems";
import { storeProblems, WEEKDAYS, type OpeningHours, type Weekday } from "../../domain/stores/stores";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { Field } from "../common/field";
import { interpolate, type MessageKey } from "../i18n";
import { useLocale } from "../locale-context";

const DEFAULT_DAY = { open: "08:00", close: "22:00" };
const defaultHours = (): OpeningHours => Object.fromEntries(WEEKDAYS.map((d) => [d, { ...DEFAULT_DAY }])) as OpeningHours;

type Draft = { name: string; address: string; phone: string; mapUrl: string; hours: OpeningHours; showHours: boolean; active: boolean };

function toInput(d: Draft): StoreInput {
  const opt = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    name: d.name.trim(),
    address: opt(d.address),
    phone: opt(d.phone),
    mapUrl: opt(d.mapUrl),
    openingHours: d.showHours ? d.hours : null,
    active: d.active,
  };
}

/**
 * Add or edit a store. The domain's storeProblems checks as you type (after the first save
 * attempt or once a field is touched), the server answers the same codes on save.
 */
export function StoreDialog({
  store,
  onClose,
  onSaved,
}: {
  store: ConsoleStore | null;
  onClose: () => void;
  onSaved: (saved: ConsoleStore, created: boolean) => void;
}) {
  const { t } = useLocale();
  const { api } = useAuth();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: store?.name ?? "",
    address: store?.address ?? "",
    phone: store?.phone ?? "",
    mapUrl: store?.mapUrl ?? "",
    hours: store?.openingHours ?? defaultHours(),
    showHours: store ? store.openingHours !== null : true,
    active: store?.active ?? true,
  }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);

  const problems = useMemo(() => [...storeProblems(toInput(draft)), ...serverProblems], [draft, serverProblems]);
  const errorFor = (field: string) => {
    if (!submitted && !touched.has(field.split(".").slice(0, 2).join("."))) return null;
    const p = problems.find((x) => x.field === field);
    return p ? interpolate(t(`stores.problem.${p.code}` as MessageKey), p.params) : null;
  };
  const set = (patch: Partial<Draft>, field: string) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((s) => new Set(s).add(field));
    setServerProblems([]);
  };
  const setDay = (day: Weekday, value: { open: string; close: string } | null) =>
    set({ hours: { ...draft.hours, [day]: value } }, `openingHours.${day}`);

  const save = async () => {
    setSubmitted(true);
    setFailure(null);
    if (storeProblems(toInput(draft)).length) return;
    setBusy(true);
    try {
      const body = toInput(draft);
      const saved = store
        ? await api.request(storeConsoleEndpoints.updateStore, { params: { storeId: store.id }, body })
        : await api.request(storeConsoleEndpoints.createStore, { body });
      onSaved(saved, !store);
    } catch (error) {
      const e = toApiError(error);
      setServerProblems((e.issues as Problem[] | undefined) ?? []);
      setFailure(t(errorMessageKey(e.code)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t(store ? "stores.dialog.edit" : "stores.dialog.new")}
      subtitle={store?.name}
      variant="panel"
      busy={busy}
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("stores.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("stores.save")}
          </button>
        </>
      }
    >
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      <Field label={t("stores.field.name")} error={errorFor("name")}>
        {(c) => (
          <input {...c} className="input" value={draft.name} maxLength={80} onChange={(e) => set({ name: e.target.value }, "name")} />
        )}
      </Field>
      <Field label={t("stores.field.address")} error={errorFor("address")}>
        {(c) => <input {...c} className="input" value={draft.address} onChange={(e) => set({ address: e.target.value }, "address")} />}
      </Field>
      <Field label={t("stores.field.phone")} hint={t("stores.field.phoneHint")} error={errorFor("phone")}>
        {(c) => <input {...c} className="input" type="tel" value={draft.phone} onChange={(e) => set({ phone: e.target.value }, "phone")} />}
      </Field>
      <Field label={t("stores.field.mapUrl")} hint={t("stores.field.mapUrlHint")} error={errorFor("mapUrl")}>
        {(c) => (
          <input
            {...c}
            className="input"
            type="url"
            placeholder="https://maps.app.goo.gl/…"
            value={draft.mapUrl}
            onChange={(e) => set({ mapUrl: e.target.value }, "mapUrl")}
          />
        )}
      </Field>
      <fieldset className="field hours-editor">
        <legend className="field-label">{t("stores.field.hours")}</legend>
        <label className="check">
          <input type="checkbox" checked={!draft.showHours} onChange={(e) => set({ showHours: !e.target.checked }, "openingHours")} />
          <span>{t("stores.field.hoursUnknown")}</span>
        </label>
        {draft.showHours &&
          WEEKDAYS.map((day) => {
            const h = draft.hours[day];
            const error = errorFor(`openingHours.${day}.open`) ?? errorFor(`openingHours.${day}.close`);
            return (
              <div key={day} className={`hours-row${error ? " field-invalid" : ""}`}>
                <span className="hours-day">{t(`stores.day.${day}`)}</span>
                <label className="check">
                  <input type="checkbox" checked={h === null} onChange={(e) => setDay(day, e.target.checked ? null : { ...DEFAULT_DAY })} />
                  <span>{t("stores.closedDay")}</span>
                </label>
                {h && (
                  <>
                    <input
                      className="input input-time"
                      type="time"
                      aria-label={`${t(`stores.day.${day}`)} · ${t("stores.open")}`}
                      value={h.open}
                      onChange={(e) => setDay(day, { ...h, open: e.target.value })}
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      className="input input-time"
                      type="time"
                      aria-label={`${t(`stores.day.${day}`)} · ${t("stores.close")}`}
                      value={h.close === "24:00" ? "23:59" : h.close}
                      onChange={(e) => setDay(day, { ...h, close: e.target.value })}
                    />
                  </>
                )}
                {error && <p className="field-error hours-error">{error}</p>}
              </div>
            );
          })}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked }, "active")} />
        <span>{t("stores.field.active")}</span>
      </label>
    </Dialog>
  );
}
