import { useAtom, useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState, type FormEvent } from "react";
import { Button, Page } from "zmp-ui";
import { MEMBER_QR_PREFIX } from "../../../domain/member-qr/member-qr";
import { ScanIcon, TicketIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { PageTitle } from "../../components/page-title";
import { TextField } from "../../components/text-field";
import { useFlushEarnQueue } from "../../components/use-earn-queue";
import { errorKey } from "../../i18n/error-key";
import { useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { scanCode } from "../../platform/qr-scanner";
import { failureCode, type FailureCode } from "../../state/api";
import { isCounterUserAtom } from "../../state/session";
import { scanMemberAtom, staffStoreAtom } from "../../state/staff";
import { counterPanelAtom } from "./counter-state";
import { destinationOf, foundPanel, outcomePanel, unverifiedPanel, verifiedPanel, type Mode, type Panel } from "./draft";
import { EarnForm } from "./earn-form";
import { MemberLookupForm } from "./member-lookup";
import { QueueStatus } from "./queue-status";
import { EarnDone, EarnQueued } from "./results";
import { StorePicker } from "./store-picker";
import { VerifiedMember } from "./verified-member";
import { VoucherCheck } from "./voucher-check";

/**
 * A member code refused at the scan. Already scanned, at the counter, is nearly always the same
 * live card read twice within its 30 seconds (a double tap, a second try): the advice is to wait
 * for the next code, not to suspect the shopper.
 */
const SCAN_ERRORS: Partial<Record<FailureCode, MessageKey>> = {
  qr_already_used: "staff.rescanTooSoon",
};

/**
 * Staff mode: verify a shopper's live card and award points for the bill, or accept a voucher.
 * The camera scan comes from Zalo; where there is no camera API (a desktop browser at the till,
 * or the dev browser) staff paste or type the code instead. A scanned code goes where its
 * prefix says (LL1. member card, LLV1. voucher), whichever button was pressed.
 */
export function StaffPage() {
  const t = useT();
  const isCounter = useAtomValue(isCounterUserAtom);
  const store = useAtomValue(staffStoreAtom);
  const [mode, setMode] = useState<Mode>("member");
  const [showPaste, setShowPaste] = useState(false);
  const [showLookup, setShowLookup] = useState(false);
  const [pasted, setPasted] = useState("");
  const [busy, setBusy] = useState(false);
  // Kept outside the page, so a tab switch does not lose the scanned member or the typed bill.
  const [panel, setPanel] = useAtom(counterPanelAtom);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const flushQueue = useFlushEarnQueue();
  const scanMember = useSetAtom(scanMemberAtom);

  useEffect(() => {
    if (isCounter) void flushQueue();
  }, [isCounter, flushQueue]);

  function settled(next: Panel) {
    setPanel(next);
    setPasted("");
    setShowPaste(false);
    setShowLookup(false);
  }

  async function verify(code: string) {
    const previous = panel;
    setBusy(true);
    setPanel(null);
    setNotice(null);
    const startedAt = Date.now();
    try {
      const member = await scanMember(code);
      settled(verifiedPanel(code, member, Date.now()));
    } catch (err) {
      const reason = failureCode(err);
      // The member on screen, read again: they are verified already; the bill is what is left.
      if (reason === "qr_already_used" && previous?.kind === "member" && previous.scan.code === code) {
        settled(previous);
        setNotice("staff.alreadyVerified");
        return;
      }
      const next = unverifiedPanel(code, { network: reason === "network", message: errorKey(reason, SCAN_ERRORS) }, startedAt);
      if (next?.kind === "offlineMember") settled(next);
      else setPanel(next);
    } finally {
      setBusy(false);
    }
  }

  /** A voucher is looked at before it is used: VoucherCheck shows whose it is, then uses it on confirmation. */
  function acceptVoucher(code: string) {
    if (!store) return;
    setPanel({ kind: "voucher", code, storeId: store.id, seq: Date.now() });
  }

  function handleCode(code: string, asked: Mode) {
    if (destinationOf(code, asked) === "voucher") return acceptVoucher(code);
    return verify(code);
  }

  async function scan(next: Mode) {
    setMode(next);
    setNotice(null);
    // The verified member stays until another code answers: a re-scan of them keeps it.
    if (panel?.kind !== "member") setPanel(null);
    const code = await scanCode();
    if (code) await handleCode(code, next);
    else setShowPaste(true);
  }

  function submitPasted(e: FormEvent) {
    e.preventDefault();
    const code = pasted.trim();
    if (code) void handleCode(code, mode);
  }

  if (!isCounter) {
    return (
      <Page className="page page--tab">
        <PageTitle title={t("staff.heading")} />
        <Notice tone="error">{t("staff.notAllowed")}</Notice>
      </Page>
    );
  }

  return (
    <Page className="page page--tab">
      <PageTitle title={t("staff.heading")} />
      <StorePicker />
      <QueueStatus />
      {panel === null && <p className="muted">{t("staff.lead")}</p>}
      <div className="staff-actions">
        <Button fullWidth size="large" prefixIcon={<ScanIcon />} disabled={busy} onClick={() => void scan("member")}>
          {t("staff.scan")}
        </Button>
        <Button
          fullWidth
          variant="secondary"
          prefixIcon={<TicketIcon size={22} />}
          disabled={busy || !store}
          onClick={() => void scan("voucher")}
        >
          {t("staff.scanVoucher")}
        </Button>
        {!showLookup && panel?.kind !== "member" && (
          <Button fullWidth variant="tertiary" size="small" disabled={busy} onClick={() => setShowLookup(true)}>
            {t("lookup.open")}
          </Button>
        )}
      </div>
      {showLookup && (
        <MemberLookupForm
          onFound={(member, by) => {
            setNotice(null);
            settled(foundPanel(member, by, Date.now()));
          }}
        />
      )}
      {/* The verdict goes right under the scan buttons: on a 640 px screen, below the paste
          form it would be out of sight. */}
      {panel?.kind === "error" && <Notice tone="error">{t(panel.message)}</Notice>}
      {notice && <Notice tone="info">{t(notice)}</Notice>}
      {panel?.kind === "member" && (
        <>
          {panel.foundBy && (
            <Notice tone="info">{t("lookup.confirm", { by: t(panel.foundBy === "phone" ? "lookup.byPhone" : "lookup.byCard") })}</Notice>
          )}
          <VerifiedMember member={panel.member} />
          <EarnForm
            key={panel.scan.capturedAt + panel.scan.code}
            scan={panel.scan}
            memberName={panel.member.displayName}
            onOutcome={(o) => setPanel(outcomePanel(o))}
          />
        </>
      )}
      {panel?.kind === "offlineMember" && (
        <>
          <Notice tone="offline">{t("staff.offlineScan")}</Notice>
          <EarnForm
            key={panel.scan.capturedAt + panel.scan.code}
            scan={panel.scan}
            memberName={null}
            onOutcome={(o) => setPanel(outcomePanel(o))}
          />
        </>
      )}
      {panel?.kind === "earned" && <EarnDone response={panel.response} receipt={panel.receiptNo} onNext={() => setPanel(null)} />}
      {panel?.kind === "queued" && <EarnQueued item={panel.item} added={panel.added} onNext={() => setPanel(null)} />}
      {panel?.kind === "voucher" && (
        <VoucherCheck
          key={panel.seq}
          code={panel.code}
          storeId={panel.storeId}
          // A good code clears the paste field; a refused one stays there to be corrected.
          onLooked={(ok) => ok && settled(panel)}
          onDone={() => setPanel(null)}
        />
      )}
      {showPaste && (
        <form className="paste-form" onSubmit={submitPasted}>
          <p className="muted small">{t(mode === "voucher" ? "staff.noCameraVoucher" : "staff.noCamera")}</p>
          <TextField
            label={t(mode === "voucher" ? "staff.voucherLabel" : "staff.pasteLabel")}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            autoComplete="off"
            autoCapitalize={mode === "voucher" ? "characters" : "off"}
            spellCheck={false}
            placeholder={mode === "voucher" ? "XXXX-XXXX-XXXX-XXXX" : `${MEMBER_QR_PREFIX}…`}
          />
          <Button htmlType="submit" fullWidth variant="secondary" loading={busy} disabled={busy || !pasted.trim()}>
            {t(mode === "voucher" ? "staff.useVoucher" : "staff.check")}
          </Button>
        </form>
      )}
    </Page>
  );
}
