import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import type { InviteCreated } from "../../contract/stores";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { Dialog } from "../common/dialog";
import { Field } from "../common/field";
import { formatDateTime } from "../format";
import { useLocale } from "../locale-context";
import { StoreChoice } from "./store-choice";

/**
 * Invite a cashier: choose stores, then the link and its QR, shown once (the server keeps only
 * the token's hash). The cashier scans it with Zalo and accepts in the Mini App.
 */
export function InviteDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [label, setLabel] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!created) return;
    let live = true;
    void QRCode.toString(created.url, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then((text) => {
      if (live) setSvg(text);
    });
    return () => {
      live = false;
    };
  }, [created]);

  const create = async () => {
    if (chosen.size === 0) return setFailure(t("staff.storesRequired"));
    setBusy(true);
    setFailure(null);
    try {
      const invite = await api.request(storeConsoleEndpoints.createStaffInvite, {
        body: { storeIds: [...chosen], label: label.trim() || null },
      });
      setCreated(invite);
      onCreated();
    } catch (error) {
      setFailure(t(errorMessageKey(toApiError(error).code)));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Dialog
        title={t("invite.readyTitle")}
        subtitle={created.stores.map((s) => s.name).join(", ")}
        onClose={onClose}
        onSubmit={onClose}
        footer={
          <button type="submit" className="button button-primary">
            {t("invite.done")}
          </button>
        }
      >
        <div className="invite-ready">
          <div className="invite-qr" role="img" aria-label={t("invite.qrAlt")} data-testid="invite-qr">
            {svg ? <span dangerouslySetInnerHTML={{ __html: svg }} /> : <span className="skeleton invite-qr-skeleton" />}
          </div>
          <div>
            <p>{t("invite.steps")}</p>
            <p className="muted">{t("invite.expires", { at: formatDateTime(locale, created.expiresAt) })}</p>
            <div className="field">
              <span className="field-label">{t("invite.link")}</span>
              <div className="copy-field">
                <input
                  className="input"
                  readOnly
                  value={created.url}
                  aria-label={t("invite.link")}
                  data-testid="invite-url"
                  onFocus={(e) => e.target.select()}
                />
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void navigator.clipboard?.writeText(created.url).then(() => setCopied(true))}
                >
                  {t(copied ? "invite.copied" : "invite.copy")}
                </button>
              </div>
            </div>
            <p className="muted small">{t("invite.onceOnly")}</p>
          </div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog
      title={t("invite.title")}
      busy={busy}
      onClose={onClose}
      onSubmit={() => void create()}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t("stores.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("invite.create")}
          </button>
        </>
      }
    >
      <StoreChoice legend={t("invite.stores")} chosen={chosen} onChange={setChosen} error={failure} />
      <Field label={t("invite.label")} hint={t("invite.labelHint")}>
        {(c) => <input {...c} className="input" value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />}
      </Field>
    </Dialog>
  );
}
