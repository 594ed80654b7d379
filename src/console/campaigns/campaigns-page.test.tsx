import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CampaignAuditLog } from "../../contract/campaign-activity";
import type { Campaign, CampaignFunnel, CampaignInput, CampaignPlan, CampaignPreview } from "../../contract/campaigns";
import type { Segment } from "../../contract/segments";
import { meResponse, messagingTemplates, TEMPLATE_IDS } from "../test-support/fixtures";
import { mockApi, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  storeSession();
});

const AT = "2026-12-06T03:00:00.000Z";
const ID = "50000000-0000-4000-8000-000000000001";
const SEGMENT: Segment = {
  id: "40000000-0000-4000-8000-000000000001",
  name: "Khách vàng",
  status: "active",
  version: 2,
  rule: { type: "group", combine: "and", items: [] },
  createdAt: AT,
  updatedAt: AT,
  archivedAt: null,
};
const templates = () => messagingTemplates().map((t) => (t.id === TEMPLATE_IDS.promo ? { ...t, active: true } : t));

function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: ID,
    name: "Cuối tuần vàng",
    status: "draft",
    segmentId: SEGMENT.id,
    segmentVersion: 2,
    arms: [
      { key: "A", templateId: TEMPLATE_IDS.promo, params: [], sharePercent: 40, tag: "promotion", templateName: "Khuyến mãi cuối tuần" },
      {
        key: "B",
        templateId: TEMPLATE_IDS.promo,
        params: [{ name: "ten_khach_hang", source: { fixed: "Bạn" } }],
        sharePercent: 40,
        tag: "promotion",
        templateName: "Khuyến mãi cuối tuần",
      },
    ],
    controlPercent: 20,
    schedule: { kind: "now" },
    important: false,
    channel: "zns",
    version: 1,
    audience: null,
    approvedBy: null,
    approvedAt: null,
    rejectionNote: null,
    createdBy: null,
    createdAt: AT,
    updatedAt: AT,
    startedAt: null,
    finishedAt: null,
    recipients: {},
    ...over,
  };
}

const FUNNEL: CampaignFunnel = {
  tag: "promotion",
  steps: [
    { step: "matched", count: 1200, lost: 0 },
    { step: "consent", count: 900, lost: 300 },
    { step: "phone", count: 850, lost: 50 },
    { step: "caps", count: 840, lost: 10 },
    { step: "not_control", count: 672, lost: 168 },
    { step: "quota", count: 672, lost: 0 },
  ],
  byChannel: { zns: 840, miniapp: 0 },
  recipients: 672,
  pricePerMessageVnd: 300,
  estimatedCostVnd: 201_600,
};
const PLAN: CampaignPlan = {
  days: [
    { day: 1, date: "2026-12-06", opensAt: "2026-12-06T03:00:00.000Z", capacity: 250, count: 250 },
    { day: 2, date: "2026-12-07", opensAt: "2026-12-07T01:00:00.000Z", capacity: 250, count: 250 },
    { day: 3, date: "2026-12-08", opensAt: "2026-12-08T01:00:00.000Z", capacity: 250, count: 172 },
  ],
  placed: 672,
  unplaced: 0,
  warnings: ["promo_tier_too_low"],
  dailyQuota: 500,
  promoSharePercent: 50,
};
const PREVIEW: CampaignPreview = {
  samples: [
    {
      memberId: "60000000-0000-4000-8000-000000000001",
      memberNo: "00000001",
      displayName: "Nguyễn Thị Lan",
      arm: "A",
      text: "Nguyễn Thị Lan ơi, cuối tuần này Cà phê giảm 20% tại mọi cửa hàng.",
      data: { ten_khach_hang: "Nguyễn Thị Lan" },
      notes: [{ code: "param_fallback", field: "mon_yeu_thich", params: { reason: "value_missing" } }],
      problems: [],
    },
    {
      memberId: "60000000-0000-4000-8000-000000000002",
      memberNo: "00000002",
      displayName: "Trần Văn Minh",
      arm: "B",
      text: null,
      data: null,
      notes: [],
      problems: [{ code: "value_too_long", field: "cua_hang", params: { max: 30 } }],
    },
    {
      memberId: "60000000-0000-4000-8000-000000000003",
      memberNo: "00000003",
      displayName: "Lê Hoàng Anh",
      arm: "control",
      text: null,
      data: null,
      notes: [],
      problems: [],
    },
  ],
};

function server(role: "marketer" | "manager", current: () => Campaign, routes: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/segments": { body: { segments: [SEGMENT] } },
    "GET /api/console/messaging/templates": { body: { items: templates() } },
    "GET /api/console/campaigns": () => ({ body: { items: [current()] } }),
    [`GET /api/console/campaigns/${ID}`]: () => ({ body: current() }),
    [`GET /api/console/campaigns/${ID}/funnel`]: { body: FUNNEL },
    [`GET /api/console/campaigns/${ID}/plan`]: { body: PLAN },
    [`POST /api/console/campaigns/${ID}/preview`]: { body: PREVIEW },
    ...routes,
  });
}

describe("campaigns", () => {
  it("lists campaigns with status, audience, arms and when; an empty list says what to do first", async () => {
    server("marketer", () => campaign({ status: "pending_approval", audience: 1200 }));
    renderConsole("/campaigns");
    expect(await screen.findByRole("heading", { level: 1, name: "Chiến dịch" })).toBeInTheDocument();
    const row = (await screen.findByRole("link", { name: "Cuối tuần vàng" })).closest("tr")!;
    expect(row).toHaveTextContent("Chờ duyệt");
    expect(row).toHaveTextContent("1.200");
    expect(row).toHaveTextContent("A/B · đối chứng 20%");
    expect(row).toHaveTextContent("Gửi ngay");
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getByRole("link", { name: "Chiến dịch" })).toHaveAttribute("aria-current", "page");

    cleanup();
    vi.unstubAllGlobals();
    mockApi({ "GET /api/me": { body: meResponse("marketer") }, "GET /api/console/campaigns": { body: { items: [] } } });
    renderConsole("/campaigns");
    expect(await screen.findByText("Chưa có chiến dịch nào.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Mở Phân khúc" })).toHaveAttribute("href", "/segments");
  });

  it("builds an A/B draft with a control group, checks the split, sends the mapping, shows the server's problems at their row", async () => {
    let created: CampaignInput | null = null;
    const api = server("marketer", () => campaign(), {
      "POST /api/console/campaigns": ({ body }: MockRequest) => {
        const input = body as CampaignInput;
        // First save: the server refuses B's fixed name (at the override's index, 0).
        if (!created) {
          created = input;
          return {
            status: 422,
            body: {
              error: {
                code: "campaign_invalid",
                message: "x",
                issues: [{ code: "value_too_long", field: "arms.1.params.0.source.fixed", params: { max: 30 } }],
              },
            },
          };
        }
        return { status: 201, body: campaign() };
      },
    });
    renderConsole("/campaigns/new");
    await userEvent.type(await screen.findByRole("textbox", { name: "Tên chiến dịch" }), "Cuối tuần vàng");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Phân khúc" }), SEGMENT.id);
    expect(screen.getByRole("combobox", { name: "Phiên bản" })).toHaveValue("2");
    // Automatic messages' templates are not offered.
    const template = screen.getByRole("combobox", { name: "Mẫu tin ZNS" });
    expect(within(template).queryByRole("option", { name: /Chào mừng/ })).not.toBeInTheDocument();
    await userEvent.selectOptions(template, TEMPLATE_IDS.promo);
    expect(screen.getByText("<ten_khach_hang> ơi, cuối tuần này <mon_yeu_thich> giảm 20% tại <cua_hang>.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("checkbox", { name: /Thử A\/B/ }));
    expect(screen.getByTestId("share-sum")).toHaveTextContent("A 45% · B 45% · đối chứng 10%");
    const control = screen.getByRole("spinbutton", { name: /Nhóm đối chứng/ });
    await userEvent.clear(control);
    await userEvent.type(control, "20");
    const shareA = screen.getByRole("spinbutton", { name: "Nhánh A %" });
    await userEvent.clear(shareA);
    await userEvent.type(shareA, "85");
    // 85 + 20 is over 100: said before anything is sent.
    await userEvent.click(screen.getByRole("button", { name: "Lưu nháp" }));
    expect(await screen.findByText(/cộng lại phải bằng 100%/)).toBeInTheDocument();
    expect(api.to("POST", "/api/console/campaigns")).toHaveLength(0);
    await userEvent.clear(shareA);
    await userEvent.type(shareA, "40");
    expect(screen.getByTestId("share-sum")).toHaveTextContent("A 40% · B 40% · đối chứng 20%");

    const armB = screen.getByTestId("arm-B");
    await userEvent.selectOptions(within(armB).getByRole("combobox", { name: "Lấy giá trị từ <ten_khach_hang>" }), "fixed");
    await userEvent.type(within(armB).getByRole("textbox", { name: "Giá trị cố định của <ten_khach_hang>" }), "Bạn");
    await userEvent.type(within(armB).getByRole("textbox", { name: "Dự phòng của <cua_hang>" }), "quán gần nhất");
    // The channel: ZNS unless chosen; here the notification first, ZNS for members who did not allow it.
    expect(screen.getByRole("radio", { name: /^Tin ZNS/ })).toBeChecked();
    await userEvent.click(screen.getByRole("radio", { name: /Thông báo Mini App trước/ }));
    await userEvent.click(screen.getByRole("button", { name: "Lưu nháp" }));

    expect(await screen.findByText("Giá trị cố định: dài hơn 30 ký tự.")).toBeInTheDocument();
    expect(screen.getByText("Chiến dịch còn chỗ chưa hợp lệ: xem các ô được đánh dấu.")).toBeInTheDocument();
    expect(created).toEqual({
      name: "Cuối tuần vàng",
      segmentId: SEGMENT.id,
      segmentVersion: 2,
      arms: [
        { key: "A", templateId: TEMPLATE_IDS.promo, sharePercent: 40, params: [] },
        {
          key: "B",
          templateId: TEMPLATE_IDS.promo,
          sharePercent: 40,
          params: [
            { name: "ten_khach_hang", source: { fixed: "Bạn" } },
            // Only a fallback typed: the registered source stays.
            { name: "cua_hang", source: { fixed: "mọi cửa hàng" }, fallback: "quán gần nhất" },
          ],
        },
      ],
      controlPercent: 20,
      schedule: { kind: "now" },
      important: false,
      channel: "miniapp_then_zns",
    });

    // Unsaved edits: the sidebar asks before leaving.
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    await userEvent.click(within(screen.getByRole("navigation", { name: "Điều hướng chính" })).getByRole("link", { name: "Phân khúc" }));
    expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    expect(currentLocation().pathname).toBe("/campaigns/new");

    await userEvent.click(screen.getByRole("button", { name: "Lưu nháp" }));
    await waitFor(() => expect(currentLocation().pathname).toBe(`/campaigns/${ID}`));
  });

  it("shows the funnel with the cost in VND, the plan and the tier warning, previews by arm with failures; submits for approval", async () => {
    let current = campaign();
    const api = server("marketer", () => current, {
      [`POST /api/console/campaigns/${ID}/transitions`]: () => {
        current = campaign({ status: "pending_approval", version: 2, audience: 1200 });
        return { body: current };
      },
    });
    renderConsole(`/campaigns/${ID}`);
    const funnel = await screen.findByTestId("funnel");
    expect(within(funnel).getByText("Đồng ý nhận tin loại này").closest("li")).toHaveTextContent("900−300");
    expect(screen.getByTestId("cost")).toHaveTextContent("Chi phí ước tính: 201.600 ₫ (672 tin × 300 ₫)");
    const plan = screen.getByTestId("plan");
    expect(plan).toHaveTextContent("Cần 3 ngày với hạn mức hôm nay (500 tin/ngày, khuyến mãi tối đa 50%).");
    expect(within(plan).getByRole("alert")).toHaveTextContent("OA chưa đủ hạng để gửi tin khuyến mãi");
    const preview = screen.getByTestId("preview");
    expect(preview).toHaveTextContent("Nguyễn Thị Lan ơi, cuối tuần này Cà phê giảm 20%");
    expect(preview).toHaveTextContent("mon_yeu_thich");
    expect(within(preview).getByRole("note")).toHaveTextContent("Tin sẽ không gửi được: <cua_hang>: dài hơn 30 ký tự");
    expect(preview).toHaveTextContent("Nhóm đối chứng: không nhận tin.");
    expect(api.to("POST", `/api/console/campaigns/${ID}/preview`)[0]!.body).toEqual({ limit: 5 });

    // A marketer submits; approval is a manager's, and there is no change log for marketers.
    expect(screen.queryByRole("button", { name: "Duyệt và gửi" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gửi chiến dịch" }));
    expect(await screen.findByText("Đã gửi cho quản lý duyệt.")).toBeInTheDocument();
    expect(api.to("POST", `/api/console/campaigns/${ID}/transitions`)[0]!.body).toEqual({ action: "submit", basedOnVersion: 1 });
    expect(screen.getByTestId("campaign-status")).toHaveTextContent("Chờ duyệt");
    expect(screen.getByText("Đang chờ quản lý duyệt.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Huỷ chiến dịch" })).toBeInTheDocument();
  });

  it("a manager rejects with a note or approves; reads the change log; the results take the checks' place once sending", async () => {
    let current = campaign({ status: "pending_approval", version: 2, audience: 1200 });
    const audit: CampaignAuditLog = {
      events: [
        { at: AT, actorId: ID, actorName: "Nguyễn Hải Yến", change: "created", version: 1, status: "draft", note: null },
        { at: AT, actorId: ID, actorName: "Nguyễn Hải Yến", change: "submit", version: 2, status: "pending_approval", note: null },
      ],
    };
    const api = server("manager", () => current, {
      [`GET /api/console/campaigns/${ID}/audit`]: { body: audit },
      [`POST /api/console/campaigns/${ID}/transitions`]: ({ body }: MockRequest) => {
        const action = (body as { action: string }).action;
        if (action === "reject") {
          current = campaign({ status: "draft", version: 3, rejectionNote: "Thu hẹp phân khúc" });
          return { body: current };
        }
        current = campaign({ status: "sending", version: 3, audience: 1200, startedAt: AT, recipients: { A: 480, B: 470, control: 250 } });
        return { body: current };
      },
    });
    renderConsole(`/campaigns/${ID}`);
    const log = await screen.findByTestId("audit");
    expect(await within(log).findByText(/Nguyễn Hải Yến · Gửi chiến dịch/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Trả lại" }));
    const dialog = screen.getByRole("dialog", { name: "Trả lại chiến dịch" });
    const send = within(dialog).getByRole("button", { name: "Trả lại" });
    expect(send).toBeDisabled();
    await userEvent.type(within(dialog).getByRole("textbox"), "Thu hẹp phân khúc");
    await userEvent.click(send);
    expect(await screen.findByText("Đã trả lại chiến dịch cho người soạn.")).toBeInTheDocument();
    expect(api.to("POST", `/api/console/campaigns/${ID}/transitions`)[0]!.body).toEqual({
      action: "reject",
      basedOnVersion: 2,
      note: "Thu hẹp phân khúc",
    });
    expect(await screen.findByText("Quản lý đã trả lại chiến dịch: “Thu hẹp phân khúc”")).toBeInTheDocument();

    // Again pending, approved this time: delivery per arm appears.
    cleanup();
    current = campaign({ status: "pending_approval", version: 4, audience: 1200 });
    renderConsole(`/campaigns/${ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Duyệt và gửi" }));
    // Sending: the results panel (campaign-results.tsx) takes the place of the checks.
    expect(await screen.findByTestId("results")).toBeInTheDocument();
    expect(api.to("GET", `/api/console/campaigns/${ID}/results`).length).toBeGreaterThan(0);
    expect(screen.queryByTestId("funnel")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tạm dừng" })).toBeInTheDocument();
  });

  it("says a status conflict in words, naming the status the campaign is in", async () => {
    server("marketer", () => campaign({ status: "sending", version: 3, startedAt: AT }), {
      [`POST /api/console/campaigns/${ID}/transitions`]: {
        status: 409,
        body: { error: { code: "campaign_status_conflict", message: "x", params: { status: "done" } } },
      },
    });
    renderConsole(`/campaigns/${ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Tạm dừng" }));
    expect(await screen.findByText("Chiến dịch đã chuyển sang trạng thái “Đã xong”, thao tác này không còn áp dụng.")).toBeInTheDocument();
  });
});
