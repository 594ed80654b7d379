import { useMemo, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { programmeEndpoints } from "../../contract/endpoints/programme";
import { RewardView } from "../../contract/loyalty";
import { TIER_CODES, type TierCode } from "../../domain/loyalty/tiers";
import { useAuth } from "../auth-context";
import { useAsYouType } from "../common/as-you-type";
import { errorMessageKey, outcomeUnknown, toApiError } from "../common/api-errors";
import { Dialog, DialogActions } from "../common/dialog";
import { Field } from "../common/field";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { useApiResource } from "../common/use-api-resource";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { RewardImageField } from "./reward-image-field";
import {
  EMPTY_REWARD_FORM,
  formFromReward,
  LIMITS,
  rewardPatch,
  validateReward,
  type RewardFormErrors,
  type RewardFormValues,
} from "./reward-form";

/** Which message a field's edit shows (unticking "unlimited" or "all tiers" is not yet a mistake). */
const ERROR_FOR: Partial<Record<keyof RewardFormValues, keyof RewardFormErrors>> = {
  name: "name",
  description: "description",
  nameEn: "nameEn",
  descriptionEn: "descriptionEn",
  imageUrl: "imageUrl",
  pointsCost: "pointsCost",
  stock: "stock",
  validFrom: "validUntil",
  validUntil: "validUntil",
  voucherValidityDays: "voucherValidityDays",
  tiers: "tiers",
};

type Props = {
  /** The reward being edited, or null to create one. */
  reward: RewardView | null;
  onClose: () => void;
  onSaved: (reward: RewardView, created: boolean) => void;
  /** A create whose answer got lost may still have happened: the list should be re-read. */
  onMaybeChanged: () => void;
};

/** Create or edit a reward, in a side panel: the form is long and the list stays in view. */
export function RewardDialog({ reward, onClose, onSaved, onMaybeChanged }: Props) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  // The programme's tiers, with the brand's names: only those are offered (the server refuses
  // others, decision 0049). Until it loads (or if it fails), every tier code, as before.
  const programme = useApiResource(programmeEndpoints.programme);
  const tiers = programme.state.status === "ready" ? programme.state.data.settings.tierRules.tiers : null;
  const brandName = (code: TierCode) => tiers?.find((x) => x.code === code)?.name[locale];
  const [initial] = useState<RewardFormValues>(() => (reward ? formFromReward(reward) : EMPTY_REWARD_FORM));
  const [values, setValues] = useState<RewardFormValues>(initial);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // An image on its way up: saving now would save the reward without it.
  const [uploading, setUploading] = useState(false);
  // Until saved (the panel then closes), a console link or closing the tab asks first.
  const confirmLeave = useUnsavedGuard(!busy && JSON.stringify(values) !== JSON.stringify(initial), t("common.leave"));
  // The check runs on every edit; a field's message shows once it was edited or Save was tried.
  const asYouType = useAsYouType();
  const check = useMemo(() => validateReward(values).errors, [values]);
  const errors: RewardFormErrors = Object.fromEntries(Object.entries(check).filter(([key]) => asYouType.shown(key)));
  const set = <K extends keyof RewardFormValues>(key: K, value: RewardFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    const errorKey = ERROR_FOR[key];
    if (errorKey) asYouType.touch(errorKey);
  };
  const err = (key: keyof RewardFormErrors) => (errors[key] ? t(errors[key]) : null);

  const stale = failure?.issues.find((i) => i.code === "tier_not_in_programme");
  // A refusal may be a tier removed since the programme was read: read it again (one GET), so
  // the chips show the tiers there are now.
  const fail = (e: ApiError) => {
    setFailure(e);
    setBusy(false);
    programme.reload();
  };

  const submit = async () => {
    if (uploading) return;
    asYouType.attempt();
    const { body } = validateReward(values);
    if (!body) return;
    setFailure(null);
    if (reward) {
      const patch = rewardPatch(initial, values, body);
      if (Object.keys(patch).length === 0) {
        onClose();
        return;
      }
      setBusy(true);
      try {
        onSaved(await api.request(loyaltyEndpoints.updateReward, { params: { rewardId: reward.id }, body: patch }), false);
      } catch (error) {
        fail(toApiError(error));
      }
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.request(loyaltyEndpoints.createReward, { body }), true);
    } catch (error) {
      const apiError = toApiError(error);
      fail(apiError);
      if (outcomeUnknown(apiError)) onMaybeChanged();
    }
  };

  const toggleTier = (code: TierCode, on: boolean) =>
    set("tiers", on ? [...values.tiers.filter((c) => c !== code), code] : values.tiers.filter((c) => c !== code));

  return (
    <Dialog
      variant="panel"
      title={reward ? t("rewardForm.editTitle") : t("rewards.add")}
      subtitle={reward?.name}
      onClose={onClose}
      confirmClose={confirmLeave}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<DialogActions busy={busy} onCancel={onClose} submitLabel={reward ? t("rewardForm.save") : t("rewardForm.create")} />}
    >
      <Field label={t("rewardForm.name")} hint={t("rewardForm.nameHint")} error={err("name")}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={values.name}
            maxLength={LIMITS.nameMax + 20}
            disabled={busy}
            onChange={(e) => set("name", e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t("rewardForm.description")}
        hint={t("rewardForm.descriptionHint", { count: values.description.trim().length, max: LIMITS.descriptionMax })}
        error={err("description")}
      >
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            rows={3}
            value={values.description}
            disabled={busy}
            onChange={(e) => set("description", e.target.value)}
          />
        )}
      </Field>
      {/* English for members who use the Mini App in English; left empty, they read the Vietnamese. */}
      <Field label={t("rewardForm.nameEn")} hint={t("rewardForm.enHint")} error={err("nameEn")}>
        {(control) => (
          <input
            {...control}
            className="input"
            lang="en"
            value={values.nameEn}
            maxLength={LIMITS.nameMax + 20}
            disabled={busy}
            onChange={(e) => set("nameEn", e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t("rewardForm.descriptionEn")}
        hint={t("rewardForm.descriptionHint", { count: values.descriptionEn.trim().length, max: LIMITS.descriptionMax })}
        error={err("descriptionEn")}
      >
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            lang="en"
            rows={2}
            value={values.descriptionEn}
            disabled={busy}
            onChange={(e) => set("descriptionEn", e.target.value)}
          />
        )}
      </Field>
      <RewardImageField
        imageId={values.imageId}
        preview={values.imagePreview}
        imageUrl={values.imageUrl}
        disabled={busy}
        onBusy={setUploading}
        onUploaded={(image) => {
          set("imageId", image?.id ?? "");
          set("imagePreview", image?.url ?? "");
        }}
      />
      <Field label={t("rewardForm.imageUrl")} hint={t("rewardForm.imageUrlHint")} error={err("imageUrl")}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://"
            value={values.imageUrl}
            disabled={busy || values.imageId !== ""}
            onChange={(e) => set("imageUrl", e.target.value)}
          />
        )}
      </Field>

      <div className="field-row">
        <Field label={t("rewards.col.cost")} error={err("pointsCost")}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={values.pointsCost}
              disabled={busy}
              onChange={(e) => set("pointsCost", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("rewardForm.days")} hint={t("rewardForm.daysHint")} error={err("voucherValidityDays")}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={values.voucherValidityDays}
              disabled={busy}
              onChange={(e) => set("voucherValidityDays", e.target.value)}
            />
          )}
        </Field>
      </div>

      <fieldset className="fieldset">
        <legend className="field-label">{t("rewards.col.stock")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={values.unlimitedStock}
            disabled={busy}
            onChange={(e) => set("unlimitedStock", e.target.checked)}
          />
          <span>{t("rewards.unlimited")}</span>
        </label>
        {!values.unlimitedStock && (
          <Field label={t("rewardForm.stock")} hint={reward ? t("rewardForm.stockEditHint") : undefined} error={err("stock")}>
            {(control) => (
              <input
                {...control}
                className="input"
                inputMode="numeric"
                autoComplete="off"
                value={values.stock}
                disabled={busy}
                onChange={(e) => set("stock", e.target.value)}
              />
            )}
          </Field>
        )}
      </fieldset>

      <fieldset className="fieldset">
        <legend className="field-label">{t("rewardForm.validity")}</legend>
        <p className="field-hint">{t("rewardForm.validityHint")}</p>
        <div className="field-row">
          <Field label={t("rewardForm.validFrom")}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="date"
                value={values.validFrom}
                disabled={busy}
                onChange={(e) => set("validFrom", e.target.value)}
              />
            )}
          </Field>
          <Field label={t("rewardForm.validUntil")} error={err("validUntil")}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="date"
                value={values.validUntil}
                min={values.validFrom || undefined}
                disabled={busy}
                onChange={(e) => set("validUntil", e.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="fieldset" aria-describedby={errors.tiers ? "reward-tiers-error" : undefined}>
        <legend className="field-label">{t("rewardForm.tiers")}</legend>
        <label className="check">
          <input type="checkbox" checked={values.allTiers} disabled={busy} onChange={(e) => set("allTiers", e.target.checked)} />
          <span>{t("rewards.allTiers")}</span>
        </label>
        {!values.allTiers && (
          <div className="check-row">
            {TIER_CODES.filter((c) => !tiers || values.tiers.includes(c) || brandName(c)).map((code) => (
              <label key={code} className="check check-chip">
                <input
                  type="checkbox"
                  checked={values.tiers.includes(code)}
                  disabled={busy}
                  onChange={(e) => toggleTier(code, e.target.checked)}
                />
                <span>{brandName(code) ?? t(tierKey(code))}</span>
              </label>
            ))}
          </div>
        )}
        {errors.tiers && (
          <p id="reward-tiers-error" className="field-error">
            {t(errors.tiers)}
          </p>
        )}
      </fieldset>

      <label className="check check-switch">
        <input type="checkbox" checked={values.active} disabled={busy} onChange={(e) => set("active", e.target.checked)} />
        <span>
          <span className="strong">{t("rewardForm.active")}</span>
          <span className="field-hint">{t("rewardForm.activeHint")}</span>
        </span>
      </label>

      {failure && (
        <div className="alert alert-error" role="alert">
          <AlertIcon />
          <div>
            <p>
              {stale
                ? t("rewardForm.error.tierGone", {
                    tiers: `${stale.params?.tiers}`
                      .split(",")
                      .map((c) => t(tierKey(c as TierCode)))
                      .join(", "),
                  })
                : t(errorMessageKey(failure.code))}
            </p>
            {!reward && outcomeUnknown(failure) && <p className="alert-detail">{t("rewardForm.checkBeforeRetry")}</p>}
          </div>
        </div>
      )}
    </Dialog>
  );
}
