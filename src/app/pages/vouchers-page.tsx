import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useEffect, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { VoucherView } from "../../contract/loyalty";
import { useTabRoutes } from "../components/bottom-nav";
import { Dialog } from "../components/dialog";
import { EmptyState } from "../components/empty-state";
import { ChevronRightIcon, TicketIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { Redirect } from "../components/redirect";
import { usePageEntry } from "../components/use-page-entry";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { VoucherTicket } from "../components/voucher-ticket";
import { errorKey } from "../i18n/error-key";
import { useFormatDate, useFormatDateTime, useT } from "../i18n/use-t";
import { ROUTES } from "../routes";
import { loadVouchersAtom, vouchersAtom } from "../state/rewards";
import { meAtom } from "../state/session";

const VOUCHER_POLL_MS = 5000;

/** "Voucher của tôi": every voucher with its status; a usable one opens its QR for the till. */
export function VouchersPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const tabs = useTabRoutes();
  const navigate = useNavigate();
  const vouchers = useAtomValue(vouchersAtom);
  const loadVouchers = useSetAtom(loadVouchersAtom);
  const [shown, setShown] = useState<VoucherView | null>(null);
  const [open, setOpen] = useState(false);
  const formatDateTime = useFormatDateTime();
  // No signal at the till: the cached list and its QR codes still show, saying how old they are.
  const offlineNote =
    vouchers.status === "ready" && vouchers.offline
      ? t("vouchers.updatedAt", { time: formatDateTime(new Date(vouchers.savedAt).toISOString()) })
      : null;

  const load = useCallback(async () => {
    const items = await loadVouchers();
    // The voucher on screen may just have been used at the till.
    if (items) setShown((prev) => (prev ? (items.find((v) => v.id === prev.id) ?? prev) : prev));
  }, [loadVouchers]);

  usePageEntry(() => void load());

  // While the QR is shown (at the till), watch for the cashier using it.
  const shownId = open ? shown?.id : undefined;
  useEffect(() => {
    if (!shownId) return;
    const timer = setInterval(() => void load(), VOUCHER_POLL_MS);
    return () => clearInterval(timer);
  }, [shownId, load]);

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;
  const isTab = tabs.includes(ROUTES.vouchers);

  return (
    <Page className="page page--tab">
      {/* Counter staff who are members have no Voucher tab (routes.ts): they come from Tài khoản or Đổi quà. */}
      <PageTitle title={t("vouchers.heading")} back={!isTab} />
      {vouchers.status === "loading" && (
        <PageSkeleton label={t("common.loading")}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={72} radius={16} />
          ))}
        </PageSkeleton>
      )}
      {vouchers.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(errorKey(vouchers.code) === "error.generic" ? "vouchers.loadError" : errorKey(vouchers.code))}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void load()}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {offlineNote && (
        <Notice tone="offline">
          {t("vouchers.offline")}
          <br />
          <span data-testid="vouchers-updated">{offlineNote}</span>
        </Notice>
      )}
      {vouchers.status === "ready" && vouchers.data.length === 0 && (
        <EmptyState icon={<TicketIcon size={28} />} title={t("vouchers.empty")} hint={t("vouchers.emptyHint")}>
          <Button variant="secondary" onClick={() => navigate(ROUTES.rewards, { animate: false, replace: true })}>
            {t("vouchers.toRewards")}
          </Button>
        </EmptyState>
      )}
      {vouchers.status === "ready" && vouchers.data.length > 0 && (
        <ul className="vouchers" aria-label={t("vouchers.heading")}>
          {vouchers.data.map((v) => (
            <li key={v.id}>
              <VoucherRow
                voucher={v}
                onOpen={() => {
                  setShown(v);
                  setOpen(true);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <Dialog visible={open} onClose={() => setOpen(false)} afterClose={() => setShown(null)} labelledBy="voucher-title">
        {shown && shown.status !== "issued" && (
          <div className="dialog-body">
            <h2 className="dialog-title" id="voucher-title">
              {shown.rewardName}
            </h2>
            {shown.status === "used" ? (
              <Notice tone="success">{t("vouchers.justUsed")}</Notice>
            ) : (
              <Notice tone="info">{t(`vouchers.status.${shown.status}`)}</Notice>
            )}
            <div className="dialog-actions dialog-actions--stack">
              <Button fullWidth variant="secondary" onClick={() => setOpen(false)}>
                {t("common.close")}
              </Button>
            </div>
          </div>
        )}
        {shown && shown.status === "issued" && (
          <div className="dialog-body">
            <VoucherTicket voucher={shown} titleId="voucher-title" />
            {offlineNote && <p className="muted small">{offlineNote}</p>}
            <div className="dialog-actions dialog-actions--stack">
              <Button fullWidth variant="secondary" onClick={() => setOpen(false)}>
                {t("common.close")}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </Page>
  );
}

function VoucherRow({ voucher, onOpen }: { voucher: VoucherView; onOpen: () => void }) {
  const t = useT();
  const formatDate = useFormatDate();
  const usable = voucher.status === "issued";
  const when =
    voucher.status === "used" && voucher.usedAt
      ? t("vouchers.usedAt", { date: formatDate(voucher.usedAt) })
      : voucher.status === "cancelled" && voucher.cancelledAt
        ? t("vouchers.cancelledAt", { date: formatDate(voucher.cancelledAt) })
        : t("vouchers.expires", { date: formatDate(voucher.expiresAt) });
  const content = (
    <>
      <span className="voucher-row__icon" aria-hidden="true">
        <TicketIcon size={24} />
      </span>
      <span className="voucher-row__text">
        <strong className="voucher-row__name">{voucher.rewardName}</strong>
        <span className="voucher-row__meta">
          <span className={`status-badge status-badge--${voucher.status}`}>{t(`vouchers.status.${voucher.status}`)}</span>
          <span className="voucher-row__when">{when}</span>
        </span>
      </span>
      {usable && <ChevronRightIcon size={20} className="voucher-row__chevron" />}
    </>
  );
  return usable ? (
    <button type="button" className="voucher-row" onClick={onOpen}>
      {content}
    </button>
  ) : (
    <div className="voucher-row voucher-row--inactive" data-status={voucher.status}>
      {content}
    </div>
  );
}
