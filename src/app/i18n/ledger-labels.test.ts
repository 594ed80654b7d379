import { describe, expect, it } from "vitest";
import type { LedgerItem } from "../../contract/loyalty";
import { ENTRY_KINDS, SYSTEM_REASONS } from "../../domain/loyalty/ledger";
import { LOCALES } from "../../domain/locale/locale";
import { KIND_LABEL_KEYS, ledgerLabel, reasonText, SYSTEM_REASON_KEYS } from "./ledger-labels";
import { en } from "./en";
import { translate, type Dictionary, type Translate } from "./use-t";
import { vi as viDictionary } from "./vi";

const DICTIONARIES: Record<(typeof LOCALES)[number], Dictionary> = { vi: viDictionary, en };

const CODE_LIKE = /^[a-z]+(_[a-z]+)+$|^[a-z]+\.[a-z.]+/;

function item(over: Partial<LedgerItem>): LedgerItem {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    kind: "bonus",
    points: 50,
    balanceAfter: 50,
    occurredAt: "2026-11-23T04:00:00.000Z",
    storeName: null,
    receiptNo: null,
    billVnd: null,
    reason: null,
    memberReason: null,
    reversed: false,
    ...over,
  } as LedgerItem;
}

describe("ledger codes in plain words", () => {
  it("every entry kind and every system reason of the domain has its own label in both languages", () => {
    for (const locale of LOCALES) {
      const labels = new Set<string>();
      for (const code of [...ENTRY_KINDS, ...SYSTEM_REASONS]) {
        const key =
          code in KIND_LABEL_KEYS
            ? KIND_LABEL_KEYS[code as keyof typeof KIND_LABEL_KEYS]
            : SYSTEM_REASON_KEYS[code as keyof typeof SYSTEM_REASON_KEYS];
        expect(key, `${code} has no label`).toBeDefined();
        const text = translate(DICTIONARIES[locale], key);
        expect(text, `${locale} ${code}`).toBeTruthy();
        expect(text, `${locale} ${code}`).not.toMatch(CODE_LIKE);
        expect(text).not.toBe(code);
        labels.add(text);
      }
      // Distinct words: two codes never read the same.
      expect(labels.size).toBe(ENTRY_KINDS.length + SYSTEM_REASONS.length);
    }
  });

  it("never shows a system reason code, in any kind of entry, in either language", () => {
    for (const locale of LOCALES) {
      const t: Translate = (key, params) => translate(DICTIONARIES[locale], key, params);
      for (const kind of ENTRY_KINDS) {
        for (const reason of SYSTEM_REASONS) {
          const shown = `${ledgerLabel(t, item({ kind, reason }), locale)} ${reasonText(t, reason)}`;
          expect(shown, `${locale} ${kind} ${reason}`).not.toContain(reason);
        }
      }
    }
    const vi: Translate = (key, params) => translate(viDictionary, key, params);
    expect(ledgerLabel(vi, item({ kind: "adjust", reason: "account_erased" }), "vi")).toBe("Điều chỉnh: Xoá tài khoản");
    // Words a person wrote (a reward's name, a manager's note) are shown as written.
    expect(reasonText(vi, "Bánh croissant bơ")).toBe("Bánh croissant bơ");
  });
});
