import { useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import type { ConsoleLedgerItem, ConsoleVoucher, MemberDetail } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey } from "../common/api-errors";
import { Notice, useNotice } from "../common/notice";
import { Tabs } from "../common/tabs";
import { useApiResource } from "../common/use-api-resource";
import { useCanManage } from "../common/use-role";
import { formatNumber, formatSignedPoints } from "../format";
import { useLocale } from "../locale-context";
import type { MemberLinkState } from "../members/members-table";
import { AlertIcon, ArrowLeftIcon } from "../shell/icons";
import { AdjustPointsDialog, type AdjustAttempt } from "./adjust-dialog";
import { CancelVoucherDialog } from "./cancel-voucher-dialog";
import { ConsentsSection, ErasedBanner } from "./consents-section";
import { ActorFilter, type ActorChoice } from "../ledger/actor-filter";
import { LedgerTable } from "../ledger/ledger-table";
import { FilteredLedger } from "./filtered-ledger";
import { LotsTable } from "./lots-table";
import { MemberHeader } from "./member-header";
import { PreferencesSection } from "./preferences-section";
import { ReverseEntryDialog } from "./reverse-dialog";
import { SummaryCards } from "./summary-cards";
import { VouchersTable } from "./vouchers-table";
import "./strings/load";

type TabId = "ledger" | "lots" | "vouchers";
type OpenDialog =
  { kind: "adjust" } | { kind: "reverse"; entry: ConsoleLedgerItem } | { kind: "cancelVoucher"; voucher: ConsoleVoucher } | null;

export function MemberDetailPage() {
  const { memberId = "" } = useParams();
  const { t } = useLocale();
  const location = useLocation();
  const canManage = useCanManage();
  const { state, reload } = useApiResource(loyaltyEndpoints.memberDetail, { params: { memberId } });
  // Loaded by the page, not the section: the erased banner goes at the top of the page.
  const consents = useApiResource(preferenceEndpoints.memberConsents, { params: { id: memberId } });
  const [tab, setTab] = useState<TabId>("ledger");
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [actor, setActor] = useState<ActorChoice>(null);
  const notice = useNotice();
  const adjustAttempt = useRef<AdjustAttempt | null>(null);
  const older = useOlderLedger(memberId, state.status === "ready" ? state.data : null);

  const fromSearch = (location.state as MemberLinkState | null)?.fromSearch ?? "";

  const back = (
    <Link className="back-link" to={`/members${fromSearch}`}>
      <ArrowLeftIcon />
      <span>{t("detail.back")}</span>
    </Link>
  );

  if (state.status === "loading") {
    return (
      <div className="page">
        {back}
        <DetailSkeleton label={t("app.loading")} />
      </div>
    );
  }

  if (state.status === "error") {
    // A malformed id in the URL is, for the user, a member that does not exist.
    const missing = state.error.code === "member_not_found" || state.error.code === "invalid_request" || state.error.code === "not_found";
    return (
      <div className="page">
        {back}
        <section className="card">
          <div className="state state-error" role="alert">
            <AlertIcon className="state-icon" />
            <p className="state-title">{missing ? t("detail.notFound") : t("detail.loadFailed")}</p>
            <p className="muted">{missing ? t("detail.notFoundHint") : t(errorMessageKey(state.error.code))}</p>
            {!missing && (
              <button type="button" className="button button-secondary" onClick={reload}>
                {t("app.retry")}
              </button>
            )}
          </div>
        </section>
      </div>
    );
  }

  const member = state.data;
  const erasedAt = consents.state.status === "ready" ? consents.state.data.erasedAt : null;
  // An erased account's points were written off: there is nobody left to credit or debit.
  const manage = canManage && erasedAt === null;
  return (
    <div className="page" aria-busy={state.refreshing}>
      {back}
      {erasedAt && <ErasedBanner erasedAt={erasedAt} />}
      <Notice notice={notice} />
      <MemberHeader member={member} onAdjust={manage ? () => setDialog({ kind: "adjust" }) : null} />
      <SummaryCards summary={member.summary} />

      <section className="card" aria-label={t("detail.activity")}>
        <Tabs<TabId>
          label={t("detail.activity")}
          selected={tab}
          onSelect={setTab}
          tabs={[
            {
              id: "ledger",
              label: t("detail.tab.ledger"),
              count: member.ledger.length + older.items.length,
              panel: (
                <>
                  <ActorFilter entries={member.ledger} value={actor} onChange={setActor} />
                  {actor ? (
                    <FilteredLedger
                      memberId={member.memberId}
                      choice={actor}
                      onReverse={manage ? (entry) => setDialog({ kind: "reverse", entry }) : null}
                    />
                  ) : (
                    <LedgerTable
                      items={older.items.length ? [...member.ledger, ...older.items] : member.ledger}
                      more={older.more}
                      onReverse={manage ? (entry) => setDialog({ kind: "reverse", entry }) : null}
                    />
                  )}
                </>
              ),
            },
            {
              id: "lots",
              label: t("detail.tab.lots"),
              count: member.lots.length,
              panel: <LotsTable lots={member.lots} now={Date.now()} />,
            },
            {
              id: "vouchers",
              label: t("detail.tab.vouchers"),
              count: member.vouchers.length,
              panel: (
                <VouchersTable
                  vouchers={member.vouchers}
                  onCancel={manage ? (voucher) => setDialog({ kind: "cancelVoucher", voucher }) : null}
                />
              ),
            },
          ]}
        />
      </section>

      <PreferencesSection memberId={member.memberId} />
      <ConsentsSection state={consents.state} onRetry={consents.reload} />

      {dialog?.kind === "adjust" && (
        <AdjustPointsDialog
          memberId={member.memberId}
          attempt={adjustAttempt}
          memberName={member.displayName}
          balance={member.summary.balance}
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            const name = member.displayName;
            notice.show((tr, lc) =>
              tr(result.replayed ? "adjust.doneReplayed" : "adjust.done", {
                points: formatSignedPoints(lc, result.points),
                name,
                balance: formatNumber(lc, result.balance),
              }),
            );
            reload();
          }}
        />
      )}
      {dialog?.kind === "cancelVoucher" && (
        <CancelVoucherDialog
          voucher={dialog.voucher}
          onClose={() => setDialog(null)}
          onStale={reload}
          onDone={(result) => {
            setDialog(null);
            const reward = dialog.voucher.rewardName;
            notice.show((tr, lc) =>
              tr(result.replayed ? "cancelVoucher.doneReplayed" : "cancelVoucher.done", {
                reward,
                points: formatNumber(lc, result.points),
                balance: formatNumber(lc, result.balance),
              }),
            );
            reload();
          }}
        />
      )}
      {dialog?.kind === "reverse" && (
        <ReverseEntryDialog
          entry={dialog.entry}
          onClose={() => setDialog(null)}
          onStale={reload}
          onDone={(result) => {
            setDialog(null);
            notice.show((tr, lc) =>
              tr("reverse.done", { points: formatNumber(lc, Math.abs(result.points)), balance: formatNumber(lc, result.balance) }),
            );
            reload();
          }}
        />
      )}
    </div>
  );
}

/**
 * Older ledger pages below the detail's first page, loaded on "Load more" from the detail's
 * cursor. A reloaded detail (after an adjustment or a reversal) starts again from its own page.
 */
function useOlderLedger(memberId: string, detail: MemberDetail | null) {
  const { api } = useAuth();
  const [pages, setPages] = useState<{ of: MemberDetail; items: ConsoleLedgerItem[]; cursor: string | null } | null>(null);
  const [status, setStatus] = useState<{ loading: boolean; failed: boolean }>({ loading: false, failed: false });
  const current = detail && pages?.of === detail ? pages : null;
  const cursor = current ? current.cursor : (detail?.ledgerNextCursor ?? null);
  const load = async () => {
    if (!detail || !cursor) return;
    setStatus({ loading: true, failed: false });
    try {
      const page = await api.request(loyaltyEndpoints.memberLedger, { params: { memberId }, query: { after: cursor, limit: 50 } });
      setPages({ of: detail, items: [...(current?.items ?? []), ...page.items], cursor: page.nextCursor });
      setStatus({ loading: false, failed: false });
    } catch {
      setStatus({ loading: false, failed: true });
    }
  };
  return { items: current?.items ?? [], more: cursor ? { ...status, load: () => void load() } : null };
}

function DetailSkeleton({ label }: { label: string }) {
  return (
    <div className="detail-skeleton" role="status" aria-label={label} data-testid="detail-skeleton">
      <div className="card member-header">
        <div className="member-identity">
          <span className="avatar avatar-lg skeleton-block" />
          <div className="member-identity-text">
            <span className="skeleton skeleton-title" />
            <span className="skeleton" />
          </div>
        </div>
      </div>
      <div className="summary-grid">
        {[0, 1, 2].map((i) => (
          <div key={i} className="stat-card">
            <span className="skeleton" />
            <span className="skeleton skeleton-title" />
            <span className="skeleton" />
          </div>
        ))}
      </div>
      <div className="card skeleton-card">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className="skeleton" />
        ))}
      </div>
    </div>
  );
}
