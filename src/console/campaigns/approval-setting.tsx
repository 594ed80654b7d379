import { useState, type FormEvent } from "react";
import { campaignEndpoints } from "../../contract/endpoints/campaigns";
import type { CampaignSettings } from "../../contract/campaigns";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatDateTime, formatNumber } from "../format";
import { interpolate, type Params } from "../i18n";
import { useLocale } from "../locale-context";

/**
 * The brand's approval threshold, under the campaign list: every role sees the rule ("above N
 * recipients a manager approves"); managers and admins change it. The strings stay with the
 * component so the campaigns section's files are left alone.
 */
const STRINGS = {
  vi: {
    title: "Duyệt chiến dịch",
    rule: "Chiến dịch của marketer gửi cho hơn {count} người nhận cần quản lý duyệt trước khi gửi.",
    ruleAll: "Mọi chiến dịch của marketer cần quản lý duyệt trước khi gửi.",
    label: "Cần duyệt khi số người nhận lớn hơn",
    hint: "Từ {min} đến {max}. 0: mọi chiến dịch của marketer đều cần duyệt. Áp dụng cho chiến dịch gửi duyệt sau khi lưu.",
    save: "Lưu",
    saved: "Đã lưu.",
    range: "Nhập một số nguyên từ {min} đến {max}.",
    failed: "Không lưu được. Hãy thử lại.",
    loadFailed: "Không tải được cài đặt duyệt chiến dịch.",
    changed: "Sửa lần cuối {at} bởi {by}",
  },
  en: {
    title: "Campaign approval",
    rule: "A marketer's campaign to more than {count} recipients needs a manager's approval before it is sent.",
    ruleAll: "Every marketer's campaign needs a manager's approval before it is sent.",
    label: "Approval needed above this many recipients",
    hint: "From {min} to {max}. 0: every marketer's campaign needs approval. Applies to campaigns submitted after saving.",
    save: "Save",
    saved: "Saved.",
    range: "Enter a whole number from {min} to {max}.",
    failed: "Could not save. Try again.",
    loadFailed: "Could not load the approval setting.",
    changed: "Last changed {at} by {by}",
  },
} as const;
type Key = keyof (typeof STRINGS)["vi"];

export function ApprovalSetting() {
  const { locale } = useLocale();
  const s = (key: Key, params?: Params) => interpolate(STRINGS[locale][key], params);
  const { state, reload } = useApiResource(campaignEndpoints.campaignSettings);
  return (
    <section className="card camp-approval" aria-labelledby="camp-approval-title">
      <h2 id="camp-approval-title" className="camp-approval-title">
        {s("title")}
      </h2>
      {state.status === "loading" ? (
        <span className="skeleton" aria-busy="true" />
      ) : state.status === "error" ? (
        <LoadError title={s("loadFailed")} code={state.error.code} onRetry={reload} />
      ) : (
        <ApprovalForm key={state.data.changedAt ?? ""} settings={state.data} s={s} onSaved={reload} />
      )}
    </section>
  );
}

function ApprovalForm({
  settings,
  s,
  onSaved,
}: {
  settings: CampaignSettings;
  s: (key: Key, params?: Params) => string;
  onSaved: () => void;
}) {
  const { locale } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const [value, setValue] = useState(String(settings.approvalThreshold));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { min, max } = settings.limits;
  const range = { min: formatNumber(locale, min), max: formatNumber(locale, max) };
  const n = settings.approvalThreshold;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const next = Number(value);
    // The server checks the same range (approval_threshold_range); asking first saves a round trip.
    if (value.trim() === "" || !Number.isSafeInteger(next) || next < min || next > max) {
      setError(s("range", range));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await api.request(campaignEndpoints.updateCampaignSettings, { body: { approvalThreshold: next } });
      setStatus(s("saved"));
      onSaved();
    } catch (err) {
      const code = toApiError(err).code;
      if (code === "campaign_settings_invalid") setError(s("range", range));
      else setStatus(s("failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="muted" data-testid="approval-rule">
        {n === 0 ? s("ruleAll") : s("rule", { count: formatNumber(locale, n) })}
      </p>
      {canManage && (
        <form className="camp-approval-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={s("label")} hint={s("hint", range)} error={error}>
            {(control) => (
              <input
                {...control}
                className="input input-narrow"
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                step={1}
                value={value}
                disabled={busy}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
          <div className="camp-approval-actions">
            <button type="submit" className="button button-primary button-sm" disabled={busy} aria-busy={busy}>
              {s("save")}
            </button>
            {status && <span role="status">{status}</span>}
          </div>
        </form>
      )}
      {settings.changedAt && (
        <p className="muted camp-approval-changed">
          {s("changed", { at: formatDateTime(locale, settings.changedAt), by: settings.changedBy ?? "—" })}
        </p>
      )}
    </>
  );
}
