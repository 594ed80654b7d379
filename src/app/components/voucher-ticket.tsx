import type { VoucherView } from "../../contract/loyalty";
import { useFormatDate, useT } from "../i18n/use-t";
import { QrCode } from "./qr-code";

/**
 * A voucher ready to show at the till: its QR (LLV1.<code>, the same drawing as the member
 * QR, with the payload in data-code), the code in text for typing, and its expiry.
 */
export function VoucherTicket({ voucher, titleId }: { voucher: VoucherView; titleId?: string }) {
  const t = useT();
  const formatDate = useFormatDate();
  return (
    <div className="voucher-ticket">
      <h2 className="voucher-ticket__name" id={titleId}>
        {voucher.rewardName}
      </h2>
      <div className="voucher-ticket__qr">
        <QrCode value={voucher.qrPayload} label={t("vouchers.qrLabel")} size={216} />
      </div>
      <p className="voucher-ticket__code">
        <span>{t("vouchers.code")}</span>
        <strong data-testid="voucher-code">{voucher.code}</strong>
      </p>
      <p className="voucher-ticket__expiry">{t("vouchers.expires", { date: formatDate(voucher.expiresAt) })}</p>
      <p className="muted small">{t("vouchers.show")}</p>
    </div>
  );
}
