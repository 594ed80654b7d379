import { describe, expect, it } from "vitest";
import { checkValue, renderTemplate, validateTemplate, ZNS_PARAM_TYPES, type ZnsParamType } from "../../domain/messaging/zns-template";
import { translate } from "../i18n";
import "./strings/load";
import { messagingTemplates } from "../test-support/fixtures";
import { readLogQuery, writeLogQuery } from "./log-query";
import { errorText, renderProblems, templateProblemText, valueProblemText } from "./problem-text";
import { draftFromTemplate, draftProblems, keyTemplateProblems, newParam, previewParts, templateFromDraft, type TemplateDraft } from "./template-draft";

const vi = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate("vi", key, params);

function draft(overrides: Partial<TemplateDraft> = {}): TemplateDraft {
  return { ...draftFromTemplate(null), name: "Sinh nhật", znsTemplateId: "301009", preview: "Chúc mừng <ten>!", params: [{ ...newParam(), name: "ten" }], ...overrides };
}

describe("template draft", () => {
  it("round-trips a registered template unchanged", () => {
    for (const t of messagingTemplates()) {
      const { id: _id, createdAt: _c, counts: _n, ...input } = t;
      expect(templateFromDraft(draftFromTemplate(t))).toEqual(input);
    }
  });

  it("trims, leaves out an empty fallback and a fixed value's fallback", () => {
    const d = draft({
      name: "  Sinh nhật ",
      znsTemplateId: " 301009 ",
      params: [
        { ...newParam(), name: " ten ", fallback: "  " },
        { ...newParam(), name: "qua", type: "product", source: "fixed", fixed: " Bánh ", fallback: "ignored" },
      ],
    });
    expect(templateFromDraft(d)).toMatchObject({
      name: "Sinh nhật",
      znsTemplateId: "301009",
      params: [
        { name: "ten", type: "customer_name", source: { field: "name" } },
        { name: "qua", type: "product", source: { fixed: "Bánh" } },
      ],
    });
    expect(templateFromDraft(d).params[0]).not.toHaveProperty("fallback");
    expect(templateFromDraft(d).params[1]).not.toHaveProperty("fallback");
  });

  it("ties problems to the parameter they are about, a copy's name to the copy only", () => {
    const d = draft({ preview: "<ten>", params: [{ ...newParam(), name: "ten" }, { ...newParam(), name: "ten", source: "fixed", fixed: "" }] });
    const problems = draftProblems(d, []);
    const [first, second] = d.params;
    expect(problems.filter((p) => p.param === first!.key)).toEqual([]);
    expect(problems.filter((p) => p.param === second!.key).map((p) => [p.field, p.message])).toEqual([
      ["name", "used twice"],
      ["fixed", "fixed value: empty"],
    ]);
    // The server's issues use the same keys: a template-level one lands on its field.
    expect(keyTemplateProblems([{ param: "(template)", message: "between 1 and 20 parameters" }, { param: "gone", message: "x" }], d)).toEqual([
      { param: null, field: "params", message: "between 1 and 20 parameters" },
      { param: null, field: "general", message: "gone: x" },
    ]);
  });

  it("previews example values, and keeps unknown or empty parameters visible", () => {
    const d = draft({ preview: "Chào <ten>, <qua> ở <la>.", params: [{ ...newParam(), name: "ten" }, { ...newParam(), name: "qua", source: "fixed", fixed: "" }] });
    expect(previewParts(d)).toEqual([
      { kind: "text", text: "Chào " },
      { kind: "param", name: "ten", value: "Nguyễn Thị Lan", known: true },
      { kind: "text", text: ", " },
      { kind: "param", name: "qua", value: null, known: true },
      { kind: "text", text: " ở " },
      { kind: "param", name: "la", value: null, known: false },
      { kind: "text", text: "." },
    ]);
  });
});

describe("messaging text", () => {
  it("has a Vietnamese sentence for every problem the domain words", () => {
    const types = Object.keys(ZNS_PARAM_TYPES) as ZnsParamType[];
    const values = types.flatMap((type) => ["", "x".repeat(300), "a b!", "0", "+8491234567"].map((raw) => checkValue(type, raw)));
    const valueMessages = new Set(values.flatMap((v) => (v.ok ? [] : [v.message])));
    expect(valueMessages.size).toBeGreaterThanOrEqual(9);
    const rendered = renderTemplate({ znsTemplateId: "1", tag: "promotion", preview: "<a>", params: [{ name: "a", type: "code", source: { field: "voucher_code" } }] }, {});
    if (rendered.ok) throw new Error("expected a render problem");
    for (const m of [...valueMessages, ...rendered.problems.map((p) => p.message)]) expect(valueProblemText(m, vi), m).not.toBe(m);

    const broken = validateTemplate({
      znsTemplateId: "bad id",
      tag: "promotion",
      preview: "x".repeat(1001),
      params: [
        { name: "Bad", type: "code", source: { fixed: "" }, fallback: "y".repeat(40) },
        { name: "ok", type: "nope" as ZnsParamType, source: { field: "name" } },
        { name: "ok", type: "code", source: { field: "name" } },
      ],
    });
    const none = validateTemplate({ znsTemplateId: "1", tag: "promotion", preview: "x", params: [] });
    const messages = new Set([...broken, ...none].map((p) => p.message.replace(/<[^>]*>/, "<x>").replace(/type \w+/, "type x")));
    expect(messages.size).toBeGreaterThanOrEqual(9);
    for (const p of [...broken, ...none]) expect(templateProblemText(p.message, vi), p.message).not.toBe(p.message);
    expect(templateProblemText("fallback: longer than 30 characters", vi)).toBe("Giá trị dự phòng: dài hơn 30 ký tự.");
    expect(templateProblemText("Something new", vi)).toBe("Something new");
  });

  it("says the queue's error codes in words, and leaves unknown codes to be shown as they are", () => {
    expect(errorText("zns_-118", vi)).toBe("Số điện thoại chưa có tài khoản Zalo.");
    expect(errorText("consent_withdrawn", vi)).toBe("Thành viên đã rút lại đồng ý nhận loại tin này.");
    expect(errorText("quiet_hours", vi)).toBe("Giờ nghỉ (21:00–08:00): tin khuyến mãi chờ đến 08:00.");
    expect(errorText("daily_cap", vi)).toBe("Thành viên đã nhận đủ 1 tin khuyến mãi hôm nay; gửi vào ngày mai.");
    expect(errorText("zns_-103", vi)).toBe("Cấu hình ứng dụng Zalo hoặc OA chưa đúng (lỗi -103).");
    expect(errorText("zns_-999", vi)).toBe("Zalo trả lỗi -999.");
    expect(errorText("http_503 (gave up after 5 attempts)", vi)).toBe("Máy chủ Zalo gặp lỗi (HTTP 503); sẽ thử lại. Đã dừng sau 5 lần thử.");
    expect(errorText("no_answer:timeout", vi)).toBe("Zalo không trả lời kịp: có thể đã nhận tin, đang chờ xác nhận.");
    expect(errorText("render: ma_voucher no value and no fallback", vi)).toBe(
      "Không tạo được nội dung từ dữ liệu của thành viên: ma_voucher: thành viên chưa có giá trị này và tham số không có giá trị dự phòng.",
    );
    expect(errorText("something_new", vi)).toBeNull();
    expect(renderProblems("render: a empty; b longer than 30 characters")).toEqual([
      { param: "a", message: "empty" },
      { param: "b", message: "longer than 30 characters" },
    ]);
  });
});

describe("log query", () => {
  it("drops what the API would refuse and keeps the rest of the URL", () => {
    const params = new URLSearchParams("tab=log&status=lost&template=nope&before=yesterday&source=test&error=zns");
    expect(readLogQuery(params)).toEqual({ status: "", source: "test", templateId: "", error: "zns", before: "" });
    const cursor = "2025-06-09T15:00:00.000Z~5b0c2f1e-8d4a-4c1b-9f7e-2a6d3c4b5e6f";
    expect(readLogQuery(new URLSearchParams(`before=${encodeURIComponent(cursor)}`)).before).toBe(cursor);
    expect(writeLogQuery(params, { status: "failed", source: "", templateId: "", error: "", before: cursor }).toString()).toBe(
      `tab=log&status=failed&${new URLSearchParams({ before: cursor })}`,
    );
  });
});
