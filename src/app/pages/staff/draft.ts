import type { EarnResponse } from "../../../contract/loyalty";
import type { ScannedMember } from "../../../contract/members";
import { DEFAULT_EARN_RULE, parseBillInput, type BillInputProblem } from "../../../domain/loyalty/earn";
import { receiptKey } from "../../../domain/loyalty/receipt";
import { hasVoucherQrPrefix } from "../../../domain/loyalty/vouchers";
import { hasMemberQrPrefix } from "../../../domain/member-qr/member-qr";
import type { MessageKey } from "../../i18n/vi";
import type { QueuedEarn } from "../../state/earn-queue";
import { SCAN_TOKEN_USE_MS, type EarnOutcome, type MemberScan } from "../../state/staff";

/**
 * The staff page's state transitions, as pure functions: where a scanned code goes, what the
 * panel under the scan buttons shows after each answer, and the earn form's checks. The page
 * wires them to the scanner, the API atoms and the screen.
 */

/** Which scan button was pressed. */
export type Mode = "member" | "voucher";

export type Panel =
  | { kind: "error"; message: MessageKey }
  /** A verified member; `scan` also keeps the raw code, in case the award has to wait offline. */
  | { kind: "member"; member: ScannedMember; scan: MemberScan; foundBy?: "card_number" | "phone" }
  /** The server could not be reached to verify the code: points can still be queued. */
  | { kind: "offlineMember"; scan: MemberScan }
  | { kind: "earned"; response: EarnResponse; receiptNo: string }
  | { kind: "queued"; item: QueuedEarn; added: boolean }
  /** A voucher being looked at, then used (the panel is VoucherCheck); `seq` tells two scans of one code apart. */
  | { kind: "voucher"; code: string; storeId: string; seq: number }
  | null;

/**
 * A scanned code goes where its prefix says (LL1. member card, LLV1. voucher), whichever button
 * was pressed; a code with neither prefix (a voucher typed by hand) goes where the button said.
 */
export function destinationOf(code: string, asked: Mode): Mode {
  return hasVoucherQrPrefix(code) || (asked === "voucher" && !hasMemberQrPrefix(code)) ? "voucher" : "member";
}

/** A member the server verified at `now` (local ms): its scan token is used for a while. */
export function verifiedPanel(code: string, member: ScannedMember, now: number): Panel {
  return {
    kind: "member",
    member,
    scan: { code, capturedAt: member.scannedAt, scanToken: member.scanToken, tokenValidUntil: now + SCAN_TOKEN_USE_MS },
  };
}

/**
 * A member found by card number or phone (their QR would not scan). There is no code to fall
 * back on offline: past its scan token, the award is refused and they are looked up again.
 */
export function foundPanel(member: ScannedMember, by: "card_number" | "phone", now: number): Panel {
  const panel = verifiedPanel("", member, now);
  return panel?.kind === "member" ? { ...panel, foundBy: by } : panel;
}

/**
 * The server could not verify the code. A member code seen while offline can still earn (the
 * award waits in the queue with the moment it was scanned); anything else is an error.
 */
export function unverifiedPanel(code: string, failure: { network: boolean; message: MessageKey }, startedAt: number): Panel {
  if (failure.network && hasMemberQrPrefix(code)) {
    return { kind: "offlineMember", scan: { code, capturedAt: new Date(startedAt).toISOString(), scanToken: null, tokenValidUntil: null } };
  }
  return { kind: "error", message: failure.message };
}

export function outcomePanel(outcome: EarnOutcome): Panel {
  return outcome.kind === "earned"
    ? { kind: "earned", response: outcome.response, receiptNo: outcome.receiptNo }
    : { kind: "queued", item: outcome.item, added: outcome.added };
}

// ---- the earn form ----

/**
 * The most a bill may be at the counter. Brands keep the default (nothing in the console
 * changes it); the server checks the brand's own limit and says it (bill_too_large, params.max).
 */
export const COUNTER_MAX_BILL_VND = DEFAULT_EARN_RULE.maxBillVnd;

const BILL_MESSAGES: Record<BillInputProblem, MessageKey> = {
  bill_missing: "earn.billMissing",
  bill_not_number: "earn.billNotNumber",
  bill_not_whole: "earn.billNotWhole",
  bill_not_positive: "earn.billNotPositive",
  bill_too_large: "earn.billTooLarge",
};

/** A sentence and the values it needs (`max` is in đồng: the page formats it). */
export type FormMessage = { key: MessageKey; params?: Record<string, number> };
export type EarnFormErrors = { bill?: FormMessage; receipt?: MessageKey };

/**
 * The form's checks before anything is sent. The bill is read exactly as typed (parseBillInput:
 * `12.5`, `-5`, `1e12` are refused with the limit, never turned into another number); the
 * receipt number follows the server's rule, case and surrounding punctuation aside.
 */
export function checkEarnForm(bill: string, receiptNo: string): { errors: EarnFormErrors; billVnd: number | null } {
  const errors: EarnFormErrors = {};
  const read = parseBillInput(bill, COUNTER_MAX_BILL_VND);
  if (!read.ok) errors.bill = { key: BILL_MESSAGES[read.problem.code], params: { max: COUNTER_MAX_BILL_VND } };
  if (!receiptNo) errors.receipt = "earn.receiptMissing";
  else if (receiptKey(receiptNo) === null) errors.receipt = "earn.receiptInvalid";
  return { errors, billVnd: read.ok ? read.vnd : null };
}
