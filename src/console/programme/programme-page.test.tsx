import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ProgrammePreview, ProgrammeView } from "../../contract/programme";
import { DEFAULT_TIER_RULES } from "../../domain/loyalty/tiers";
import { PROGRAMME_LIMITS } from "../../domain/loyalty/programme";
import { meResponse } from "../test-support/fixtures";
import { mockApi, type MockReply } from "../test-support/mock-api";
import { currentLocation, renderConsole, renderConsoleInBrowser, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const VIEW: ProgrammeView = {
  version: 3,
  settings: {
    earnRule: { vndPerPoint: 10_000, maxBillVnd: 100_000_000 },
    tierRules: DEFAULT_TIER_RULES,
    lotValidityMonths: 12,
    profileBonusPoints: 50,
    promotions: [],
  },
  changedAt: "2026-12-06T03:00:00.000Z",
  changedBy: "Chị Hoa",
  stores: [{ id: "5b0c7e1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d", name: "Quận 1", active: true }],
  history: [{ version: 3, at: "2026-12-06T03:00:00.000Z", by: "Chị Hoa", changed: ["earnRule"] }],
  limits: Object.fromEntries(Object.entries(PROGRAMME_LIMITS).map(([k, v]) => [k, { ...v }])),
};

/** What the server would answer: the bill at the new rate for the first tier, two members up. */
function preview(body: { settings: ProgrammeView["settings"]; billVnd: number }): ProgrammePreview {
  const after = Math.floor(body.billVnd / body.settings.earnRule.vndPerPoint);
  return {
    billVnd: body.billVnd,
    earn: [{ tier: "member", before: Math.floor(body.billVnd / 10_000), after }],
    promotion: null,
    lotExpiresAt: { before: "2027-12-06T16:59:59.999Z", after: "2027-12-06T16:59:59.999Z" },
    profileBonus: { before: 50, after: body.settings.profileBonusPoints },
    tierMoves: [{ from: "member", to: "silver", members: 2 }],
    up: 2,
    down: 0,
    tierRewards: { count: 0, rewards: [] },
  };
}

function server(role: "manager" | "marketer", answer = preview, refuse?: (settings: ProgrammeView["settings"]) => MockReply | null) {
  // What the server holds: a save makes the next read the new version.
  let current = VIEW;
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/programme": () => ({ body: current }),
    "POST /api/console/programme/preview": ({ body }) => ({ body: answer(body as Parameters<typeof preview>[0]) }),
    "PUT /api/console/programme": ({ body }) => {
      const refused = refuse?.((body as { settings: ProgrammeView["settings"] }).settings);
      if (refused) return refused;
      current = { ...VIEW, version: 4, settings: (body as { settings: ProgrammeView["settings"] }).settings };
      return { body: current };
    },
  });
}

describe("programme settings page", () => {
  it("says the limit at the field as you type, previews the new earn, and saves a new version from the one it read", async () => {
    const api = server("manager");
    const user = userEvent.setup();
    renderConsole("/programme");
    const rate = await screen.findByLabelText("Số tiền cho 1 điểm (₫)");
    expect(screen.getByText(/^Phiên bản 3 · Lưu lúc .* bởi Chị Hoa$/)).toBeTruthy();

    await user.clear(rate);
    await user.type(rate, "50");
    expect(await screen.findByText("Nhập số tiền từ 100 ₫ đến 1.000.000 ₫ cho 1 điểm.")).toBeTruthy();
    const save = screen.getByRole("button", { name: "Lưu phiên bản 4" });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    await user.type(rate, "00");
    await waitFor(() => expect(screen.queryByText(/Nhập số tiền từ 100/)).toBeNull());
    const panel = screen.getByRole("region", { name: "Xem trước tác động" });
    expect(await within(panel).findByText(/hóa đơn 350\.000 ₫ được 70 điểm/)).toBeTruthy();
    expect(within(panel).getByText("(trước: 35)")).toBeTruthy();
    expect(within(panel).getByText("2 thành viên sẽ đổi hạng theo ngưỡng mới")).toBeTruthy();

    // A threshold below the tier before it is refused at that tier's field.
    const gold = screen.getByRole("group", { name: "Vàng" });
    const threshold = within(gold).getByLabelText("Ngưỡng chi tiêu (₫)");
    await user.clear(threshold);
    await user.type(threshold, "1000");
    expect(await within(gold).findByText("Ngưỡng phải lớn hơn ngưỡng của hạng trước.")).toBeTruthy();
    await user.clear(threshold);
    await user.type(threshold, "5000000");

    await user.click(save);
    await waitFor(() => expect(api.to("PUT", "/api/console/programme")).toHaveLength(1));
    const sent = api.to("PUT", "/api/console/programme")[0]!.body as { basedOnVersion: number; settings: ProgrammeView["settings"] };
    expect(sent.basedOnVersion).toBe(3);
    expect(sent.settings.earnRule.vndPerPoint).toBe(5_000);
    expect(sent.settings.tierRules.tiers[2]!.thresholdVnd).toBe(5_000_000);
    expect(await screen.findByText(/Đã lưu phiên bản 4/)).toBeTruthy();
  });

  it("removes and adds tiers: the preview says where a removed tier's members go, the checks follow as you type", async () => {
    // The server moves the gold members to the tier their spend gives; two rewards are for gold
    // members only, and a save without gold is refused naming them.
    const noGold = (settings: ProgrammeView["settings"]) => !settings.tierRules.tiers.some((x) => x.code === "gold");
    const rewards = [
      { id: "40000000-0000-4000-8000-000000000002", name: "Giảm 20% hoá đơn" },
      { id: "40000000-0000-4000-8000-000000000003", name: "Ly giữ nhiệt" },
    ];
    const api = server(
      "manager",
      (body) => ({
        ...preview(body),
        tierMoves: noGold(body.settings) ? [{ from: "gold", to: "silver", members: 3 }] : [],
        tierRewards: noGold(body.settings) ? { count: 2, rewards } : { count: 0, rewards: [] },
      }),
      (settings) =>
        noGold(settings)
          ? {
              status: 409,
              body: {
                error: {
                  code: "programme_tier_in_use",
                  message: "Rewards are limited to a tier these settings remove.",
                  params: { count: 2 },
                  issues: rewards.map((r) => ({
                    code: "tier_has_rewards",
                    field: "tierRules.tiers",
                    params: { reward: r.name, rewardId: r.id, tiers: "gold" },
                  })),
                },
              },
            }
          : null,
    );
    const user = userEvent.setup();
    renderConsole("/programme");
    const gold = await screen.findByRole("group", { name: "Vàng" });
    await user.click(within(gold).getByRole("button", { name: "Xóa hạng Vàng" }));
    expect(screen.queryByRole("group", { name: "Vàng" })).toBeNull();
    // The entry tier cannot be removed.
    expect(within(screen.getByRole("group", { name: "Thành viên" })).queryByRole("button", { name: /Xóa hạng/ })).toBeNull();
    const panel = screen.getByRole("region", { name: "Xem trước tác động" });
    expect(
      await within(panel).findByText("3 thành viên đang ở hạng bị xóa (Vàng) chuyển ngay khi lưu sang hạng theo chi tiêu của họ."),
    ).toBeTruthy();
    expect(within(panel).getByText("Vàng → Bạc: 3")).toBeTruthy();
    const warning =
      "Chưa lưu được: 2 phần thưởng chỉ dành cho hạng bị xóa (Giảm 20% hoá đơn, Ly giữ nhiệt). Đổi hạng của chúng ở Phần thưởng trước.";
    expect(within(panel).getByText(warning)).toBeTruthy();
    // Saved anyway (before the preview came back, say): the server's refusal says the same.
    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(warning);

    // Added back, in its place on the ladder, halfway between its neighbours' thresholds.
    await user.click(screen.getByRole("button", { name: "Thêm hạng" }));
    const added = screen.getByRole("group", { name: "Vàng" });
    const threshold = within(added).getByLabelText("Ngưỡng chi tiêu (₫)");
    expect(
      screen
        .getAllByRole("group")
        .filter((g) => g.tagName === "FIELDSET")
        .map((g) => g.querySelector("legend")!.textContent),
    ).toEqual(expect.arrayContaining(["Thành viên", "Bạc", "Vàng", "Kim cương"]));
    await user.clear(threshold);
    await user.type(threshold, "100");
    expect(await within(added).findByText("Ngưỡng phải lớn hơn ngưỡng của hạng trước.")).toBeTruthy();
    await user.clear(threshold);
    await user.type(threshold, "9000000");
    await waitFor(() => expect(within(panel).queryByText(warning)).toBeNull());
    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    await waitFor(() => expect(api.to("PUT", "/api/console/programme")).toHaveLength(2));
    const sent = api.to("PUT", "/api/console/programme")[1]!.body as { settings: ProgrammeView["settings"] };
    expect(sent.settings.tierRules.tiers.map((x) => [x.code, x.thresholdVnd, x.name.vi, x.name.en])).toEqual([
      ["member", 0, "Thành viên", "Member"],
      ["silver", 2_000_000, "Bạc", "Silver"],
      ["gold", 9_000_000, "Vàng", "Gold"],
      ["diamond", 15_000_000, "Kim cương", "Diamond"],
    ]);
  });

  it("asks on the browser's Back while edits are unsaved and stays when told to; saved, Back goes back", async () => {
    server("manager");
    const user = userEvent.setup();
    renderConsoleInBrowser("/members", "/programme");
    const rate = await screen.findByLabelText("Số tiền cho 1 điểm (₫)");
    await user.type(rate, "0");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    // jsdom, like a browser, fires popstate after history.back() returns; the guard steps forward again.
    act(() => window.history.back());
    await waitFor(() => expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?"));
    await waitFor(() => expect(window.location.pathname).toBe("/console/programme"));
    expect(currentLocation().pathname).toBe("/programme");
    expect(screen.getByLabelText("Số tiền cho 1 điểm (₫)")).toHaveValue(100_000);

    await user.click(screen.getByRole("button", { name: "Lưu phiên bản 4" }));
    expect(await screen.findByText(/Đã lưu phiên bản 4/)).toBeTruthy();
    act(() => window.history.back());
    await waitFor(() => expect(currentLocation().pathname).toBe("/members"));
    expect(window.location.pathname).toBe("/console/members");
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it("a marketer reads the programme without a way to change it", async () => {
    server("marketer");
    renderConsole("/programme");
    const rate = await screen.findByLabelText("Số tiền cho 1 điểm (₫)");
    expect((rate as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText("Bạn đang xem ở chế độ chỉ đọc. Quản lý và Quản trị viên mới thay đổi được.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Lưu phiên bản/ })).toBeNull();
  });
});
