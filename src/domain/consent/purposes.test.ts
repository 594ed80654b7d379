import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONSENT_PURPOSES, consentAt, mayUse, purposeForZnsTag, PURPOSES, type ConsentEvent, type ConsentPurpose } from "./purposes";

const joined: ConsentEvent = { purpose: "membership", granted: true, at: 1_000, wordingVersion: "m1", channel: "mini_app" };
const ev = (purpose: ConsentPurpose, granted: boolean, at: number): ConsentEvent => ({
  purpose,
  granted,
  at,
  wordingVersion: "v1",
  channel: "mini_app",
});

describe("consentAt", () => {
  it("is not granted when nothing was ever decided: silence is never consent", () => {
    expect(consentAt([joined], "zns_promo", 5_000)).toEqual({ granted: false, since: null, wordingVersion: null });
  });

  it("is the last decision made at or before the moment asked about", () => {
    const history = [joined, ev("zns_promo", true, 2_000), ev("zns_promo", false, 3_000), ev("zns_promo", true, 4_000)];
    expect(consentAt(history, "zns_promo", 1_999).granted).toBe(false);
    expect(consentAt(history, "zns_promo", 2_000)).toEqual({ granted: true, since: 2_000, wordingVersion: "v1" });
    expect(consentAt(history, "zns_promo", 3_500)).toEqual({ granted: false, since: 3_000, wordingVersion: "v1" });
    expect(consentAt(history, "zns_promo", 9_999).granted).toBe(true);
  });

  it("equals the latest event at or before t, for any history (property)", () => {
    const event = fc.record({ purpose: fc.constantFrom(...CONSENT_PURPOSES), granted: fc.boolean(), at: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 30 }),
        fc.constantFrom(...CONSENT_PURPOSES),
        fc.integer({ min: 0, max: 100 }),
        (raw, purpose, t) => {
          // The ledger appends in time order.
          const history = [...raw].sort((a, b) => a.at - b.at).map((e) => ({ ...e, wordingVersion: "v", channel: "c" }));
          const expected = history.filter((e) => e.purpose === purpose && e.at <= t).pop();
          expect(consentAt(history, purpose, t).granted).toBe(expected?.granted ?? false);
        },
      ),
    );
  });
});

describe("mayUse: the one check before any message or use of data", () => {
  it("needs membership and the purpose granted at that moment", () => {
    const history = [joined, ev("zns_care", true, 2_000), ev("zns_care", false, 3_000)];
    expect(mayUse({ history, purpose: "zns_care", at: 2_500, erased: false })).toEqual({ ok: true });
    expect(mayUse({ history, purpose: "zns_care", at: 3_000, erased: false })).toEqual({ ok: false, reason: "withdrawn" });
    expect(mayUse({ history, purpose: "zns_promo", at: 2_500, erased: false })).toEqual({ ok: false, reason: "not_granted" });
    expect(mayUse({ history: [ev("zns_care", true, 2_000)], purpose: "zns_care", at: 2_500, erased: false })).toEqual({
      ok: false,
      reason: "not_a_member",
    });
  });

  it("refuses everything for an erased account, whatever the history says", () => {
    const history = [joined, ev("zns_care", true, 2_000)];
    for (const purpose of CONSENT_PURPOSES)
      expect(mayUse({ history, purpose, at: 9_000, erased: true })).toEqual({ ok: false, reason: "erased" });
  });

  it("maps ZNS template tags to the purpose they need", () => {
    expect(purposeForZnsTag("promotion")).toBe("zns_promo");
    expect(purposeForZnsTag("transaction")).toBe("zns_care");
    expect(purposeForZnsTag("customer_care")).toBe("zns_care");
  });
});

describe("purpose wording", () => {
  it("has plain wording in both languages, a version, and only membership required", () => {
    for (const p of CONSENT_PURPOSES) {
      const def = PURPOSES[p];
      expect(def.vi.title.length).toBeGreaterThan(3);
      expect(def.en.body.length).toBeGreaterThan(10);
      expect(def.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(def.required).toBe(p === "membership");
    }
  });
});
