import { describe, expect, it } from "vitest";
import {
  callFailure,
  compareTemplates,
  SITE_VERIFICATION_PATTERN,
  siteVerificationHtml,
  suggestParamType,
  WEBHOOK_SILENCE_MS,
  webhookHealth,
  type ZaloTemplate,
} from "./zalo-link";

const zaloTemplate = (id: string, params: [string, number | null][], extra: Partial<ZaloTemplate> = {}): ZaloTemplate => ({
  templateId: id,
  name: `Mẫu ${id}`,
  status: "ENABLE",
  quality: "HIGH",
  params: params.map(([name, maxLength]) => ({ name, maxLength, required: true })),
  ...extra,
});

describe("webhook health", () => {
  const now = Date.parse("2026-12-06T10:00:00Z");
  it("needs no event while no OA is connected", () => {
    expect(webhookHealth(false, null, now)).toBe("not_needed");
  });
  it("is never when no event ever came, ok within a day, silent after", () => {
    expect(webhookHealth(true, null, now)).toBe("never");
    expect(webhookHealth(true, now - WEBHOOK_SILENCE_MS, now)).toBe("ok");
    expect(webhookHealth(true, now - WEBHOOK_SILENCE_MS - 1, now)).toBe("silent");
  });
});

describe("site verification", () => {
  it("accepts Zalo's codes and nothing that could leave the file name or the attribute", () => {
    expect(SITE_VERIFICATION_PATTERN.test("Ab12_cd-34EF5678")).toBe(true);
    for (const bad of ["short", 'abcdefgh"><script>', "abcdefgh/../x", "abcdefgh.html", "x".repeat(129), "abc defgh"])
      expect(SITE_VERIFICATION_PATTERN.test(bad)).toBe(false);
  });
  it("serves the meta tag with the code", () => {
    expect(siteVerificationHtml("Ab12_cd-34EF5678")).toContain('<meta name="zalo-platform-site-verification" content="Ab12_cd-34EF5678">');
  });
});

describe("a failed call as a check result", () => {
  it("tells a refused token from a missing permission and from an unreachable Zalo", () => {
    expect(callFailure("rejected", -124)).toBe("token_refused");
    expect(callFailure("rejected", -216)).toBe("token_refused");
    expect(callFailure("rejected", -224)).toBe("no_permission");
    expect(callFailure("rejected", undefined)).toBe("no_permission");
    expect(callFailure("unavailable", undefined)).toBe("unreachable");
  });
});

describe("template sync", () => {
  const ours = [
    { id: "r1", name: "Chào mừng", znsTemplateId: "100", params: [{ name: "customer_name", type: "customer_name" as const }] },
    {
      id: "r2",
      name: "Điểm",
      znsTemplateId: "200",
      params: [
        { name: "points", type: "number" as const },
        { name: "old_param", type: "label" as const },
      ],
    },
    { id: "r3", name: "Cũ", znsTemplateId: "300", params: [] },
  ];

  it("matches, differs (missing, unknown, length, disabled, low quality), new and missing at Zalo", () => {
    const items = compareTemplates(
      [
        zaloTemplate("100", [["customer_name", 30]]),
        zaloTemplate(
          "200",
          [
            ["points", 30],
            ["balance", 20],
          ],
          { status: "DISABLE", quality: "LOW" },
        ),
        zaloTemplate("400", [
          ["customer_name", 30],
          ["phone_number", 15],
          ["otp", 10],
          ["whatever", 80],
          ["odd", 7],
        ]),
      ],
      ours,
    );
    expect(items[0]).toMatchObject({ state: "matches", registeredId: "r1" });
    expect(items[1]).toMatchObject({ state: "differs", registeredId: "r2" });
    expect(items[1]!.state === "differs" && items[1]!.differences).toEqual([
      { code: "not_enabled" },
      { code: "quality_low" },
      { code: "param_length", param: "points", ours: 20, zalo: 30 },
      { code: "param_missing", param: "balance" },
      { code: "param_unknown", param: "old_param" },
    ]);
    expect(items[2]).toMatchObject({
      state: "new",
      suggested: [
        { name: "customer_name", type: "customer_name" },
        { name: "phone_number", type: "phone" },
        { name: "otp", type: "otp" },
        { name: "whatever", type: "address" },
        { name: "odd", type: "label" },
      ],
    });
    expect(items[3]).toEqual({ state: "missing_at_zalo", registeredId: "r3", registeredName: "Cũ", znsTemplateId: "300" });
  });

  it("a param with no length at Zalo is compared by name only", () => {
    const [item] = compareTemplates([zaloTemplate("100", [["customer_name", null]])], [ours[0]!]);
    expect(item!.state).toBe("matches");
  });

  it("a name hint only counts when its type has Zalo's length", () => {
    expect(suggestParamType("order_code", 30)).toBe("code");
    expect(suggestParamType("order_code", 100)).toBe("product");
    expect(suggestParamType("phone", null)).toBe("phone");
  });
});
