import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkVoucherUse,
  hasVoucherQrPrefix,
  normalizeVoucherCode,
  VOUCHER_QR_PREFIX,
  voucherCode,
  voucherQrPayload,
  type VoucherState,
} from "./vouchers";

const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array<number>(Math.max(0, 10 - b.length)).fill(0)]);
const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** Test-only decoder, to show that codes carry the 80 bits unchanged (so distinct bytes never collide). */
function decode(code: string): number[] {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let bits = "";
  for (const c of code.replace(/-/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  return bits.match(/.{8}/g)!.map((b) => parseInt(b, 2));
}

describe("voucherCode", () => {
  it("encodes 80 bits big-endian in Crockford base32, grouped by four", () => {
    expect(voucherCode(bytes())).toBe("0000-0000-0000-0000");
    expect(voucherCode(new Uint8Array(10).fill(0xff))).toBe("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    expect(voucherCode(bytes(0x08))).toBe("1000-0000-0000-0000"); // 00001|000…
    expect(voucherCode(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1f))).toBe("0000-0000-0000-000Z");
    // Expected value from Python's RFC 4648 base32 ("JJPTZAIA32W3532C") mapped onto Crockford's alphabet.
    expect(voucherCode(Uint8Array.from([0x4a, 0x5f, 0x3c, 0x81, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x42]))).toBe("99FK-S080-VTPV-XVT2");
  });

  it("needs at least 10 random bytes and uses only the first 10", () => {
    expect(() => voucherCode(new Uint8Array(9))).toThrow(RangeError);
    expect(voucherCode(Uint8Array.from([...bytes(0x08), 0xff, 0xff]))).toBe("1000-0000-0000-0000");
  });

  it("round-trips any 10 bytes and only ever uses the Crockford alphabet (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (random) => {
        const code = voucherCode(random);
        expect(code).toMatch(CODE_RE);
        expect(decode(code)).toEqual([...random]);
        expect(normalizeVoucherCode(code)).toBe(code);
        expect(normalizeVoucherCode(voucherQrPayload(code))).toBe(code);
        expect(normalizeVoucherCode(` ${code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l")} `)).toBe(code);
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalizeVoucherCode", () => {
  const code = "7K3M-9PQR-0ST1-VWXY";

  it.each([
    ["canonical", "7K3M-9PQR-0ST1-VWXY"],
    ["lowercase", "7k3m-9pqr-0st1-vwxy"],
    ["no separators", "7K3M9PQR0ST1VWXY"],
    ["spaces from a cashier", "  7K3M 9PQR 0ST1 VWXY "],
    ["mixed separators", "7k3m - 9pqr-0st1 vwxy"],
    ["QR payload", "LLV1.7K3M-9PQR-0ST1-VWXY"],
    ["QR payload, lowercase, no hyphens", "llv1.7k3m9pqr0st1vwxy"],
    ["O typed for 0, I and L typed for 1", "7K3M-9PQR-OSTI-VWXY"],
    ["l typed for 1", "7K3M-9PQR-0STl-VWXY"],
  ])("accepts %s", (_label, input) => {
    expect(normalizeVoucherCode(input)).toBe(code);
  });

  it.each([
    ["U, which Crockford leaves out", "7K3M-9PQR-0ST1-VWXU"],
    ["too short", "7K3M-9PQR-0ST1-VWX"],
    ["too long", "7K3M-9PQR-0ST1-VWXYZ"],
    ["punctuation", "7K3M-9PQR-0ST1-VWX*"],
    ["Vietnamese letters", "7K3M-9PQR-0ST1-VWXĐ"],
    ["empty", ""],
    ["a member card QR", "LL1.1b4e28ba-2fa1-4d2e-883f-0016d3cca427.59666667.0123456789abcdef0123"],
    ["another prefix", "LLV2.7K3M-9PQR-0ST1-VWXY"],
  ])("refuses %s", (_label, input) => {
    expect(normalizeVoucherCode(input)).toBeNull();
  });
});

describe("voucherQrPayload", () => {
  it("prefixes the canonical code so the staff scanner can tell vouchers from member cards", () => {
    expect(VOUCHER_QR_PREFIX).toBe("LLV1.");
    expect(voucherQrPayload("7K3M-9PQR-0ST1-VWXY")).toBe("LLV1.7K3M-9PQR-0ST1-VWXY");
    expect(voucherQrPayload("7k3m9pqr0st1vwxy")).toBe("LLV1.7K3M-9PQR-0ST1-VWXY");
    expect(() => voucherQrPayload("not a code")).toThrow(RangeError);
  });
});

describe("checkVoucherUse", () => {
  const expiresAt = Date.UTC(2025, 5, 30, 23 - 7, 59, 59, 999);
  const v = (over: Partial<VoucherState> = {}): VoucherState => ({ brandId: "highlands", status: "issued", expiresAt, ...over });

  it("accepts an issued voucher of this brand until its expiry instant", () => {
    expect(checkVoucherUse(v(), "highlands", expiresAt - 1)).toEqual({ ok: true });
    expect(checkVoucherUse(v(), "highlands", expiresAt)).toEqual({ ok: false, reason: "expired" });
  });

  it("says wrong_brand before anything else, revealing nothing about another brand's voucher", () => {
    for (const status of ["issued", "used", "void"] as const) {
      expect(checkVoucherUse(v({ status }), "phuc-long", expiresAt + 1)).toEqual({ ok: false, reason: "wrong_brand" });
    }
  });

  it("then checks used, then void, then expired", () => {
    expect(checkVoucherUse(v({ status: "used" }), "highlands", expiresAt + 1)).toEqual({ ok: false, reason: "used" });
    expect(checkVoucherUse(v({ status: "void" }), "highlands", expiresAt + 1)).toEqual({ ok: false, reason: "void" });
    expect(checkVoucherUse(v(), "highlands", expiresAt + 1)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("hasVoucherQrPrefix", () => {
  it("routes a voucher's QR by its prefix, in any case, and nothing else", () => {
    expect(hasVoucherQrPrefix(voucherQrPayload("ABCD-EFGH-JKMN-PQRS"))).toBe(true);
    expect(hasVoucherQrPrefix("llv1.abcd")).toBe(true);
    expect(hasVoucherQrPrefix("LL1.9b2c")).toBe(false);
    expect(hasVoucherQrPrefix("ABCD-EFGH-JKMN-PQRS")).toBe(false);
  });
});
