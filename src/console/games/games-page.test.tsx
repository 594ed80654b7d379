import { screen, waitFor, within } from "@testing-library/react";
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
  byDay: [],
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
    const table = screen.getByRole("table");
    const rows = within(table).getAllByRole("row");
    // Total weight without p500 (out of stock): 1000 − 10 = 990; p10 300/990 = 30,3 %.
    expect(rows[1]).toHaveTextContent("30,3 %");
    expect(rows[8]).toHaveTextContent("0 %");
    expect(rows[8]).toHaveTextContent("Không thể trúng: hết quà");
    await waitFor(() => expect(screen.getByText("65.000 ₫")).toBeInTheDocument());
    expect(screen.getByText("Người chơi").nextSibling).toHaveTextContent("5");
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
