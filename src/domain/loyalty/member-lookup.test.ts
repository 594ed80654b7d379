import { describe, expect, it } from "vitest";
import { parseMemberLookup, phoneEndsWith } from "./member-lookup";

describe("parseMemberLookup", () => {
  it.each([
    ["Mã thành viên 00000025", { by: "card_number", memberSeq: 25 }],
    ["mã thành viên: 00000025", { by: "card_number", memberSeq: 25 }],
    ["00000025", { by: "card_number", memberSeq: 25 }],
    ["０００００００７", { by: "card_number", memberSeq: 7 }],
    ["Member no. 7", { by: "card_number", memberSeq: 7 }],
    // Part of a phone is not a phone: read as a card number, it still needs that card's phone digits.
    ["0912", { by: "card_number", memberSeq: 912 }],
    ["0912 345 678", { by: "phone", phone: "84912345678" }],
    ["+84 912 345 678", { by: "phone", phone: "84912345678" }],
  ])("reads %j", (typed, lookup) => {
    expect(parseMemberLookup(typed)).toEqual(lookup);
  });

  it.each(["", "00000000", "abc", "09123*", "LL1.x.y.z", "1234567890123"])("refuses %j", (typed) => {
    expect(parseMemberLookup(typed)).toBeNull();
  });
});

describe("phoneEndsWith", () => {
  it("matches the last three digits only", () => {
    expect(phoneEndsWith("84912345678", "678")).toBe(true);
    expect(phoneEndsWith("84912345678", "677")).toBe(false);
    expect(phoneEndsWith("84912345678", "")).toBe(false);
    expect(phoneEndsWith(null, "678")).toBe(false);
  });
});
