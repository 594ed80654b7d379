import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, signSurveyToken, verifySurveyToken, type SurveyTokenPayload } from "./token";

const key = new TextEncoder().encode("test key of the server");
const mac = (m: Uint8Array) => hmac(sha256, key, m);
const otherMac = (m: Uint8Array) => hmac(sha256, new TextEncoder().encode("another key"), m);
const NOW = Date.parse("2026-03-01T10:00:00Z");
const payload: Omit<SurveyTokenPayload, "v"> = {
  id: "11111111-1111-4111-8111-111111111111",
  brandId: "22222222-2222-4222-8222-222222222222",
  memberId: "33333333-3333-4333-8333-333333333333",
  surveyId: "44444444-4444-4444-8444-444444444444",
  touchpoint: "post_purchase",
  storeId: "55555555-5555-4555-8555-555555555555",
  transactionRef: "HD-0001",
  expiresAt: NOW + 60_000,
};

describe("survey token", () => {
  it("round-trips everything it binds, URL-safe", () => {
    const token = signSurveyToken(payload, mac);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifySurveyToken(token, mac, NOW)).toEqual({ ok: true, payload: { v: 1, ...payload } });
    const storeLink = signSurveyToken({ ...payload, memberId: null, transactionRef: null }, mac);
    expect(verifySurveyToken(storeLink, mac, NOW)).toMatchObject({ ok: true, payload: { memberId: null, transactionRef: null } });
  });

  it("expired at expiresAt exactly, and says so only of an authentic token", () => {
    const token = signSurveyToken(payload, mac);
    expect(verifySurveyToken(token, mac, payload.expiresAt - 1).ok).toBe(true);
    expect(verifySurveyToken(token, mac, payload.expiresAt)).toMatchObject({
      ok: false,
      reason: "expired",
      payload: { surveyId: payload.surveyId },
    });
    expect(verifySurveyToken(signSurveyToken(payload, otherMac), mac, payload.expiresAt)).toEqual({ ok: false, reason: "tampered" });
  });

  it("a changed payload (another member, a later expiry) is tampered", () => {
    const token = signSurveyToken(payload, mac);
    const [, sig] = token.split(".") as [string, string];
    for (const change of [
      { memberId: "66666666-6666-4666-8666-666666666666" },
      { expiresAt: NOW + 10 ** 9 },
      { transactionRef: "HD-0002" },
    ]) {
      const forged = base64UrlEncode(new TextEncoder().encode(JSON.stringify({ v: 1, ...payload, ...change })));
      expect(verifySurveyToken(`${forged}.${sig}`, mac, NOW)).toEqual({ ok: false, reason: "tampered" });
    }
    expect(verifySurveyToken(signSurveyToken(payload, otherMac), mac, NOW)).toEqual({ ok: false, reason: "tampered" });
  });

  it("junk is malformed, never an exception", () => {
    for (const junk of ["", ".", "a.b.c", "abc", "====.====", "\u0000.\u0000", "é.é", "a".repeat(5000), "A.A"])
      expect(verifySurveyToken(junk, mac, NOW)).toMatchObject({ ok: false });
    // Signed by us but not our shape (a future version): malformed.
    const part = base64UrlEncode(new TextEncoder().encode(JSON.stringify({ v: 2 })));
    const sig = base64UrlEncode(mac(new TextEncoder().encode(`LLS1|${part}`)));
    expect(verifySurveyToken(`${part}.${sig}`, mac, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("property: any single-character change of a token is refused", () => {
    const token = signSurveyToken(payload, mac);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."ABCxyz019-_."), (i, ch) => {
        fc.pre(token[i] !== ch);
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        expect(verifySurveyToken(changed, mac, NOW).ok).toBe(false);
      }),
    );
  });

  it("property: base64url round-trips any bytes and has one spelling", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const text = base64UrlEncode(bytes);
        expect(Array.from(base64UrlDecode(text) ?? [-1])).toEqual(Array.from(bytes));
        expect(text).toBe(Buffer.from(bytes).toString("base64url"));
      }),
    );
    expect(base64UrlDecode("AB")).toBeNull(); // leftover bits set: not canonical
    expect(base64UrlDecode("AA")).toEqual(new Uint8Array([0]));
  });

  it("constant-time comparison still compares", () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([]), new Uint8Array([]))).toBe(true);
  });
});
