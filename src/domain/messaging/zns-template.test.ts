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
    expect(r).toEqual({
      ok: true,
      data: { ten_khach_hang: "Nguyễn Thị Lan", diem: 25, tong_diem: 180, ma_khach_hang: "00000012" },
      notes: [],
    });
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

  // Issue 11 item 7: a 35-character Zalo name must not stop the welcome, and the message must
  // say what was done to it.
  it("sends a 35-character Zalo name shortened, and notes that it was shortened", () => {
    const name = "Nguyễn Trần Bảo Ngọc Phương Anh Thư"; // 35 characters
    expect([...name]).toHaveLength(35);
    const r = renderTemplate(pointsUpdate, { name, points_earned: 1, points_balance: 1, member_no: "00000012" });
    expect(r).toEqual({
      ok: true,
      data: { ten_khach_hang: "Nguyễn Trần Bảo Ngọc Phương", diem: 1, tong_diem: 1, ma_khach_hang: "00000012" },
      notes: [{ code: "param_shortened", field: "ten_khach_hang", params: { max: 30 } }],
    });
  });

  it("notes nothing for a name that only needed composing or trimming", () => {
    const r = renderTemplate(pointsUpdate, { name: "  Nguye\u0302\u0303n Lan ", points_earned: 1, points_balance: 1, member_no: "1" });
    expect(r).toMatchObject({ ok: true, data: { ten_khach_hang: "Nguyễn Lan" }, notes: [] });
  });

  it("sends the fallback instead of a value its type cannot take (never cut), and notes why", () => {
    const t: ZnsTemplate = {
      znsTemplateId: "1",
      tag: "customer_care",
      preview: "<xung_ho> <ma> <han> <diem>",
      params: [
        // title is 5 characters and never cut: "Quý khách" would fail the message.
        { name: "xung_ho", type: "title", source: { field: "tier" }, fallback: "Bạn" },
        { name: "ma", type: "code", source: { field: "member_no" }, fallback: "Xem trong app" },
        { name: "han", type: "time", source: { field: "expiring_date" }, fallback: "12/2026" },
        { name: "diem", type: "number", source: { field: "points_earned" } },
      ],
    };
    const r = renderTemplate(t, { tier: "Quý khách", member_no: "V".repeat(31), expiring_date: "sắp tới", points_earned: 5 });
    expect(r).toEqual({
      ok: true,
      data: { xung_ho: "Bạn", ma: "Xem trong app", han: "12/2026", diem: 5 },
      notes: [
        { code: "param_fallback", field: "xung_ho", params: { reason: "value_too_long", max: 5 } },
        { code: "param_fallback", field: "ma", params: { reason: "value_too_long", max: 30 } },
        { code: "param_fallback", field: "han", params: { reason: "value_time" } },
      ],
    });
    // Without a fallback the value still fails the message: nothing is invented.
    expect(renderTemplate(t, { tier: "Bạn", member_no: "1", expiring_date: "12/2026", points_earned: 1.5 })).toEqual({
      ok: false,
      problems: [{ code: "value_not_whole_number", field: "diem" }],
    });
  });

  it("fills a parameter the member has no value for from a test send's sample, before its fallback", () => {
    const r = renderTemplate(pointsUpdate, { name: null, points_balance: 10, member_no: "1" }, { diem: "1250", ten_khach_hang: "Lan" });
    expect(r).toMatchObject({ ok: true, data: { ten_khach_hang: "Lan", diem: 1250 } });
    // A sample never replaces the member's own value.
    const own = renderTemplate(pointsUpdate, { name: "Thu", points_earned: 3, points_balance: 10, member_no: "1" }, { diem: "9" });
    expect(own).toMatchObject({ ok: true, data: { ten_khach_hang: "Thu", diem: 3 } });
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

describe("validateTemplate: service rating templates and the survey triggers", () => {
  const rating: ZnsTemplate & { trigger: null } = {
    znsTemplateId: "9a1b2c3d4e",
    tag: "customer_care",
    kind: "rating",
    preview: "Cảm ơn <ten_khach_hang> (đơn <ma_don>). Bạn hài lòng chứ?",
    params: [
      { name: "ten_khach_hang", type: "customer_name", source: { field: "name" } },
      { name: "ma_don", type: "code", source: { field: "transaction_code" } },
    ],
    trigger: null,
  };
  const codes = (t: Parameters<typeof validateTemplate>[0]) => validateTemplate(t).map((p) => [p.code, p.field]);

  it("accepts a customer-care rating template naming the customer and the purchase, alone or for survey_rating", () => {
    expect(codes(rating)).toEqual([]);
    expect(codes({ ...rating, trigger: "survey_rating" })).toEqual([]);
  });

  it("refuses a rating template of another tag, without the customer's name or a code, or for another trigger", () => {
    expect(codes({ ...rating, tag: "transaction" })).toEqual([["care_tag_required", "tag"]]);
    expect(codes({ ...rating, params: rating.params.slice(1), preview: "Đơn <ma_don>." })).toEqual([["rating_identifiers", "params"]]);
    expect(codes({ ...rating, trigger: "welcome" })).toEqual([["rating_trigger", "trigger"]]);
  });

  it("survey_rating needs a rating template; survey_link a customer-care one with the survey's link as a URL parameter", () => {
    expect(codes({ ...rating, kind: "custom", trigger: "survey_rating" })).toEqual([["trigger_needs_rating", "trigger"]]);
    // A template without a kind is a custom one, as every template registered before kinds existed.
    const { kind: _kind, ...custom } = rating;
    expect(codes({ ...custom, trigger: "survey_link" })).toEqual([["survey_link_param", "trigger"]]);
    const link = {
      ...custom,
      preview: `${custom.preview} <link>`,
      params: [...custom.params, { name: "link", type: "url" as const, source: { field: "survey_link" as const } }],
    };
    expect(codes({ ...link, trigger: "survey_link" })).toEqual([]);
    expect(codes({ ...link, tag: "promotion", trigger: "survey_link" })).toEqual([["care_tag_required", "tag"]]);
    // Without a survey trigger, a custom template keeps its old rules.
    expect(codes({ ...custom, tag: "promotion", params: custom.params.slice(1), preview: "Đơn <ma_don>." })).toEqual([]);
  });
});
