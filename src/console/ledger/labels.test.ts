import { describe, expect, it } from "vitest";
import { ENTRY_KINDS, SYSTEM_REASONS } from "../../domain/loyalty/ledger";
import { KIND_KEYS, reasonText, SYSTEM_REASON_KEYS } from "./labels";
import { en } from "./strings/en";
import { vi } from "./strings/vi";

const DICTIONARIES = { vi, en } as Record<string, Record<string, string>>;

describe("console ledger labels", () => {
  it("every entry kind and every system reason of the domain has words in both languages", () => {
    for (const [locale, strings] of Object.entries(DICTIONARIES)) {
      for (const kind of ENTRY_KINDS) {
        const text = strings[KIND_KEYS[kind]];
        expect(text, `${locale} ${kind}`).toBeTruthy();
        expect(text).not.toBe(kind);
      }
      for (const reason of SYSTEM_REASONS) {
        const text = reasonText((key) => strings[key] ?? key, reason);
        expect(text, `${locale} ${reason}`).toBe(strings[SYSTEM_REASON_KEYS[reason]]);
        expect(text).toBeTruthy();
        expect(text).not.toMatch(/_/);
      }
    }
  });

  it("shows a manager's own reason as written", () => {
    expect(reasonText((key) => vi[key as keyof typeof vi], "Khách trả hàng")).toBe("Khách trả hàng");
  });
});
