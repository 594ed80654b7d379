import { describe, expect, it } from "vitest";
import { earnResponse, scannedMember } from "../../test-utils/fixtures";
import type { QueuedEarn } from "../../state/earn-queue";
import { SCAN_TOKEN_USE_MS } from "../../state/staff";
import { checkEarnForm, destinationOf, outcomePanel, unverifiedPanel, verifiedPanel } from "./draft";

const MEMBER_CODE = "LL1.8f14e45f-ceea-4e7a-9c5b-6f1d2f3b4c5d.58000000.0123456789abcdef0123";
const AT = Date.UTC(2026, 10, 23, 7, 0);

describe("where a scanned code goes", () => {
  it("follows the code's prefix whichever button was pressed", () => {
    expect(destinationOf(MEMBER_CODE, "voucher")).toBe("member");
    expect(destinationOf("LLV1.ABCD-EFGH-JKMN-PQRS", "member")).toBe("voucher");
    expect(destinationOf("llv1.abcd-efgh-jkmn-pqrs", "member")).toBe("voucher");
  });

  it("follows the button for a code with no prefix (a voucher typed by hand)", () => {
    expect(destinationOf("ABCD-EFGH-JKMN-PQRS", "voucher")).toBe("voucher");
    expect(destinationOf("ABCD-EFGH-JKMN-PQRS", "member")).toBe("member");
  });
});

describe("the panel after a scan", () => {
  it("keeps a verified member's scan token for a while", () => {
    const member = scannedMember();
    expect(verifiedPanel(MEMBER_CODE, member, AT)).toEqual({
      kind: "member",
      member,
      scan: { code: MEMBER_CODE, capturedAt: member.scannedAt, scanToken: member.scanToken, tokenValidUntil: AT + SCAN_TOKEN_USE_MS },
    });
  });

  it("lets a member code seen offline still earn, stamped when it was scanned", () => {
    expect(unverifiedPanel(MEMBER_CODE, { network: true, message: "error.network" }, AT)).toEqual({
      kind: "offlineMember",
      scan: { code: MEMBER_CODE, capturedAt: new Date(AT).toISOString(), scanToken: null, tokenValidUntil: null },
    });
  });

  it("shows the error for a refused code, and for anything not a member code while offline", () => {
    expect(unverifiedPanel(MEMBER_CODE, { network: false, message: "error.qr_expired" }, AT)).toEqual({
      kind: "error",
      message: "error.qr_expired",
    });
    expect(unverifiedPanel("hello", { network: true, message: "error.network" }, AT)).toEqual({ kind: "error", message: "error.network" });
  });

  it("shows an award as earned or queued", () => {
    const response = earnResponse();
    expect(outcomePanel({ kind: "earned", response, receiptNo: "HD-1" })).toEqual({ kind: "earned", response, receiptNo: "HD-1" });
    const queuedAt = new Date(AT).toISOString();
    const item: QueuedEarn = {
      staffId: "staff",
      storeId: "store",
      receiptNo: "HD-1",
      billVnd: 250_000,
      member: { code: MEMBER_CODE, capturedAt: queuedAt },
      scanToken: null,
      memberName: null,
      queuedAt,
    };
    expect(outcomePanel({ kind: "queued", item, added: false })).toEqual({ kind: "queued", item, added: false });
  });
});

describe("the earn form", () => {
  const max = { max: 100_000_000 };
  it("reads the bill exactly as typed: whole đồng, grouped or not", () => {
    expect(checkEarnForm("1.250.000", "HD-1")).toEqual({ errors: {}, billVnd: 1_250_000 });
    expect(checkEarnForm("85000", "hd-1.")).toEqual({ errors: {}, billVnd: 85_000 });
  });

  it.each([
    ["12.5", "earn.billNotWhole"],
    ["-5", "earn.billNotPositive"],
    ["1e12", "earn.billNotNumber"],
    ["1000000000000", "earn.billTooLarge"],
    ["", "earn.billMissing"],
  ])("refuses the bill %j with the limit, never another number", (bill, key) => {
    expect(checkEarnForm(bill, "HD-1")).toEqual({ errors: { bill: { key, params: max } }, billVnd: null });
  });

  it("asks for a receipt number the server accepts", () => {
    expect(checkEarnForm("250000", "").errors).toEqual({ receipt: "earn.receiptMissing" });
    expect(checkEarnForm("250000", "HD 1").errors).toEqual({ receipt: "earn.receiptInvalid" });
    expect(checkEarnForm("250000", "A".repeat(41)).errors).toEqual({ receipt: "earn.receiptInvalid" });
    expect(checkEarnForm("250000", "ＨＤ－１").errors).toEqual({});
  });
});
