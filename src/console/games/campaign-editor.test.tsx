import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleGameCampaignDetail } from "../../contract/game";
import { defaultWheelCampaign } from "../../domain/game/defaults";
import { meResponse, SESSION } from "../test-support/fixtures";
import { mockApi, type MockReply, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  storeSession();
});

const ID = "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const AT = "2026-06-20T03:00:00.000Z";
const base = defaultWheelCampaign(Date.parse(AT));
function campaign(status: ConsoleGameCampaignDetail["status"] = "draft"): ConsoleGameCampaignDetail {
  return {
    ...base,
    startsAt: new Date(base.startsAt).toISOString(),
    endsAt: new Date(base.endsAt).toISOString(),
    id: ID,
    status,
    version: 3,
    createdAt: AT,
    updatedAt: AT,
    stockLeft: { p10: null, none_a: null, p50: 1000, p20: null, none_b: null, p100: 200, p200: 50, p500: 10 },
    spins: 0,
    wins: 0,
    versions: [],
  };
}

function server(
  role: "manager" | "marketer",
  extra: Record<string, MockReply | ((r: MockRequest) => MockReply)> = {},
  status = campaign().status,
) {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/games": { body: { campaigns: [campaign(status)] } },
    [`GET /api/console/games/${ID}`]: { body: campaign(status) },
    [`GET /api/console/games/${ID}/results`]: {
      body: {
        campaignId: ID,
        spins: 0,
        uniquePlayers: 0,
        wins: 0,
        bySegment: [],
        pointsGiven: 0,
        pointsValueVnd: null,
        pointValueVnd: null,
        vouchersGiven: 0,
        playsGranted: { profile_completed: 0, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0, bought: 0 },
        pointsSpentOnPlays: 0,
        byDay: [],
        vouchersPointsCost: 0,
        period: { from: "2026-06-20", to: "2026-06-20" },
        checkins: { checkins: 0, members: 0, pointsGiven: 0, streaks: [], byDay: [] },
        referrals: { invited: 0, joined: 0, purchased: 0, rewarded: 0, rejected: 0, reversed: 0, pointsGiven: 0 },
      },
    },
    "GET /api/console/rewards": { body: { items: [] } },
    "GET /api/console/stores": { body: { stores: [] } },
    ...extra,
  });
}

const oddsRow = (i: number) => within(screen.getByRole("table", { name: "Tỉ lệ trúng thực tế (sau tồn kho)" })).getAllByRole("row")[i + 1]!;

describe("wheel campaign editor", () => {
  it("checks the form before sending: each problem in words next to its field, nothing sent", async () => {
    const user = userEvent.setup();
    const api = server("manager");
    renderConsole(`/games/${ID}`);
    const name = await screen.findByLabelText("Tên (tiếng Việt)");
    await user.clear(name);
    await user.clear(screen.getByLabelText("Trọng số ô 2"));
    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Không được để trống.");
    expect(screen.getByLabelText("Trọng số ô 2")).toHaveAccessibleDescription("Trọng số là số nguyên từ 0 đến 1000000.");
    expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("Còn 2 chỗ cần sửa"))).toBe(true);
    expect(api.to("PUT", `/api/console/games/${ID}`)).toHaveLength(0);
  });

  it("shows the server's game_invalid issues on their fields, and a saved edit is a new version based on the one read", async () => {
    const user = userEvent.setup();
    let refuse = true;
    const api = server("manager", {
      [`PUT /api/console/games/${ID}`]: () =>
        refuse
          ? {
              status: 422,
              body: {
                error: {
                  code: "game_invalid",
                  message: "x",
                  issues: [{ code: "stock_range", field: "segments.2.stock", params: { min: 0, max: 10_000_000 } }],
                },
              },
            }
          : { body: { ...campaign(), version: 4 } },
    });
    renderConsole(`/games/${ID}`);
    const stock = await screen.findByLabelText("Số lượng quà ô 3");
    await user.clear(stock);
    await user.type(stock, "500");
    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    await waitFor(() => expect(stock).toHaveAttribute("aria-invalid", "true"));
    expect(stock).toHaveAccessibleDescription("Số lượng quà từ 0 đến 10000000 (để trống: không giới hạn).");
    expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("Vòng quay chưa hợp lệ"))).toBe(true);
    // Editing the field takes the server's word away.
    await user.type(stock, "0");
    expect(stock).toHaveAttribute("aria-invalid", "false");
    refuse = false;
    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    await waitFor(() => expect(currentLocation().pathname).toBe("/games"));
    const sent = api.to("PUT", `/api/console/games/${ID}`).at(-1)!.body as { basedOnVersion: number; segments: { stock: number | null }[] };
    expect(sent.basedOnVersion).toBe(3);
    expect(sent.segments[2]!.stock).toBe(5000);
  });

  it("the odds preview follows weights and stock as they are typed", async () => {
    const user = userEvent.setup();
    server("manager");
    renderConsole("/games/new");
    await screen.findByLabelText("Trọng số ô 1");
    // The default wheel: weights add to 1000; p10 300 → 30 %.
    expect(oddsRow(0)).toHaveTextContent("30 %");
    expect(oddsRow(1)).toHaveTextContent("17 %");
    await user.clear(screen.getByLabelText("Trọng số ô 1"));
    await user.type(screen.getByLabelText("Trọng số ô 1"), "0");
    // 700 left: none_a 170 / 700.
    expect(oddsRow(0)).toHaveTextContent("0 %");
    expect(oddsRow(1)).toHaveTextContent("24,29 %");
    // p50 without stock cannot be won: its weight goes to the others (580), and it says why.
    await user.clear(screen.getByLabelText("Số lượng quà ô 3"));
    await user.type(screen.getByLabelText("Số lượng quà ô 3"), "0");
    expect(oddsRow(2)).toHaveTextContent("Không thể trúng: hết quà");
    expect(oddsRow(1)).toHaveTextContent("29,31 %");
    expect(screen.getByRole("img", { name: /10 điểm/ })).toBeInTheDocument();
  });

  it("a running wheel: an edit that changes the odds says it makes a new version", async () => {
    const user = userEvent.setup();
    server("manager", {}, "running");
    renderConsole(`/games/${ID}`);
    const label = await screen.findByLabelText("Nhãn tiếng Việt ô 1");
    await user.type(label, "!");
    const note = () => screen.getAllByRole("status").find((s) => s.classList.contains("games-version-note"));
    expect(note()).toHaveTextContent("Lưu sẽ tạo phiên bản 4. Lượt quay đã có vẫn giữ phiên bản cũ.");
    await user.clear(screen.getByLabelText("Trọng số ô 1"));
    await user.type(screen.getByLabelText("Trọng số ô 1"), "10");
    expect(note()).toHaveTextContent("đổi tỉ lệ trúng của vòng quay đang chạy: lưu sẽ tạo phiên bản 4");
  });

  it("marketers read the same form, with nothing they can change", async () => {
    server("marketer");
    renderConsole(`/games/${ID}`);
    expect(await screen.findByRole("heading", { level: 1, name: "Cấu hình vòng quay" })).toBeInTheDocument();
    expect(screen.getByLabelText("Tên (tiếng Việt)")).toBeDisabled();
    expect(screen.getByLabelText("Trọng số ô 1")).toBeDisabled();
    expect(screen.queryByRole("button", { name: /Lưu/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Thêm ô" })).toBeNull();
    expect(oddsRow(0)).toHaveTextContent("30 %");
  });

  it("asks before leaving with unsaved edits (sidebar link and back button); stays when told no", async () => {
    const user = userEvent.setup();
    server("manager");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    renderConsole(`/games/${ID}`);
    // Nothing edited: leaving asks nothing.
    await screen.findByLabelText("Tên (tiếng Việt)");
    await user.type(screen.getByLabelText("Tên (tiếng Việt)"), " mới");
    expect(screen.getByText("Có thay đổi chưa lưu")).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Thành viên" }));
    expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    expect(currentLocation().pathname).toBe(`/games/${ID}`);
    await user.click(screen.getByRole("button", { name: /Danh sách vòng quay/ }));
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(currentLocation().pathname).toBe(`/games/${ID}`);
    // The browser's own prompt on closing the tab.
    const unload = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
    confirm.mockReturnValue(true);
    await user.click(screen.getByRole("button", { name: /Danh sách vòng quay/ }));
    await waitFor(() => expect(currentLocation().pathname).toBe("/games"));
  });

  it("leaves without asking when nothing was edited", async () => {
    const user = userEvent.setup();
    server("manager");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    renderConsole(`/games/${ID}`);
    await user.click(await screen.findByRole("button", { name: /Danh sách vòng quay/ }));
    await waitFor(() => expect(currentLocation().pathname).toBe("/games"));
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe("games list: results download", () => {
  it("downloads the draws CSV with the session's token and saves the blob", async () => {
    const user = userEvent.setup();
    const saved: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:draws"), revokeObjectURL: vi.fn() }));
    const api = server("marketer", {
      [`GET /api/console/games/${ID}/draws.csv`]: {
        text: "\uFEFFdraw_id\r\n",
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="vong-quay-draws.csv"' },
      },
    });
    renderConsole("/games");
    await user.click(await screen.findByRole("button", { name: "Tải lịch sử quay" }));
    await waitFor(() => expect(saved).toEqual([{ name: "vong-quay-draws.csv", href: "blob:draws" }]));
    const [request] = api.to("GET", `/api/console/games/${ID}/draws.csv`);
    expect(request!.headers?.get("authorization")).toBe(`Bearer ${SESSION.accessToken}`);
    expect(request!.url.searchParams.get("locale")).toBe("vi");
  });
});

describe("game settings", () => {
  const settings = (role: "manager" | "marketer", extra: Record<string, MockReply | ((r: MockRequest) => MockReply)> = {}) =>
    server(role, {
      "GET /api/console/checkin/config": {
        body: { enabled: true, pointsPerDay: [5, 5, 10, 10, 15, 15, 30], updatedAt: null, updatedBy: null },
      },
      "GET /api/console/referrals/config": {
        body: { enabled: false, referrerPoints: 100, friendPoints: 50, monthlyCap: 5, updatedAt: null, updatedBy: null },
      },
      "GET /api/console/game-settings": {
        body: { pointValueVnd: null, limits: { min: 1, max: 1_000_000 }, changedAt: null, changedBy: null },
      },
      ...extra,
    });

  it("saves check-in points per day, the referral rewards and the point value; a bad day is named before sending", async () => {
    const user = userEvent.setup();
    const api = settings("manager", {
      "PUT /api/console/checkin/config": ({ body }) => ({ body: { ...(body as object), updatedAt: AT, updatedBy: "Lan" } }),
      "PUT /api/console/referrals/config": ({ body }) => ({ body: { ...(body as object), updatedAt: AT, updatedBy: "Lan" } }),
      "PUT /api/console/game-settings": ({ body }) => ({
        body: { ...(body as object), limits: { min: 1, max: 1_000_000 }, changedAt: AT, changedBy: "Lan" },
      }),
    });
    renderConsole("/games/settings");
    const checkin = await screen.findByRole("region", { name: "Điểm danh hằng ngày" });
    const day7 = within(checkin).getByLabelText("Ngày 7");
    await user.clear(day7);
    await user.type(day7, "20000");
    await user.click(within(checkin).getByRole("button", { name: "Lưu" }));
    expect(day7).toHaveAccessibleDescription("Tối đa 10000 điểm một ngày.");
    expect(api.to("PUT", "/api/console/checkin/config")).toHaveLength(0);
    await user.clear(day7);
    await user.type(day7, "50");
    await user.click(within(checkin).getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(api.to("PUT", "/api/console/checkin/config")).toHaveLength(1));
    expect(api.to("PUT", "/api/console/checkin/config")[0]!.body).toEqual({ enabled: true, pointsPerDay: [5, 5, 10, 10, 15, 15, 50] });

    const referral = screen.getByRole("region", { name: "Giới thiệu bạn bè" });
    await user.click(within(referral).getByLabelText("Đang bật"));
    fireEvent.change(within(referral).getByLabelText("Điểm cho người bạn"), { target: { value: "80" } });
    await user.click(within(referral).getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(api.to("PUT", "/api/console/referrals/config")).toHaveLength(1));
    expect(api.to("PUT", "/api/console/referrals/config")[0]!.body).toEqual({
      enabled: true,
      referrerPoints: 100,
      friendPoints: 80,
      monthlyCap: 5,
    });

    const value = screen.getByRole("region", { name: "Giá trị điểm" });
    await user.type(within(value).getByLabelText("Giá trị một điểm (₫)"), "500");
    await user.click(within(value).getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(api.to("PUT", "/api/console/game-settings")).toHaveLength(1));
    expect(api.to("PUT", "/api/console/game-settings")[0]!.body).toEqual({ pointValueVnd: 500 });
    expect(await within(value).findByRole("status")).toHaveTextContent("Đã lưu.");
  });

  it("marketers read the settings without a Save button", async () => {
    settings("marketer");
    renderConsole("/games/settings");
    const checkin = await screen.findByRole("region", { name: "Điểm danh hằng ngày" });
    expect(within(checkin).getByLabelText("Ngày 1")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Lưu" })).toBeNull();
  });
});
