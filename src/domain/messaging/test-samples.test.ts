import { describe, expect, it } from "vitest";
import { checkSamples, memberParamValues, readSample, suggestSample } from "./test-samples";
import type { ZnsTemplate } from "./zns-template";

const points: ZnsTemplate = {
  znsTemplateId: "301002",
  tag: "customer_care",
  preview: "<ten_khach_hang> ơi, bạn vừa được cộng <diem> điểm. Tổng điểm: <tong_diem>. <han>",
  params: [
    { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
    { name: "diem", type: "number", source: { field: "points_earned" } },
    { name: "tong_diem", type: "number", source: { field: "points_balance" } },
    { name: "han", type: "time", source: { fixed: "31/12/2026" } },
  ],
};

describe("test send samples", () => {
  it("suggests a valid sample per parameter, Vietnamese digit grouping for numbers", () => {
    expect(points.params.map(suggestSample)).toEqual(["Nguyễn Thị Lan", "45", "1.250", "31/03/2026"]);
  });

  it("reads Vietnamese digit grouping for numbers and amounts only", () => {
    expect(readSample("number", " 1.250 ")).toBe("1250");
    expect(readSample("currency", "125.000")).toBe("125000");
    expect(readSample("number", "1.5")).toBe("1.5"); // not a grouping: stays, and fails as a number
    expect(readSample("code", "1.250")).toBe("1.250");
  });

  it("checks samples against their parameter's type, and refuses names the template does not have", () => {
    expect(checkSamples(points, { diem: "1.250" })).toEqual({ ok: true, samples: { diem: "1250" } });
    expect(checkSamples(points, { diem: "nhiều", tong_diem: "1.5", khong_co: "x" })).toEqual({
      ok: false,
      problems: [
        { code: "value_not_whole_number", field: "diem" },
        { code: "value_not_whole_number", field: "tong_diem" },
        { code: "sample_not_a_param", field: "khong_co" },
      ],
    });
  });

  it("gives the member's own value of each parameter as it would go, or null when there is none", () => {
    const name = "Nguyễn Trần Bảo Ngọc Phương Anh Thư";
    expect(memberParamValues(points, { name, points_balance: 12 }).map((v) => v.value)).toEqual([
      "Nguyễn Trần Bảo Ngọc Phương",
      null,
      12,
      "31/12/2026",
    ]);
  });
});
