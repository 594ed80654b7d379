import { describe, expect, it } from "vitest";
import { en } from "./en";
import { translate } from "./use-t";
import { vi } from "./vi";

describe("translations", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate(vi, "card.refreshIn", { seconds: 12 })).toBe("Mã mới sau 12 giây");
    expect(translate(en, "card.refreshIn", { seconds: 12 })).toBe("New code in 12s");
    expect(translate(vi, "card.refreshIn")).toBe("Mã mới sau {seconds} giây");
  });

  it("uses the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });
});
