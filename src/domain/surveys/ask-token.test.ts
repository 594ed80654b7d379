import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { ASK_TOKEN_LENGTH, signAskToken, verifyAskToken } from "./ask-token";

const key = new TextEncoder().encode("test survey key");
const mac = (m: Uint8Array) => hmac(sha256, key, m);
const otherMac = (m: Uint8Array) => hmac(sha256, new TextEncoder().encode("another key"), m);
const ASK = "0b9a3c1e-5d2f-4a6b-8c7d-9e0f1a2b3c4d";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("short ask token", () => {
  it("is 47 characters, names the ask and round-trips", () => {
    const token = signAskToken(ASK, mac);
    expect(token).toHaveLength(ASK_TOKEN_LENGTH);
    expect(ASK_TOKEN_LENGTH).toBe(47);
    expect(token).toMatch(/^a\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(verifyAskToken(token, mac)).toEqual({ ok: true, askId: ASK });
    expect(verifyAskToken(signAskToken(ASK.toUpperCase(), mac), mac)).toEqual({ ok: true, askId: ASK });
  });

  it("any changed character is refused (tampered or malformed), never another ask", () => {
    const token = signAskToken(ASK, mac);
    for (let i = 0; i < token.length; i++) {
      for (const ch of ["a", "A", "0", "_", "."]) {
        if (token[i] === ch) continue;
        const bad = token.slice(0, i) + ch + token.slice(i + 1);
        const out = verifyAskToken(bad, mac);
        expect(out.ok, `${i}:${ch}`).toBe(false);
      }
      const flipped = ALPHABET[(ALPHABET.indexOf(token[i]!) + 1) % 64]!;
      if (token[i] !== ".") expect(verifyAskToken(token.slice(0, i) + flipped + token.slice(i + 1), mac).ok).toBe(false);
    }
  });

  it("another key's token is tampered; wrong lengths and shapes are malformed", () => {
    const token = signAskToken(ASK, mac);
    expect(verifyAskToken(signAskToken(ASK, otherMac), mac)).toEqual({ ok: false, reason: "tampered" });
    for (const bad of [
      "",
      "a.",
      token.slice(0, -1),
      `${token}A`,
      `${token}.`,
      token.replace("a.", "b."),
      `a.${token.slice(2, 24)}`,
      "x".repeat(47),
      "a." + "A".repeat(45),
    ])
      expect(verifyAskToken(bad, mac)).toMatchObject({ ok: false, reason: "malformed" });
    expect(() => signAskToken("not-a-uuid", mac)).toThrow();
  });
});
