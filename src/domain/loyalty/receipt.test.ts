import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isReceiptNo } from "./earn";
import { receiptKey } from "./receipt";

describe("receiptKey", () => {
  it.each([
    ["HD-0001", "HD-0001"],
    ["hd-0001", "HD-0001"],
    [" HD-0001.", "HD-0001"],
    ["(hd-0001)", "HD-0001"],
    ["\u3000ＨＤ－０００１\u3000", "HD-0001"],
    ["ｈｄ／２０２６／７", "HD/2026/7"],
    ["#A1_b2.", "A1_B2"],
  ])("%j is the receipt %j", (typed, key) => {
    expect(receiptKey(typed)).toBe(key);
  });

  it("keeps separators inside the number: series stay apart", () => {
    expect(receiptKey("HD-0001")).not.toBe(receiptKey("HD/0001"));
    expect(receiptKey("HD-0001")).not.toBe(receiptKey("HD0001"));
  });

  it.each(["", " . ", "HD 0001", "HD-0001\u0000", "HD\u202E0001", "HD-\uD800", "Hóa-đơn-1", "HD;1", "x".repeat(41)])(
    "refuses %j",
    (typed) => {
      expect(receiptKey(typed)).toBeNull();
    },
  );

  it("is idempotent and every key it gives is a valid receipt number", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (typed) => {
        const key = receiptKey(typed);
        if (key === null) return;
        expect(isReceiptNo(key)).toBe(true);
        expect(receiptKey(key)).toBe(key);
      }),
    );
  });

  it("gives the same key whatever the case and surrounding punctuation", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,20}[A-Za-z0-9]$/),
        fc.constantFrom("", " ", ".", "  ,", "-"),
        (n, pad) => {
          expect(receiptKey(`${pad}${n.toLowerCase()}${pad}`)).toBe(receiptKey(n.toUpperCase()));
        },
      ),
    );
  });
});
