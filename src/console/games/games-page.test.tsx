import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleGameCampaign, GameResults } from "../../contract/game";
import { defaultWheelCampaign } from "../../domain/game/defaults";
import { meResponse } from "../test-support/fixtures";
import { apiError, mockApi, type MockReply } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const ID = "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const AT = "2026-06-20T03:00:00.000Z";
const base = defaultWheelCampaign(Date.parse(AT));
const CAMPAIGN: ConsoleGameCampaign = {
  ...base,
  startsAt: new Date(base.startsAt).toISOString(),
  endsAt: new Date(base.endsAt).toISOString(),
  id: ID,
  status: "draft",
  version: 1,
  createdAt: AT,
  updatedAt: AT,
  // p500 ran out: its odds go to the others (renormalised), and it says why.
  stockLeft: { p10: null, none_a: null, p50: 1000, p20: null, none_b: null, p100: 200, p200: 50, p500: 0 },
  spins: 12,
  wins: 7,
};
const RESULTS: GameResults = {
  campaignId: ID,
  spins: 12,
  uniquePlayers: 5,
  wins: 7,
  bySegment: base.segments.map((s, i) => ({ segmentId: s.id, label: s.label, prize: s.prize, draws: i, stockLeft: null })),
  pointsGiven: 130,
  pointsValueVnd: 65_000,
  pointValueVnd: 500,
  vouchersGiven: 0,
  playsGranted: { profile_completed: 1, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0, bought: 2 },
  pointsSpentOnPlays: 40,
  byDay: [{ day: "2026-06-21", spins: 12, wins: 7, points: 130 }],
  vouchersPointsCost: 300,
  period: { from: "2026-06-20", to: "2026-06-22" },
  checkins: {
    checkins: 9,
    members: 4,
    pointsGiven: 60,
    streaks: [1, 2, 3, 4, 5, 6, 7].map((cycleDay) => ({ cycleDay, members: cycleDay === 3 ? 2 : cycleDay === 1 ? 1 : 0 })),
    byDay: [{ day: "2026-06-22", checkins: 9 }],
  },
  referrals: { invited: 10, joined: 6, purchased: 3, rewarded: 2, rejected: 1, reversed: 1, pointsGiven: 300 },
};

function server(role: "manager" | "marketer", publish = (): MockReply => ({ body: { ...CAMPAIGN, status: "running", versions: [] } })) {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/games": { body: { campaigns: [CAMPAIGN] } },
    [`GET /api/console/games/${ID}/results`]: { body: RESULTS },
    [`POST /api/console/games/${ID}/publish`]: publish,
  });
}

describe("lucky wheel page", () => {
  it("shows the wheel, the odds after stock and the results", async () => {
    server("manager");
    renderConsole("/games");
    expect(await screen.findByRole("heading", { level: 1, name: "Vòng quay may mắn" })).toBeInTheDocument();
    expect(await screen.findByRole("img", { name: /10 điểm/ })).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Tỉ lệ trúng thực tế (sau tồn kho)" });
    const rows = within(table).getAllByRole("row");
    // Total weight without p500 (out of stock): 1000 − 10 = 990; p10 300/990 = 30,3 %.
    expect(rows[1]).toHaveTextContent("30,3 %");
    expect(rows[8]).toHaveTextContent("0 %");
    expect(rows[8]).toHaveTextContent("Không thể trúng: hết quà");
    await waitFor(() => expect(screen.getByText("≈ 65.000 ₫ (1 điểm = 500 ₫)")).toBeInTheDocument());
    expect(screen.getByText("Người chơi").nextSibling).toHaveTextContent("5");
  });

  it("results over a chosen period: the dates are asked for, an end before the start is said and not asked", async () => {
    const api = server("manager");
    renderConsole("/games");
    expect(await screen.findByText("Từ 20/06/2026 đến 22/06/2026")).toBeInTheDocument();
    const results = () => api.to("GET", `/api/console/games/${ID}/results`).map((r) => r.url.search);
    expect(results()).toEqual([""]);
    const from = screen.getByLabelText("Từ ngày");
    const to = screen.getByLabelText("Đến ngày");
    fireEvent.change(from, { target: { value: "2026-06-21" } });
    await waitFor(() => expect(results()).toEqual(["", "?from=2026-06-21"]));
    fireEvent.change(to, { target: { value: "2026-06-20" } });
    expect(await screen.findByRole("alert")).toHaveTextContent("Ngày kết thúc phải sau ngày bắt đầu.");
    expect(to).toHaveAttribute("aria-invalid", "true");
    fireEvent.change(to, { target: { value: "2026-06-22" } });
    await waitFor(() => expect(results()).toEqual(["", "?from=2026-06-21", "?from=2026-06-21&to=2026-06-22"]));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("results: vouchers at their points, the period, plays by action, streaks and the referral funnel", async () => {
    server("marketer");
    renderConsole("/games");
    expect(await screen.findByText("Từ 20/06/2026 đến 22/06/2026")).toBeInTheDocument();
    expect(screen.getByText(/Trị giá 300 điểm ≈ 150\.000 ₫/)).toBeInTheDocument();
    const plays = screen.getByRole("table", { name: "Lượt thêm khách nhận theo hành động" });
    expect(within(plays).getByRole("row", { name: /Hoàn thiện hồ sơ/ })).toHaveTextContent("1");
    expect(within(plays).getByRole("row", { name: /Đổi bằng điểm/ })).toHaveTextContent("2");
    const streaks = screen.getByRole("table", { name: /đang giữ chuỗi ngày 22\/06\/2026/ });
    expect(
      within(streaks)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["Ngày 11", "Ngày 20", "Ngày 32", "Ngày 40", "Ngày 50", "Ngày 60", "Ngày 70"]);
    expect(screen.getByText("9 lượt điểm danh của 4 thành viên, tặng 60 điểm.")).toBeInTheDocument();
    const funnel = screen.getByRole("heading", { name: "Giới thiệu bạn bè" }).parentElement!;
    expect([...funnel.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Đã nhận lời mời10100%",
      "Đã tham gia660%",
      "Đã mua hàng330%",
      "Đã nhận thưởng220%",
    ]);
    expect(funnel).toHaveTextContent(
      "1 lời mời bị từ chối (tự giới thiệu hoặc đã là thành viên), 1 bị thu hồi vì đơn mua đầu tiên đã được trả.",
    );
    // The chart loads on demand; its series say what it draws.
    expect(await screen.findByRole("figure", { name: "Theo ngày" })).toBeInTheDocument();
  });

  it("publishes after a confirmation; a refusal is said in words", async () => {
    const api = server("manager", () => apiError(409, "game_status_conflict"));
    renderConsole("/games");
    await userEvent.click(await screen.findByRole("button", { name: "Phát hành" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog).toHaveTextContent("Phát hành vòng quay?");
    await userEvent.click(within(dialog).getByRole("button", { name: "Đồng ý" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Trạng thái vòng quay vừa thay đổi");
    expect(api.requests.some((r) => r.method === "POST" && r.url.pathname.endsWith("/publish"))).toBe(true);
  });

  it("marketers read without the buttons that change a wheel", async () => {
    server("marketer");
    renderConsole("/games");
    expect(await screen.findByRole("img", { name: /10 điểm/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Phát hành" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Tạo vòng quay" })).toBeNull();
  });
});
