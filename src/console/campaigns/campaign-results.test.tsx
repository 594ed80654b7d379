import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CampaignResults as Results } from "../../contract/campaigns";
import { AuthProvider } from "../auth-context";
import { LocaleProvider } from "../locale-context";
import { apiError, mockApi, type MockReply } from "../test-support/mock-api";
import { storeSession } from "../test-support/render-console";
import { CampaignResults } from "./campaign-results";

const ID = "5b0e6a52-3c1d-4f8e-9a7b-2c4d6e8f0a1b";
const PATH = `/api/console/campaigns/${ID}/results`;

const group = (g: "A" | "B" | "control", over: Partial<Results["groups"][number]> = {}): Results["groups"][number] => ({
  group: g,
  recipients: 120,
  notQueued: 0,
  waiting: 0,
  sent: g === "control" ? 0 : 118,
  delivered: g === "control" ? 0 : 110,
  failed: g === "control" ? 0 : 2,
  cancelled: 0,
  clicks: g === "control" ? 0 : 31,
  converted: 24,
  conversionRate: 0.2,
  revenueVnd: 4_800_000,
  ...over,
});

const RESULTS: Results = {
  campaignId: ID,
  status: "done",
  conversionDays: 7,
  audience: 260,
  recipients: 240,
  sent: 118,
  delivered: 110,
  failed: 2,
  failedByReason: [
    { reason: "no_phone", count: 1 },
    { reason: "zns_-118", count: 1 },
  ],
  clicks: 31,
  byChannel: [
    { channel: "zns", sent: 100, delivered: 92, failed: 2 },
    { channel: "miniapp", sent: 18, delivered: 0, failed: 0 },
  ],
  groups: [group("A"), group("control", { converted: 12, conversionRate: 0.1, revenueVnd: 2_000_000 })],
  lift: [{ arm: "A", difference: 0.1, lower: 0.0117, upper: 0.1862, relative: 1, significant: true, incrementalRevenueVnd: 2_800_000 }],
  series: [
    { date: "2026-11-24", sent: 118, delivered: 110, clicks: 20, conversions: { A: 10, control: 4 } },
    { date: "2026-11-25", sent: 0, delivered: 0, clicks: 11, conversions: { A: 14, control: 8 } },
  ],
  windowClosesAt: "2026-12-01T03:00:00.000Z",
  computedAt: "2026-12-06T03:00:00.000Z",
};

function show(reply: MockReply | (() => MockReply), more: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({ [`GET ${PATH}`]: typeof reply === "function" ? reply : () => reply, ...more });
  render(
    <AuthProvider>
      <LocaleProvider>
        <CampaignResults campaignId={ID} />
      </LocaleProvider>
    </AuthProvider>,
  );
  return api;
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

describe("<CampaignResults>", () => {
  it("shows the totals, each group, the lift with its interval, revenue labelled as attribution, and failures in words (vi)", async () => {
    const api = show({ body: RESULTS });
    expect(await screen.findByRole("heading", { name: "Kết quả" })).toBeInTheDocument();
    expect(api.to("GET", PATH)).toHaveLength(1);
    const stats = screen.getByText("Lượt bấm").closest("div")!;
    expect(within(stats).getByText("31")).toBeInTheDocument();
    expect(screen.getByText("260 khi gửi duyệt")).toBeInTheDocument();
    // +10,0 points (interval +1,2 to +18,6), significant, and the revenue the control group shows was caused.
    expect(screen.getByText(/Nhóm A: \+10,0 điểm % \(khoảng tin cậy 95 %: \+1,2 đến \+18,6\)/)).toBeInTheDocument();
    expect(screen.getByText("Có ý nghĩa thống kê")).toBeInTheDocument();
    expect(screen.getByText(/Doanh thu tăng thêm nhờ tin nhắn: 2\.800\.000/)).toBeInTheDocument();
    const control = screen.getByRole("row", { name: /Nhóm đối chứng/ });
    expect(within(control).getByText("10%")).toBeInTheDocument();
    expect(within(control).getAllByText("—")).toHaveLength(3);
    expect(screen.getByRole("columnheader", { name: "Doanh thu ghi nhận" })).toBeInTheDocument();
    expect(screen.getByText(/không có nghĩa tin nhắn tạo ra doanh thu đó/)).toBeInTheDocument();
    expect(screen.getByText("Khách chưa có số điện thoại")).toBeInTheDocument();
    expect(screen.getByText("Zalo từ chối (-118)")).toBeInTheDocument();
    // Per channel, in words; a notification has no delivery report, so no "0 delivered".
    const channels = screen.getByRole("table", { name: "Theo kênh" });
    expect(
      within(channels)
        .getAllByRole("row")
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(["Tin ZNS100922", "Thông báo Mini App18—0"]);
    expect(screen.getByText(/cột “Đã nhận” chỉ đếm tin ZNS/)).toBeInTheDocument();
    expect(await screen.findByRole("figure", { name: "Theo ngày" })).toBeInTheDocument();
  });

  it("exports every recipient as Excel with the campaign's id, in the console's language", async () => {
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:x"), revokeObjectURL: vi.fn() }));
    const file = `/api/console/exports/campaigns/${ID}`;
    const api = show({ body: RESULTS }, { [`GET ${file}`]: { text: "PK", headers: { "content-type": "application/octet-stream" } } });
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Định dạng tệp" }), "xlsx");
    await userEvent.click(screen.getByRole("button", { name: "Xuất tệp" }));
    await waitFor(() => expect(saved).toEqual(["chien-dich.xlsx"]));
    expect(Object.fromEntries(api.to("GET", file)[0]!.url.searchParams)).toEqual({ locale: "vi", format: "xlsx" });
  });

  it("in English; an inconclusive lift says the difference may be chance", async () => {
    localStorage.setItem("loyalloop.console.locale", "en");
    show({ body: { ...RESULTS, lift: [{ ...RESULTS.lift[0]!, lower: -0.02, significant: false, relative: null }] } });
    expect(await screen.findByRole("heading", { name: "Results" })).toBeInTheDocument();
    expect(screen.getByText(/Group A: \+10\.0 percentage points \(95% confidence interval: -2\.0 to \+18\.6\)/)).toBeInTheDocument();
    expect(screen.getByText("Not conclusive yet")).toBeInTheDocument();
    expect(screen.getByText("The interval contains 0: the difference may be chance.")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Attributed revenue" })).toBeInTheDocument();
    const channels = within(screen.getByRole("table", { name: "By channel" }));
    expect(channels.getByRole("rowheader", { name: "Mini App notification" })).toBeInTheDocument();
    // Labelled apart from the total "Not sent (any reason)", which counts recipients never queued too.
    expect(channels.getByRole("columnheader", { name: "Queued, not sent" })).toBeInTheDocument();
    expect(screen.getByText("Not sent (any reason)")).toBeInTheDocument();
  });

  it("without a control group it says the effect cannot be measured, and shows no lift", async () => {
    show({ body: { ...RESULTS, groups: [group("A")], lift: [] } });
    expect(await screen.findByText(/không có nhóm đối chứng nên không đo được tác động thật/)).toBeInTheDocument();
    expect(screen.queryByText(/điểm %/)).not.toBeInTheDocument();
  });

  it("nothing sent yet: an empty state that says when results appear", async () => {
    show({ body: { ...RESULTS, recipients: 0, groups: [group("A", { recipients: 0, conversionRate: null })], lift: [], series: [] } });
    expect(await screen.findByText(/Chưa có kết quả: chiến dịch chưa gửi cho ai/)).toBeInTheDocument();
  });

  it("a failed load says so and tries again", async () => {
    let calls = 0;
    show(() => (++calls === 1 ? apiError(503, "internal") : { body: RESULTS }));
    expect(await screen.findByText("Không tải được kết quả chiến dịch.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Thử lại/ }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Kết quả" })).toBeInTheDocument());
  });
});
