import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BrandOverview } from "../../contract/overview";
import { meResponse } from "../test-support/fixtures";
import { mockApi, type MockReply } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.restoreAllMocks();
  storeSession();
});

const URL = "/api/console/insights/overview";
const CAMPAIGN = "c0000000-0000-4000-8000-000000000001";

const OVERVIEW: BrandOverview = {
  period: { days: 90, from: "2026-09-09", to: "2026-12-07" },
  members: { total: 200, active30: 50, active90: 120 },
  repeat: { members: 120, repeaters: 30 },
  points: { issued: 4_000, liability: 2_500, pointValueVnd: 100, issuedVnd: 400_000, liabilityVnd: 250_000 },
  nps: {
    weekly: [
      { week: "2026-11-23", score: 20, responses: 5 },
      { week: "2026-11-30", score: null, responses: 0 },
    ],
    total: { score: 20, responses: 5 },
  },
  messages: {
    byTag: [
      { tag: "transaction", sent: 40 },
      { tag: "customer_care", sent: 10 },
      { tag: "promotion", sent: 50 },
    ],
    sent: 100,
    dailyQuota: 500,
    promoSharePercent: 30,
    periodQuota: 45_000,
    periodPromoQuota: 13_500,
    today: { sent: 3, promo: 1 },
  },
  campaigns: [
    {
      id: CAMPAIGN,
      name: "Tri ân tháng 12",
      status: "done",
      startedAt: "2026-12-01T02:00:00.000Z",
      recipients: 60,
      sent: 50,
      converted: 8,
      attributedRevenueVnd: 1_600_000,
      incrementalRevenueVnd: 300_000,
    },
  ],
  triggers: {
    conversionDays: 7,
    rows: [
      { kind: "birthday", sent: 12, converted: 3, attributedRevenueVnd: 450_000 },
      { kind: "win_back", sent: 0, converted: 0, attributedRevenueVnd: 0 },
    ],
  },
};

const server = (reply: () => MockReply | Promise<MockReply>) =>
  mockApi({ "GET /api/me": { body: meResponse("marketer") }, [`GET ${URL}`]: reply });

describe("overview page", () => {
  it("is first in the sidebar, shows the figures in VND and labels revenue as attributed, except against control", async () => {
    let answer: (reply: MockReply) => void = () => {};
    server(() => new Promise<MockReply>((resolve) => (answer = resolve)));
    renderConsole("/overview");
    expect(await screen.findByTestId("overview-skeleton")).toBeInTheDocument();
    answer({ body: OVERVIEW });

    expect(await screen.findByTestId("ov-members")).toHaveTextContent("200");
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getAllByRole("link")[0]).toHaveAccessibleName("Tổng quan");
    expect(screen.getByTestId("ov-active30")).toHaveTextContent("50");
    expect(screen.getByText("25% thành viên có ghé cửa hàng")).toBeInTheDocument();
    expect(screen.getByTestId("ov-repeat")).toHaveTextContent("25%");
    expect(screen.getByText(/Tương đương 250\.000\s₫/)).toBeInTheDocument();
    expect(screen.getByTestId("ov-nps")).toHaveTextContent("+20");
    expect(screen.getByTestId("ov-sent")).toHaveTextContent("100 / 45.000");

    const campaigns = screen.getByRole("table", { name: "Chiến dịch bắt đầu trong kỳ" });
    expect(within(campaigns).getByRole("link", { name: "Tri ân tháng 12" })).toHaveAttribute("href", `/campaigns/${CAMPAIGN}`);
    expect(within(campaigns).getByRole("columnheader", { name: "Doanh thu ghi nhận" })).toBeInTheDocument();
    expect(within(campaigns).getByRole("columnheader", { name: "Tăng thêm so với nhóm đối chứng" })).toBeInTheDocument();
    // A trigger that sent nothing in the period is not a row.
    const triggers = screen.getByRole("table", { name: "Tin nhắn tự động" });
    expect(
      within(triggers)
        .getAllByRole("rowheader")
        .map((r) => r.textContent),
    ).toEqual(["Sinh nhật"]);
    expect(screen.getByTestId("ov-attribution")).toHaveTextContent("không chứng minh tin nhắn tạo ra doanh thu");
  });

  it("says what to do next when there is nothing to show, in English too", async () => {
    server(() => ({
      body: {
        ...OVERVIEW,
        points: { ...OVERVIEW.points, pointValueVnd: null, issuedVnd: null, liabilityVnd: null },
        nps: { weekly: [], total: { score: null, responses: 0 } },
        messages: { ...OVERVIEW.messages, byTag: OVERVIEW.messages.byTag.map((r) => ({ ...r, sent: 0 })), sent: 0 },
        campaigns: [],
        triggers: { conversionDays: 7, rows: [] },
      },
    }));
    renderConsole("/overview");
    expect(await screen.findByRole("link", { name: "Tạo khảo sát NPS" })).toHaveAttribute("href", "/surveys");
    expect(screen.getByRole("link", { name: "Đặt giá trị điểm" })).toHaveAttribute("href", "/games/settings");
    expect(screen.getByRole("link", { name: "Bật tin nhắn tự động" })).toHaveAttribute("href", "/triggers");
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    expect(await screen.findByRole("link", { name: "Create an NPS survey" })).toBeInTheDocument();
    expect(screen.getAllByText("Not valued in VND")).toHaveLength(2);
  });

  it("has an empty state with a next step when the brand has no members", async () => {
    server(() => ({ body: { ...OVERVIEW, members: { total: 0, active30: 0, active90: 0 } } }));
    renderConsole("/overview");
    expect(await screen.findByText("Chưa có thành viên nào")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Mở cài đặt chương trình" })).toHaveAttribute("href", "/programme");
  });
});
