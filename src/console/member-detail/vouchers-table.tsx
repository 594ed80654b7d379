import type { VoucherView } from "../../contract/loyalty";
import { formatDate } from "../format";
import { useLocale } from "../locale-context";
import { VOUCHER_STATUS_KEYS } from "./labels";

export function VouchersTable({ vouchers }: { vouchers: readonly VoucherView[] }) {
  const { t, locale } = useLocale();
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
      <table className="table">
        <caption className="sr-only">{t("vouchers.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vouchers.col.code")}</th>
            <th scope="col">{t("vouchers.col.reward")}</th>
            <th scope="col">{t("vouchers.col.status")}</th>
            <th scope="col">{t("vouchers.col.issuedAt")}</th>
            <th scope="col">{t("vouchers.col.expiresAt")}</th>
            <th scope="col">{t("vouchers.col.usedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {vouchers.map((v) => (
            <tr key={v.id}>
              <td className="mono">{v.code}</td>
              <td className="strong">{v.rewardName}</td>
              <td>
                <span className={`status status-${v.status}`}>{t(VOUCHER_STATUS_KEYS[v.status])}</span>
              </td>
              <td>{date(v.issuedAt)}</td>
              <td>{date(v.expiresAt)}</td>
              <td>{date(v.usedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
