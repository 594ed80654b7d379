import { useAtom, useAtomValue, useSetAtom } from "jotai";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, Page } from "zmp-ui";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { memberEndpoints } from "../../contract/endpoints/members";
import { UseVoucherResponse, type EarnResponse } from "../../contract/loyalty";
import { ScannedMember } from "../../contract/members";
import { isReceiptNo, RECEIPT_NO_MAX_LENGTH } from "../../domain/loyalty/earn";
import { hasVoucherQrPrefix } from "../../domain/loyalty/vouchers";
import { hasMemberQrPrefix, MEMBER_QR_PREFIX } from "../../domain/member-qr/member-qr";
import { CheckCircleIcon, ScanIcon, StoreIcon, TicketIcon, UploadIcon } from "../components/icons";
import { MemberAvatar } from "../components/member-avatar";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { SelectField } from "../components/select-field";
import { TextField } from "../components/text-field";
import { TierBadge } from "../components/tier-badge";
import { useFlushEarnQueue } from "../components/use-earn-queue";
import { errorKey } from "../i18n/error-key";
import { useFormatNumber, useFormatVnd, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { scanCode } from "../platform/qr-scanner";
import { api, failureCode, withSession, type FailureCode } from "../state/api";
import { earnKey, type QueuedEarn } from "../state/earn-queue";
import { isCounterUserAtom, meAtom } from "../state/session";
import {
  dismissFailedEarnsAtom,
  earnQueueAtom,
  SCAN_TOKEN_USE_MS,
  staffStoreAtom,
  submitEarnAtom,
  type EarnOutcome,
  type MemberScan,
} from "../state/staff";

type Mode = "member" | "voucher";
type Panel =
  | { kind: "error"; message: MessageKey }
  /** A verified member; `scan` also keeps the raw code, in case the award has to wait offline. */
  | { kind: "member"; member: ScannedMember; scan: MemberScan }
  /** The server could not be reached to verify the code: points can still be queued. */
  | { kind: "offlineMember"; scan: MemberScan }
  | { kind: "earned"; response: EarnResponse }
  | { kind: "queued"; item: QueuedEarn; added: boolean }
  | { kind: "voucherUsed"; result: UseVoucherResponse }
  | null;

/** At the counter a voucher that belongs elsewhere is "another brand's voucher", not card. */
const VOUCHER_ERRORS: Partial<Record<FailureCode, MessageKey>> = {
  wrong_brand: "error.voucher_wrong_brand",
  invalid_request: "error.voucher_invalid",
  not_found: "error.voucher_not_found",
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
  const [pasted, setPasted] = useState("");
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const flushQueue = useFlushEarnQueue();

  useEffect(() => {
    if (isCounter) void flushQueue();
  }, [isCounter, flushQueue]);

  function settled(next: Panel) {
    setPanel(next);
    setPasted("");
    setShowPaste(false);
  }

  async function verify(code: string) {
    setBusy(true);
    setPanel(null);
    const startedAt = Date.now();
    try {
      const member = await withSession(() => api.request(memberEndpoints.scanMember, { body: { code } }));
      const scan: MemberScan = { code, capturedAt: member.scannedAt, scanToken: member.scanToken, tokenValidUntil: Date.now() + SCAN_TOKEN_USE_MS };
      settled({ kind: "member", member, scan });
    } catch (err) {
      const reason = failureCode(err);
      if (reason === "network" && hasMemberQrPrefix(code)) {
        settled({ kind: "offlineMember", scan: { code, capturedAt: new Date(startedAt).toISOString(), scanToken: null, tokenValidUntil: null } });
      } else {
        setPanel({ kind: "error", message: errorKey(reason) });
      }
    } finally {
      setBusy(false);
    }
  }

  async function acceptVoucher(code: string) {
    if (!store) return;
    setBusy(true);
    setPanel(null);
    try {
      const result = await withSession(() => api.request(loyaltyEndpoints.useVoucher, { body: { code, storeId: store.id } }));
      settled({ kind: "voucherUsed", result });
    } catch (err) {
      setPanel({ kind: "error", message: errorKey(failureCode(err), VOUCHER_ERRORS) });
    } finally {
      setBusy(false);
    }
  }

  function handleCode(code: string, asked: Mode) {
    if (hasVoucherQrPrefix(code) || (asked === "voucher" && !hasMemberQrPrefix(code))) return acceptVoucher(code);
    return verify(code);
  }

  async function scan(next: Mode) {
    setMode(next);
    setPanel(null);
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
        <Button fullWidth variant="secondary" prefixIcon={<TicketIcon size={22} />} disabled={busy || !store} onClick={() => void scan("voucher")}>
          {t("staff.scanVoucher")}
        </Button>
      </div>
      {/* The verdict goes right under the scan buttons: on a 640 px screen, below the paste
          form it would be out of sight. */}
      {panel?.kind === "error" && <Notice tone="error">{t(panel.message)}</Notice>}
      {panel?.kind === "member" && (
        <>
          <VerifiedMember member={panel.member} />
          <EarnForm key={panel.scan.capturedAt + panel.scan.code} scan={panel.scan} memberName={panel.member.displayName} onOutcome={(o) => setPanel(outcomePanel(o))} />
        </>
      )}
      {panel?.kind === "offlineMember" && (
        <>
          <Notice tone="offline">{t("staff.offlineScan")}</Notice>
          <EarnForm key={panel.scan.capturedAt + panel.scan.code} scan={panel.scan} memberName={null} onOutcome={(o) => setPanel(outcomePanel(o))} />
        </>
      )}
      {panel?.kind === "earned" && <EarnDone response={panel.response} onNext={() => setPanel(null)} />}
      {panel?.kind === "queued" && <EarnQueued item={panel.item} added={panel.added} onNext={() => setPanel(null)} />}
      {panel?.kind === "voucherUsed" && <VoucherUsed result={panel.result} onDone={() => setPanel(null)} />}
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

function outcomePanel(outcome: EarnOutcome): Panel {
  return outcome.kind === "earned" ? { kind: "earned", response: outcome.response } : { kind: "queued", item: outcome.item, added: outcome.added };
}

/** Where the points and vouchers are booked: a choice only for staff of several stores. */
function StorePicker() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const [store, setStore] = useAtom(staffStoreAtom);
  const stores = me?.user.stores ?? [];
  if (stores.length === 0) return <Notice tone="info">{t("staff.noStore")}</Notice>;
  if (stores.length === 1) {
    return (
      <p className="store-line" data-testid="staff-store">
        <StoreIcon size={18} /> {stores[0]!.name}
      </p>
    );
  }
  return (
    <SelectField
      label={t("staff.store")}
      value={store?.id ?? ""}
      onChange={(e) => setStore(e.target.value)}
      options={stores.map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}

/** The offline queue at a glance: how many awards wait, and the ones the server refused. */
function QueueStatus() {
  const t = useT();
  const formatVnd = useFormatVnd();
  const queue = useAtomValue(earnQueueAtom);
  const dismiss = useSetAtom(dismissFailedEarnsAtom);
  const flushQueue = useFlushEarnQueue();
  const [sending, setSending] = useState(false);
  if (queue.pending.length === 0 && queue.failed.length === 0) return null;

  async function sendNow() {
    setSending(true);
    await flushQueue();
    setSending(false);
  }

  return (
    <>
      {queue.pending.length > 0 && (
        <div className="queue-bar" role="status">
          <UploadIcon size={20} />
          <span className="queue-bar__count" data-testid="pending-count">
            {t("queue.pending", { count: queue.pending.length })}
          </span>
          <Button size="small" variant="secondary" loading={sending} disabled={sending} onClick={() => void sendNow()}>
            {t("queue.sendNow")}
          </Button>
        </div>
      )}
      {queue.failed.length > 0 && (
        <section className="queue-failed" role="alert" aria-labelledby="queue-failed-title">
          <h2 className="queue-failed__title" id="queue-failed-title">
            {t("queue.failedTitle")}
          </h2>
          <ul>
            {queue.failed.map((f) => (
              <li key={`${f.storeId}:${f.receiptNo}`}>
                <strong>{t("queue.failedItem", { receipt: f.receiptNo, amount: formatVnd(f.billVnd) })}</strong>
                <span>{t(errorKey(f.code as FailureCode))}</span>
              </li>
            ))}
          </ul>
          <Button size="small" variant="secondary" onClick={() => dismiss()}>
            {t("queue.dismiss")}
          </Button>
        </section>
      )}
    </>
  );
}

function VerifiedMember({ member }: { member: ScannedMember }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  return (
    <section className="verified" role="status" aria-labelledby="verified-title">
      <p className="verified__badge" id="verified-title">
        <CheckCircleIcon size={20} /> {t("staff.verified")}
      </p>
      <div className="verified__who">
        <MemberAvatar name={member.displayName} src={member.avatarUrl} size={48} />
        <div>
          <h2 className="verified__name">{member.displayName}</h2>
          <TierBadge tier={member.tier} tone="on-light" />
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t("card.memberNo")}</dt>
          <dd>{member.memberNo}</dd>
        </div>
        <div>
          <dt>{t("staff.phone")}</dt>
          <dd>{member.phoneMasked ?? t("staff.noPhone")}</dd>
        </div>
        <div>
          <dt>{t("card.points")}</dt>
          <dd>{formatNumber(member.pointsBalance)}</dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * "Tích điểm": the bill in whole đồng (digits only, grouped as typed), the receipt number (the
 * server's idempotency key per store, so a double tap or a retry never pays twice).
 */
function EarnForm({ scan, memberName, onOutcome }: { scan: MemberScan; memberName: string | null; onOutcome: (o: EarnOutcome) => void }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const store = useAtomValue(staffStoreAtom);
  const submitEarn = useSetAtom(submitEarnAtom);
  const [bill, setBill] = useState("");
  const [receipt, setReceipt] = useState("");
  const [errors, setErrors] = useState<{ bill?: MessageKey; receipt?: MessageKey }>({});
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The member was just verified: the next thing to do is type the bill, so bring the member
  // (the block just above) and the form up to the top of the screen.
  useEffect(() => {
    const target = form.current?.previousElementSibling ?? form.current;
    target?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!store || busy) return;
    const receiptNo = receipt.trim();
    const billVnd = Number(bill);
    const found: typeof errors = {};
    if (!bill || billVnd <= 0) found.bill = "earn.billMissing";
    if (!receiptNo) found.receipt = "earn.receiptMissing";
    else if (!isReceiptNo(receiptNo)) found.receipt = "earn.receiptInvalid";
    setErrors(found);
    setProblem(null);
    if (found.bill || found.receipt) return;
    setBusy(true);
    try {
      onOutcome(await submitEarn({ storeId: store.id, receiptNo, billVnd, scan, memberName }));
    } catch (err) {
      setProblem(errorKey(failureCode(err)));
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="earn-form" onSubmit={(e) => void submit(e)} aria-labelledby="earn-title" noValidate>
      <h2 className="earn-form__title" id="earn-title">
        {t("earn.heading")}
      </h2>
      <TextField
        label={t("earn.bill")}
        value={bill ? formatNumber(Number(bill)) : ""}
        onChange={(e) => setBill(e.target.value.replace(/\D/g, "").replace(/^0+/, "").slice(0, 12))}
        inputMode="numeric"
        autoComplete="off"
        enterKeyHint="next"
        placeholder="0"
        error={errors.bill ? t(errors.bill) : null}
        className="text-field--amount"
      />
      <TextField
        label={t("earn.receipt")}
        value={receipt}
        onChange={(e) => setReceipt(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={RECEIPT_NO_MAX_LENGTH}
        enterKeyHint="done"
        error={errors.receipt ? t(errors.receipt) : null}
      />
      {problem && <Notice tone="error">{t(problem)}</Notice>}
      <Button htmlType="submit" fullWidth size="large" loading={busy} disabled={busy || !store}>
        {t("earn.submit")}
      </Button>
    </form>
  );
}

function EarnDone({ response, onNext }: { response: EarnResponse; onNext: () => void }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  return (
    <section className="result result--success" role="status" aria-labelledby="earn-done-title">
      <CheckCircleIcon size={32} />
      <h2 className="result__title" id="earn-done-title" data-testid="earn-confirmation">
        {t("earn.done", { points: formatNumber(response.points), name: response.displayName })}
      </h2>
      <p className="result__line">{t("earn.newBalance", { points: formatNumber(response.balance) })}</p>
      {response.tierChanged && <p className="result__line result__line--strong">{t("earn.tierUp", { tier: t(`tier.${response.tier}`) })}</p>}
      {response.replayed && <p className="muted small">{t("earn.replayed")}</p>}
      <Button fullWidth variant="secondary" onClick={onNext}>
        {t("earn.next")}
      </Button>
    </section>
  );
}

function EarnQueued({ item, added, onNext }: { item: QueuedEarn; added: boolean; onNext: () => void }) {
  const t = useT();
  const formatVnd = useFormatVnd();
  const queue = useAtomValue(earnQueueAtom);
  const key = earnKey(item);
  // Once the network is back the queue sends it; say so rather than leave "saved" on screen.
  const sent = !queue.pending.some((p) => earnKey(p) === key) && !queue.failed.some((f) => earnKey(f) === key);
  return (
    <section className={`result ${sent ? "result--success" : "result--queued"}`} role="status" aria-labelledby="earn-queued-title">
      {sent ? <CheckCircleIcon size={32} /> : <UploadIcon size={32} />}
      <h2 className="result__title" id="earn-queued-title">
        {sent ? t("earn.queuedSent", { receipt: item.receiptNo }) : t("earn.queued")}
      </h2>
      <p className="result__line">{t("earn.queuedDetail", { receipt: item.receiptNo, amount: formatVnd(item.billVnd) })}</p>
      {!added && !sent && <p className="muted small">{t("earn.alreadyQueued", { receipt: item.receiptNo })}</p>}
      <Button fullWidth variant="secondary" onClick={onNext}>
        {t("earn.next")}
      </Button>
    </section>
  );
}

function VoucherUsed({ result, onDone }: { result: UseVoucherResponse; onDone: () => void }) {
  const t = useT();
  return (
    <section className="result result--success" role="status" aria-labelledby="voucher-used-title">
      <CheckCircleIcon size={32} />
      <h2 className="result__title" id="voucher-used-title" data-testid="voucher-use-result">
        {t("voucherUse.done", { reward: result.rewardName, member: result.memberName })}
      </h2>
      <p className="result__line result__code">{t("voucherUse.code", { code: result.code })}</p>
      <Button fullWidth variant="secondary" onClick={onDone}>
        {t("common.done")}
      </Button>
    </section>
  );
}
