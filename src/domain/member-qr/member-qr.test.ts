import { describe, expect, it } from "vitest";
import {
  hasMemberQrPrefix,
  memberQrCode,
  parseMemberQr,
  qrSecondsLeft,
  qrReplayKey,
  qrStep,
  verifyMemberQr,
  QR_STEP_SECONDS,
} from "./member-qr";

const memberId = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427";
const secret = "a".repeat(64);
const otherSecret = "b".repeat(64);
// A time exactly at the start of a step, so offsets below are easy to reason about.
const T0 = 1_790_000_010_000 - (1_790_000_010_000 % (QR_STEP_SECONDS * 1000));

function verifyAt(code: string, nowMillis: number, key = secret) {
  const parsed = parseMemberQr(code);
  if (!parsed) throw new Error("unparseable");
  return verifyMemberQr(parsed, key, nowMillis);
}

describe("member QR code", () => {
  it("verifies a code drawn at the same instant", () => {
    const code = memberQrCode(memberId, secret, T0 + 5_000);
    expect(verifyAt(code, T0 + 5_000)).toEqual({ ok: true, memberId, step: qrStep(T0) });
  });

  it("is deterministic per step and changes every step", () => {
    expect(memberQrCode(memberId, secret, T0)).toBe(memberQrCode(memberId, secret, T0 + 29_999));
    expect(memberQrCode(memberId, secret, T0)).not.toBe(memberQrCode(memberId, secret, T0 + 30_000));
  });

  it.each([-29_000, -15_000, 15_000, 29_000])("tolerates clock skew of %i ms between phone and server", (skew) => {
    for (let offset = 0; offset < 30_000; offset += 1_000) {
      const serverNow = T0 + offset;
      const code = memberQrCode(memberId, secret, serverNow + skew);
      expect(verifyAt(code, serverNow).ok).toBe(true);
    }
  });

  it("refuses a code older than one step (screenshot from two minutes ago)", () => {
    const code = memberQrCode(memberId, secret, T0);
    expect(verifyAt(code, T0 + 60_000)).toEqual({ ok: false, reason: "expired" });
    expect(verifyAt(code, T0 + 120_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("still accepts the previous step, the RFC 6238 one-step window", () => {
    const code = memberQrCode(memberId, secret, T0);
    expect(verifyAt(code, T0 + 59_999).ok).toBe(true);
  });

  it("refuses a code from the future beyond one step", () => {
    const code = memberQrCode(memberId, secret, T0 + 60_000);
    expect(verifyAt(code, T0)).toEqual({ ok: false, reason: "not_yet_valid" });
  });

  it("refuses a tampered code: changed member, step or MAC", () => {
    const code = memberQrCode(memberId, secret, T0);
    const [v, id, step, mac] = code.split(".");
    const otherMember = "2b4e28ba-2fa1-4d2e-883f-0016d3cca427";
    expect(verifyAt([v, otherMember, step, mac].join("."), T0)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyAt([v, id, String(Number(step) + 1), mac].join("."), T0)).toEqual({ ok: false, reason: "bad_signature" });
    const flipped = (mac![0] === "0" ? "1" : "0") + mac!.slice(1);
    expect(verifyAt([v, id, step, flipped].join("."), T0)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a code signed with another member's secret", () => {
    const code = memberQrCode(memberId, otherSecret, T0);
    expect(verifyAt(code, T0)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("checks the signature before the time, so forged codes never learn about expiry", () => {
    const forged = memberQrCode(memberId, otherSecret, T0);
    expect(verifyAt(forged, T0 + 10 * 60_000)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it.each([
    "",
    "hello",
    "LL2.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.1.aaaaaaaaaaaaaaaaaaaa",
    "LL1.not-a-uuid.1.aaaaaaaaaaaaaaaaaaaa",
    "LL1.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.-1.aaaaaaaaaaaaaaaaaaaa",
    "LL1.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.1.aaaa",
    "LL1.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.1.zzzzzzzzzzzzzzzzzzzz",
    "LL1.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.1.aaaaaaaaaaaaaaaaaaaa.extra",
  ])("rejects malformed input %j at parse time", (code) => {
    expect(parseMemberQr(code)).toBeNull();
  });

  it("counts down the seconds left in the current step", () => {
    expect(qrSecondsLeft(T0)).toBe(30);
    expect(qrSecondsLeft(T0 + 1_000)).toBe(29);
    expect(qrSecondsLeft(T0 + 29_500)).toBe(1);
  });

  it("gives a replayed code (same member, same step) the same burn key, and the next step a new one", () => {
    const first = verifyAt(memberQrCode(memberId, secret, T0 + 1_000), T0 + 2_000);
    const screenshot = verifyAt(memberQrCode(memberId, secret, T0 + 1_000), T0 + 40_000);
    const next = verifyAt(memberQrCode(memberId, secret, T0 + 31_000), T0 + 40_000);
    if (!first.ok || !screenshot.ok || !next.ok) throw new Error("expected valid codes");
    const burned = new Set([qrReplayKey(first)]);
    expect(burned.has(qrReplayKey(screenshot))).toBe(true);
    expect(burned.has(qrReplayKey(next))).toBe(false);
  });
});

describe("hasMemberQrPrefix", () => {
  it("routes a member code by its prefix, in any case, and not a voucher's", () => {
    expect(hasMemberQrPrefix(memberQrCode("8f14e45f-ceea-4e7a-9c5b-6f1d2f3b4c5d", "ab".repeat(32), 0))).toBe(true);
    expect(hasMemberQrPrefix("ll1.anything")).toBe(true);
    expect(hasMemberQrPrefix("LLV1.ABCD-EFGH-JKMN-PQRS")).toBe(false);
    expect(hasMemberQrPrefix("LL1")).toBe(false);
  });
});
