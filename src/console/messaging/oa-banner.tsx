import { Link } from "react-router-dom";
import type { Quota } from "./today-panel";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";

/**
 * Said on every tab of the messaging page while the OA cannot be used (Zalo refused its refresh
 * token for good, or no tokens were ever stored): what it means for the messages — held, not
 * lost, and how many — and what to do. Nothing shows with the sandbox or a connected OA.
 */
export function OaBanner({ quota }: { quota: Quota }) {
  const { t, locale } = useLocale();
  const oa = quota.oa;
  if (!oa || oa.state === "connected") return null;
  const queued = formatNumber(locale, quota.queued);
  const disconnected = oa.state === "disconnected";
  return (
    <div className="alert alert-error oa-banner" role="alert" aria-labelledby="oa-banner-title">
      <div>
        <p id="oa-banner-title" className="strong">
          {t(disconnected ? "msg.oa.disconnected.title" : "msg.oa.notConnected.title")}
        </p>
        <p className="alert-detail">
          {disconnected
            ? t("msg.oa.disconnected.body", { since: oa.disconnectedAt ? formatDateTime(locale, oa.disconnectedAt) : "—", queued })
            : t("msg.oa.notConnected.body", { queued })}
        </p>
        {disconnected && oa.reason && (
          <p className="alert-detail">{t(`msg.oa.disconnected.${oa.reason}`, { code: oa.zaloError ?? "—" })}</p>
        )}
        <p className="alert-detail">{t("msg.oa.action")}</p>
        {quota.queued > 0 && (
          <p className="alert-action">
            <Link className="row-link" to="/messages?tab=log&status=queued">
              {t("msg.oa.seeHeld")}
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
