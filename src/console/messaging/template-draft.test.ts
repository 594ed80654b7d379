import { describe, expect, it } from "vitest";
import { checkValue, renderTemplate, validateTemplate, ZNS_PARAM_TYPES, type ZnsParamType } from "../../domain/messaging/zns-template";
import { QUEUE_CODES } from "../../domain/messaging/message-errors";
import { classifyZns, NO_OA_TOKEN, type SendAttempt } from "../../domain/messaging/sending-rules";
import { translate } from "../i18n";
import "./strings/load";
import { messagingTemplates } from "../test-support/fixtures";
import { readLogQuery, writeLogQuery } from "./log-query";
import { errorText, templateProblemText, valueProblemText } from "./problems";
import {
  draftFromTemplate,
  draftProblems,
  keyProblems,
  newParam,
  previewParts,
  templateFromDraft,
  type TemplateDraft,
} from "./template-draft";

const vi = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate("vi", key, params);
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate("en", key, params);

function draft(overrides: Partial<TemplateDraft> = {}): TemplateDraft {
  return {
    ...draftFromTemplate(null),
    name: "Sinh nhật",
    znsTemplateId: "301009",
    preview: "Chúc mừng <ten>!",
    params: [{ ...newParam(), name: "ten" }],
    ...overrides,
  };
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
    const d = draft({
      preview: "<ten>",
      params: [
        { ...newParam(), name: "ten" },
        { ...newParam(), name: "ten", source: "fixed", fixed: "" },
      ],
    });
    const problems = draftProblems(d, []);
    const [first, second] = d.params;
    expect(problems.filter((p) => p.param === first!.key)).toEqual([]);
    expect(problems.filter((p) => p.param === second!.key).map((p) => [p.field, p.problem.code])).toEqual([
      ["name", "param_name_duplicate"],
      ["fixed", "value_empty"],
    ]);
    // The server's issues use the same paths: a template-level one lands on its field.
    const countProblem = { code: "param_count", field: "params", params: { min: 1, max: 20 } };
    expect(keyProblems([countProblem, { code: "x", field: "params.9.name" }], d)).toEqual([
      { param: null, field: "params", problem: countProblem },
      { param: null, field: "general", problem: { code: "x", field: "params.9.name" } },
    ]);
  });

  it("previews example values, and keeps unknown or empty parameters visible", () => {
    const d = draft({
      preview: "Chào <ten>, <qua> ở <la>.",
      params: [
        { ...newParam(), name: "ten" },
        { ...newParam(), name: "qua", source: "fixed", fixed: "" },
      ],
    });
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
  it("has a sentence in both languages for every problem the domain reports", () => {
    const types = Object.keys(ZNS_PARAM_TYPES) as ZnsParamType[];
    const values = types.flatMap((type) => ["", "x".repeat(300), "a b!", "0", "+8491234567"].map((raw) => checkValue(type, raw)));
    const valueProblems = values.flatMap((v) => (v.ok ? [] : [v.problem]));
    expect(new Set(valueProblems.map((p) => p.code)).size).toBeGreaterThanOrEqual(9);
    const rendered = renderTemplate(
      { znsTemplateId: "1", tag: "promotion", preview: "<a>", params: [{ name: "a", type: "code", source: { field: "voucher_code" } }] },
      {},
    );
    if (rendered.ok) throw new Error("expected a render problem");
    for (const p of [...valueProblems, ...rendered.problems]) {
      for (const locale of ["vi", "en"] as const) expect(valueProblemText(p, locale), p.code).not.toMatch(/^value_|\{\w+\}/);
    }

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
    expect(new Set([...broken, ...none].map((p) => `${p.code} ${p.field?.replace(/\d+/, "n")}`)).size).toBeGreaterThanOrEqual(9);
    for (const p of [...broken, ...none]) {
      for (const locale of ["vi", "en"] as const) expect(templateProblemText(p, locale), p.code).not.toMatch(/^[a-z_]+$|\{\w+\}/);
    }
    const fallback = { code: "value_too_long", field: "params.0.fallback", params: { max: 30 } };
    expect(templateProblemText(fallback, "vi")).toBe("Giá trị dự phòng: dài hơn 30 ký tự.");
    expect(templateProblemText(fallback, "en")).toBe("Fallback: longer than 30 characters.");
    expect(templateProblemText({ code: "something_new" }, "vi")).toBe("something_new");
  });

  it("says the queue's error codes in words, and leaves unknown codes to be shown as they are", () => {
    const say = (code: string, detail: Parameters<typeof errorText>[1] = null) => errorText(code, detail, vi, "vi");
    expect(say("zns_-118")).toBe("Số điện thoại chưa có tài khoản Zalo.");
    expect(say("consent_withdrawn")).toBe("Thành viên đã rút lại đồng ý nhận loại tin này.");
    expect(say("quiet_hours")).toBe("Giờ nghỉ (21:00–08:00): tin khuyến mãi chờ đến 08:00.");
    expect(say("daily_cap")).toBe("Thành viên đã nhận đủ 1 tin khuyến mãi hôm nay; gửi vào ngày mai.");
    expect(say("zns_-103")).toBe("Cấu hình ứng dụng Zalo hoặc OA chưa đúng (lỗi -103).");
    expect(say("zns_-999")).toBe("Zalo trả lỗi -999.");
    expect(say("http_503", { params: { gaveUpAfter: 5 } })).toBe("Máy chủ Zalo gặp lỗi (HTTP 503). Đã dừng sau 5 lần thử.");
    expect(say("no_answer:timeout")).toBe("Zalo không trả lời kịp: có thể đã nhận tin, đang chờ xác nhận.");
    const render = { problems: [{ code: "value_missing", field: "ma_voucher" }] };
    expect(say("render_invalid", render)).toBe(
      "Không tạo được nội dung từ dữ liệu của thành viên: ma_voucher: thành viên chưa có giá trị này và tham số không có giá trị dự phòng.",
    );
    expect(errorText("render_invalid", render, en, "en")).toMatch(/ma_voucher: the member has no value and the parameter has no fallback/);
    expect(errorText("render_invalid", render, vi, "vi", true)).toBe("Không tạo được nội dung với dữ liệu của thành viên (<ma_voucher>).");
    expect(say("something_new")).toBeNull();
  });

  it("has a truthful text in vi and en for every code the queue can store, also after giving up", () => {
    const attempts: SendAttempt[] = [
      ...["ECONNREFUSED", "ECONNRESET", "timeout", NO_OA_TOKEN].map((reason) => ({ kind: "not_sent", reason }) as const),
      ...["timeout", "ECONNRESET", "response_aborted"].map((reason) => ({ kind: "no_answer", reason }) as const),
      ...[500, 502, 503, 429, 400, 403, 404].map((status) => ({ kind: "response", status, body: { error: 1 } }) as const),
      { kind: "response", status: 200, body: null },
      { kind: "response", status: 200, body: { error: 0 } },
      ...[
        -100, -101, -106, -108, -109, -110, -111, -112, -1121, -1122, -1124, -113, -114, -115, -116, -117, -118, -119, -124, -144, -999,
      ].map((error) => ({ kind: "response", status: 200, body: { error } }) as const),
    ];
    const stored = [
      ...QUEUE_CODES,
      ...attempts.map((a) => classifyZns(a)).flatMap((v) => ("code" in v ? [v.code] : [])),
      "network:no_oa_token",
    ];
    const dicts = { vi, en } as const;
    for (const code of stored) {
      for (const locale of ["vi", "en"] as const) {
        for (const detail of [null, { params: { gaveUpAfter: 8 } }]) {
          const text = errorText(code, detail, dicts[locale], locale);
          expect(text, `${code} ${locale}`).not.toBeNull();
          expect(text, code).not.toMatch(/\{\w+\}/);
          // A text says what happened; "will be retried" or "refreshed and sent again" beside
          // "gave up after 8 attempts" was the lie.
          expect(text, code).not.toMatch(/will be retried|sẽ thử lại|refreshed|làm mới/);
        }
      }
    }
    expect(errorText("zns_-124", { params: { gaveUpAfter: 8 } }, en, "en")).toBe(
      "Zalo refused the OA's access token (expired or replaced). Gave up after 8 attempts.",
    );
    expect(errorText("network:no_oa_token", null, en, "en")).toBe("No usable OA access token is stored: the OA must be connected.");
    expect(errorText("oa_token_refresh_failed", null, vi, "vi")).toBe("Zalo từ chối token truy cập của OA và chưa lấy được token mới.");
  });
});

describe("log query", () => {
  it("drops what the API would refuse and keeps the rest of the URL", () => {
    const params = new URLSearchParams("tab=log&status=lost&template=nope&before=yesterday&source=test&error=zns&channel=sms");
    expect(readLogQuery(params)).toEqual({ status: "", source: "test", templateId: "", error: "zns", channel: "", before: "" });
    expect(readLogQuery(new URLSearchParams("channel=miniapp")).channel).toBe("miniapp");
    const cursor = "2025-06-09T15:00:00.000Z~5b0c2f1e-8d4a-4c1b-9f7e-2a6d3c4b5e6f";
    expect(readLogQuery(new URLSearchParams(`before=${encodeURIComponent(cursor)}`)).before).toBe(cursor);
    expect(writeLogQuery(params, { status: "failed", source: "", templateId: "", error: "", channel: "", before: cursor }).toString()).toBe(
      `tab=log&status=failed&${new URLSearchParams({ before: cursor })}`,
    );
  });
});
