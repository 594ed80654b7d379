import { describe, expect, it } from "vitest";
import { checkValue, previewText, renderTemplate, validateTemplate, type ZnsTemplate } from "./zns-template";

const pointsUpdate: ZnsTemplate = {
  znsTemplateId: "7895417a7d3f9461cd2e",
  tag: "customer_care",
  preview: "Chào <ten_khach_hang>, bạn vừa được cộng <diem> điểm. Tổng điểm: <tong_diem>. Mã thành viên <ma_khach_hang>.",
  params: [
    { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
    { name: "diem", type: "number", source: { field: "points_earned" } },
    { name: "tong_diem", type: "number", source: { field: "points_balance" } },
    { name: "ma_khach_hang", type: "code", source: { field: "member_no" } },
  ],
};

describe("renderTemplate", () => {
  it("fills each parameter from its source, numbers as numbers", () => {
    const r = renderTemplate(pointsUpdate, { name: "Nguyễn Thị Lan", points_earned: 25, points_balance: 180, member_no: "00000012" });
    expect(r).toEqual({ ok: true, data: { ten_khach_hang: "Nguyễn Thị Lan", diem: 25, tong_diem: 180, ma_khach_hang: "00000012" } });
    expect(previewText(pointsUpdate, (r as { data: Record<string, string | number> }).data)).toBe(
      "Chào Nguyễn Thị Lan, bạn vừa được cộng 25 điểm. Tổng điểm: 180. Mã thành viên 00000012.",
    );
  });

  it("uses the fallback when the member has no value, and reports every problem at once", () => {
    expect(renderTemplate(pointsUpdate, { name: null, points_earned: 1, points_balance: 1, member_no: "1" })).toMatchObject({
      ok: true,
      data: { ten_khach_hang: "Quý khách" },
    });
    const r = renderTemplate(pointsUpdate, {
      name: "Nguyễn Thị Lan",
      points_earned: undefined,
      points_balance: 1.5 as number,
      member_no: "V".repeat(31),
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { code: "value_missing", field: "diem" },
        { code: "value_not_whole_number", field: "tong_diem" },
        // A code cut short would be a different code: too long fails, it is never shortened.
        { code: "value_too_long", field: "ma_khach_hang", params: { max: 30 } },
      ],
    });
  });

  it("shortens a name longer than ZNS allows for customer_name (30) instead of failing the message", () => {
    const name = "Tôn Nữ Hoàng Phương Thảo Nguyên Bảo Ngọc";
    const r = renderTemplate(pointsUpdate, { name, points_earned: 1, points_balance: 1, member_no: "00000012" });
    expect(r).toMatchObject({ ok: true, data: { ten_khach_hang: "Tôn Nữ Hoàng Phương Thảo" } });
  });

  it("shortens the other free-text types to their own ZNS length (product 100, address 80)", () => {
    const t: ZnsTemplate = {
      znsTemplateId: "1",
      tag: "promotion",
      preview: "<mon> tại <dia_chi>",
      params: [
        { name: "mon", type: "product", source: { field: "favourite_category" } },
        { name: "dia_chi", type: "address", source: { field: "preferred_store" } },
      ],
    };
    const r = renderTemplate(t, { favourite_category: "Cà phê ".repeat(30), preferred_store: "Đường ".repeat(30) });
    expect(r.ok).toBe(true);
    const data = (r as { data: Record<string, string> }).data;
    expect([...data.mon!].length).toBeLessThanOrEqual(100);
    expect([...data.dia_chi!].length).toBeLessThanOrEqual(80);
    expect(data.mon).toMatch(/^(Cà phê )+Cà( phê)?$/); // whole words
  });
});

describe("checkValue per ZNS type", () => {
  it.each([
    ["currency", "125000", true],
    ["currency", "125.000 ₫", false],
    ["currency", "0", false],
    ["time", "08:30 24/11/2026", true],
    ["time", "24/11/2026", true],
    ["time", "11/2026", true],
    ["time", "2026-11-24", false],
    ["url", "https://zalo.me/s/123/?v=1", true],
    ["url", "http://insecure.example", false],
    ["code", "V".repeat(30), true],
    ["code", "V".repeat(31), false],
    ["title", "Chị", true],
    ["title", "Quý khách", false],
    ["transfer_note", "THANH TOAN 123", true],
    ["transfer_note", "Thanh toán", false],
    ["otp", "123456", true],
    ["customer_name", "   ", false],
  ] as const)("%s %j → %s", (type, value, ok) => {
    expect(checkValue(type, value).ok).toBe(ok);
  });
});

describe("validateTemplate", () => {
  it("accepts a well-formed template", () => {
    expect(validateTemplate(pointsUpdate)).toEqual([]);
  });

  it("refuses ZBS-breaking names, duplicates, unshown parameters and bad fixed values", () => {
    const bad: ZnsTemplate = {
      ...pointsUpdate,
      preview: "Chào <ten_khach_hang>",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" } },
        { name: "Tên-khách", type: "customer_name", source: { field: "name" } },
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" } },
        { name: "han", type: "time", source: { fixed: "tomorrow" } },
      ],
    };
    expect(validateTemplate(bad)).toEqual([
      { code: "param_name_format", field: "params.1.name" },
      { code: "param_not_in_preview", field: "preview", params: { name: "Tên-khách" } },
      { code: "param_name_duplicate", field: "params.2.name", params: { name: "ten_khach_hang" } },
      { code: "value_time", field: "params.3.source.fixed" },
      { code: "param_not_in_preview", field: "preview", params: { name: "han" } },
    ]);
  });
});
