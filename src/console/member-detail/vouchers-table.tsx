import { useState } from "react";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { ConsoleVoucher } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { useCanManage } from "../common/use-role";
import { formatDate } from "../format";
import { useLocale } from "../locale-context";
import { VOUCHER_STATUS_KEYS } from "./labels";

/**
 * The member's vouchers. Codes come masked (a live code is a bearer token); a manager can show
 * one with "Hiện mã", which the server records in the audit log; a marketer has no such button.
 */
type Props = {
  vouchers: readonly ConsoleVoucher[];
  /** Null for marketers and erased accounts: no action column at all. */
  onCancel?: ((voucher: ConsoleVoucher) => void) | null;
};

export function VouchersTable({ vouchers, onCancel = null }: Props) {
  const { t, locale } = useLocale();
  const canReveal = useCanManage();
  if (vouchers.length === 0) {
    return (
      <div className="state">
        <p className="state-title">{t("vouchers.empty")}</p>
        <p className="muted">{t("vouchers.emptyHint")}</p>
      </div>
    );
  }
  const date = (iso: string | null) => (iso ? <time dateTime={iso}>{formatDate(locale, iso)}</time> : <span className="muted">—</span>);
  return (
    <div className="table-wrap">
      <table className="table vouchers-table">
        <caption className="sr-only">{t("vouchers.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vouchers.col.code")}</th>
            <th scope="col">{t("vouchers.col.reward")}</th>
            <th scope="col">{t("vouchers.col.status")}</th>
            <th scope="col">{t("vouchers.col.issuedAt")}</th>
            <th scope="col">{t("vouchers.col.expiresAt")}</th>
            <th scope="col">{t("vouchers.col.usedAt")}</th>
            {onCancel && (
              <th scope="col">
                <span className="sr-only">{t("ledger.col.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {vouchers.map((v) => (
            <tr key={v.id}>
              <td>{canReveal ? <RevealableCode voucher={v} /> : <span className="mono">{v.codeMasked}</span>}</td>
              <td className="strong">{v.rewardName}</td>
              <td>
                <span className={`status status-${v.status}`}>{t(VOUCHER_STATUS_KEYS[v.status])}</span>
              </td>
              <td>{date(v.issuedAt)}</td>
              <td>{date(v.expiresAt)}</td>
              <td>{date(v.usedAt ?? v.cancelledAt)}</td>
              {onCancel && (
                <td className="cell-action">
                  {/* Only a voucher that could still be used can be cancelled (the server's rule). */}
                  {v.status === "issued" && (
                    <button
                      type="button"
                      className="button button-secondary button-sm button-danger-text"
                      aria-label={t("cancelVoucher.openLabel", { reward: v.rewardName, code: v.codeMasked })}
                      onClick={() => onCancel(v)}
                    >
                      {t("cancelVoucher.open")}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Reveal = { status: "masked" } | { status: "loading" } | { status: "shown"; code: string } | { status: "failed"; message: string };

/** The masked code and a button that asks the server for the real one (recorded as a reveal). */
function RevealableCode({ voucher }: { voucher: ConsoleVoucher }) {
  const { api } = useAuth();
  const { t } = useLocale();
  const [reveal, setReveal] = useState<Reveal>({ status: "masked" });

  const show = async () => {
    setReveal({ status: "loading" });
    try {
      const { code } = await api.request(loyaltyEndpoints.revealVoucherCode, { params: { voucherId: voucher.id } });
      setReveal({ status: "shown", code });
    } catch (error) {
      setReveal({ status: "failed", message: t(errorMessageKey(toApiError(error).code)) });
    }
  };

  if (reveal.status === "shown") {
    return (
      <span className="mono" data-testid="voucher-code-revealed">
        {reveal.code}
      </span>
    );
  }
  return (
    <span className="voucher-code-cell">
      <span className="mono">{voucher.codeMasked}</span>{" "}
      <button
        type="button"
        className="button button-secondary button-sm"
        aria-label={t("vouchers.revealLabel", { reward: voucher.rewardName, code: voucher.codeMasked })}
        title={t("vouchers.revealHint")}
        disabled={reveal.status === "loading"}
        onClick={() => void show()}
      >
        {t("vouchers.reveal")}
      </button>
      {reveal.status === "failed" && (
        <span className="field-error" role="alert">
          {reveal.message}
        </span>
      )}
    </span>
  );
}
