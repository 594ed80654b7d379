import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Trigger, TriggerList } from "../../contract/triggers";
import { TRIGGER_KINDS } from "../../domain/triggers/triggers";
import { meResponse } from "../test-support/fixtures";
import { mockApi } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const PROMO = "5d6e7f80-9102-4eab-9cde-4f5a6b7c8d9e";
const REWARD = "6e7f8091-0213-4fbc-8def-5a6b7c8d9eaf";
const AN = "3c4d5e6f-7081-4c9d-8eaf-2a3b4c5d6e7f";

const item = (kind: Trigger["kind"], over: Partial<Trigger> = {}): Trigger => ({
  kind,
  enabled: kind === "welcome",
  templateId: null,
  template: kind === "welcome" ? { id: PROMO, name: "Chào mừng thành viên", tag: "customer_care", preview: "" } : null,
  params: [],
  settings: kind === "birthday" ? { daysBefore: 3, rewardId: null } : {},
  version: 1,
  enabledAt: null,
  changedAt: null,
  changedBy: null,
  ...over,
});
const list: TriggerList = {
  items: TRIGGER_KINDS.map((k) => item(k)),
  templates: [
    {
      id: PROMO,
      name: "Khuyến mãi cuối tuần",
      tag: "promotion",
      preview: "<ten_khach_hang> ơi, tặng bạn <mon_yeu_thich>. Hạng <hang>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "mon_yeu_thich", type: "product", source: { field: "favourite_category" }, fallback: "Cà phê" },
        { name: "hang", type: "label", source: { field: "tier" } },
      ],
    },
  ],
  rewards: [{ id: REWARD, name: "Cà phê sữa đá miễn phí" }],
};
const results = {
  kind: "birthday",
  firings: {},
  messages: { total: 0, sent: 0, delivered: 0, failed: 0, pending: 0, byStatus: {} },
  byChannel: [],
  failedByReason: [],
  clicks: 0,
  conversion: { days: 7, recipients: 0, converted: 0 },
  days: [],
};

describe("triggers page", () => {
  it("lists the triggers, refuses switching one on without a template, saves it, and previews who gets it today", async () => {
    let saved = 0;
    const api = mockApi({
      "GET /api/me": { body: meResponse("marketer") },
      "GET /api/console/triggers": { body: list },
      "GET /api/console/triggers/welcome/results": { body: { ...results, kind: "welcome" } },
      "GET /api/console/triggers/birthday/results": {
        body: {
          ...results,
          firings: { queued: 7, no_consent: 2 },
          messages: { ...results.messages, total: 8, sent: 6, delivered: 5, failed: 1, pending: 1 },
          byChannel: [{ channel: "zns", sent: 6, delivered: 5, failed: 1 }],
          failedByReason: [{ code: "zns_-124", count: 1 }],
          clicks: 3,
          conversion: { days: 7, recipients: 7, converted: 2 },
          days: [{ date: "2026-12-05", sent: 7, clicks: 3, conversions: 2 }],
        },
      },
      "PUT /api/console/triggers/birthday": ({ body }) =>
        (body as { templateId: string | null }).templateId === null
          ? {
              status: 422,
              body: { error: { code: "trigger_invalid", message: "x", issues: [{ code: "template_required", field: "templateId" }] } },
            }
          : (saved++, { body: item("birthday", { ...(body as object), version: 2, template: null }) }),
      "GET /api/console/triggers/birthday/preview": {
        body: {
          count: 7,
          withoutConsent: 2,
          sample: [{ memberId: AN, memberNo: "00000042", displayName: "Nguyễn Văn An", period: "2026" }],
        },
      },
    });
    renderConsole("/triggers");
    expect(await screen.findByRole("heading", { level: 1, name: "Tự động" })).toBeInTheDocument();
    const card = (await screen.findByRole("heading", { name: "Sinh nhật" })).closest("section")!;
    const birthday = within(card as HTMLElement);
    // Its results: figures by outcome, the failure in words, clicks, conversions and a chart by day.
    const res = within(await birthday.findByRole("region", { name: "Kết quả" }));
    const figures = Object.fromEntries(res.getAllByRole("term").map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(figures).toMatchObject({ "Đã gửi": "6", "Đã nhận": "5", "Không gửi được": "1", "Chờ gửi": "1", "Lượt bấm": "3" });
    expect(figures["Chuyển đổi"]).toBe("229% người nhận, trong 7 ngày");
    expect(res.getByText("Zalo từ chối (-124)")).toBeInTheDocument();
    const byChannel = within(res.getByRole("table", { name: "Theo kênh" })).getAllByRole("row");
    expect(byChannel.slice(1).map((row) => row.textContent)).toEqual(["Tin ZNS651"]);
    expect(res.getByText(/2 lần bỏ qua vì chưa đồng ý/)).toBeInTheDocument();
    expect(await res.findByRole("figure", { name: "Theo ngày" })).toBeInTheDocument();
    // A trigger that sent nothing says how to start.
    const welcome = within(screen.getByRole("heading", { name: "Chào mừng thành viên" }).closest("section")!);
    expect(await welcome.findByText(/Chưa gửi tin nào. Bật và lưu để bắt đầu/)).toBeInTheDocument();
    expect(screen.getByText("Mẫu chào mừng đã đăng ký: Chào mừng thành viên")).toBeInTheDocument();

    await userEvent.click(birthday.getByRole("switch", { name: "Bật tin tự động" }));
    await userEvent.click(birthday.getByRole("button", { name: "Lưu" }));
    expect(await birthday.findByText("Hãy chọn mẫu ZNS trước khi bật.")).toBeInTheDocument();
    expect(saved).toBe(0);

    await userEvent.selectOptions(birthday.getByRole("combobox", { name: "Mẫu ZNS" }), PROMO);
    await userEvent.selectOptions(birthday.getByRole("combobox", { name: "Voucher kèm theo" }), REWARD);
    await userEvent.clear(birthday.getByRole("spinbutton", { name: "Gửi trước sinh nhật (ngày)" }));
    await userEvent.type(birthday.getByRole("spinbutton", { name: "Gửi trước sinh nhật (ngày)" }), "5");
    // The mapping (the campaign editor's component): the voucher's reward name is offered once a voucher is chosen.
    expect(birthday.getByText("<ten_khach_hang> ơi, tặng bạn <mon_yeu_thich>. Hạng <hang>.")).toBeInTheDocument();
    await userEvent.selectOptions(birthday.getByRole("combobox", { name: "Lấy giá trị từ <mon_yeu_thich>" }), "reward_name");
    await userEvent.selectOptions(birthday.getByRole("combobox", { name: "Lấy giá trị từ <ten_khach_hang>" }), "fixed");
    // An empty fixed value is refused before anything is sent.
    await userEvent.click(birthday.getByRole("button", { name: "Lưu" }));
    expect(await birthday.findByText("Hãy nhập giá trị.")).toBeInTheDocument();
    expect(saved).toBe(0);
    await userEvent.type(birthday.getByRole("textbox", { name: "Giá trị cố định của <ten_khach_hang>" }), "Bạn");
    await userEvent.type(birthday.getByRole("textbox", { name: "Dự phòng của <hang>" }), "Thành viên");

    // Unsaved edits: the sidebar asks before leaving.
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    await userEvent.click(within(screen.getByRole("navigation", { name: "Điều hướng chính" })).getByRole("link", { name: "Phân khúc" }));
    expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    expect(currentLocation().pathname).toBe("/triggers");
    confirm.mockClear();

    await userEvent.click(birthday.getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(saved).toBe(1));
    expect(api.to("PUT", "/api/console/triggers/birthday").at(-1)!.body).toEqual({
      enabled: true,
      templateId: PROMO,
      params: [
        { name: "ten_khach_hang", source: { fixed: "Bạn" } },
        { name: "mon_yeu_thich", source: { field: "reward_name" } },
        // Only a fallback typed: the registered source stays.
        { name: "hang", source: { field: "tier" }, fallback: "Thành viên" },
      ],
      settings: { daysBefore: 5, rewardId: REWARD },
      basedOnVersion: 1,
    });

    const fresh = within((await screen.findByRole("heading", { name: "Sinh nhật" })).closest("section") as HTMLElement);
    await userEvent.click(fresh.getByRole("button", { name: "Ai nhận hôm nay?" }));
    expect(await fresh.findByText("7 khách sẽ nhận nếu chạy bây giờ")).toBeInTheDocument();
    expect(fresh.getByText(/2 khách đến dịp nhưng chưa đồng ý/)).toBeInTheDocument();
    expect(fresh.getByText("Nguyễn Văn An")).toBeInTheDocument();
    // Saved, nothing is unsaved: leaving asks nothing.
    await userEvent.click(within(screen.getByRole("navigation", { name: "Điều hướng chính" })).getByRole("link", { name: "Phân khúc" }));
    expect(confirm).not.toHaveBeenCalled();
  });

  it("says what failed when the list cannot load", async () => {
    mockApi({
      "GET /api/me": { body: meResponse("marketer") },
      "GET /api/console/triggers": { status: 500, body: { error: { code: "internal", message: "x" } } },
    });
    renderConsole("/triggers");
    expect(await screen.findByText("Không tải được danh sách tin tự động.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Thử lại/ })).toBeInTheDocument();
  });
});
