import { describe, expect, it } from "vitest";
import { audienceFunnel, expectedControl } from "./funnel";
import { mappingProblems, withOverrides } from "./mapping";
import type { ZnsTemplate } from "../messaging/zns-template";

describe("the audience funnel", () => {
  it("turns stage counts into steps with what each lost, and the cost of the recipients", () => {
    const f = audienceFunnel({ matched: 1_000, consent: 700, phone: 650, caps: 600, not_control: 540, quota: 540 }, 300);
    expect(f.steps).toEqual([
      { step: "matched", count: 1_000, lost: 0 },
      { step: "consent", count: 700, lost: 300 },
      { step: "phone", count: 650, lost: 50 },
      { step: "caps", count: 600, lost: 50 },
      { step: "not_control", count: 540, lost: 60 },
      { step: "quota", count: 540, lost: 0 },
    ]);
    expect(f).toMatchObject({ recipients: 540, estimatedCostVnd: 162_000 });
  });

  it("never grows from one step to the next (counts taken a moment apart)", () => {
    const f = audienceFunnel({ matched: 10, consent: 12, phone: 11, caps: 3, not_control: 5, quota: -1 }, 200);
    expect(f.steps.map((s) => s.count)).toEqual([10, 10, 10, 3, 3, 0]);
    expect(f.estimatedCostVnd).toBe(0);
  });

  it("expects the control group's share of the eligible members", () => {
    expect(expectedControl(600, 10)).toBe(60);
    expect(expectedControl(5, 10)).toBe(1);
  });
});

describe("an arm's parameter mapping", () => {
  const template: ZnsTemplate = {
    znsTemplateId: "123",
    tag: "promotion",
    preview: "Chào <ten>, <uu_dai>",
    params: [
      { name: "ten", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
      { name: "uu_dai", type: "label", source: { fixed: "Giảm 10%" } },
    ],
  };

  it("overrides a parameter's source and fallback, keeping its type", () => {
    const t = withOverrides(template, [{ name: "uu_dai", source: { field: "tier" }, fallback: "Thành viên" }]);
    expect(t.params[1]).toEqual({ name: "uu_dai", type: "label", source: { field: "tier" }, fallback: "Thành viên" });
    expect(t.params[0]).toBe(template.params[0]);
    expect(withOverrides(template, [{ name: "ten", source: { fixed: "Bạn" } }]).params[0]).toEqual({
      name: "ten",
      type: "customer_name",
      source: { fixed: "Bạn" },
    });
  });

  it("reports unknown parameters, event-only fields and values their type cannot take, by path", () => {
    expect(
      mappingProblems(template, [
        { name: "nope", source: { field: "name" } },
        { name: "ten", source: { field: "survey_link" } },
        { name: "uu_dai", source: { fixed: "x".repeat(31) } },
        { name: "uu_dai", source: { field: "tier" }, fallback: "" },
      ]),
    ).toEqual([
      { code: "param_unknown", field: "params.0.name", params: { name: "nope" } },
      { code: "survey_field", field: "params.1.source.field", params: { field: "survey_link" } },
      { code: "value_too_long", field: "params.2.source.fixed", params: { max: 30 } },
      { code: "param_duplicate", field: "params.3.name", params: { name: "uu_dai" } },
      { code: "value_empty", field: "params.3.fallback" },
    ]);
  });
});
