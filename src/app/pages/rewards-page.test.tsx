import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, card, me, reward, session, summary, voucher } from "../test-utils/fixtures";
import { mockApi, type Call } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

const COFFEE = reward(1, { name: "Cà phê sữa đá", description: "Một ly size M.", pointsCost: 50, stock: 12 });
const CATALOG = {
  items: [
    COFFEE,
    reward(2, { name: "Bánh croissant", pointsCost: 80, redeemable: false, blockedBy: "insufficient_points" }),
    reward(3, { name: "Ly giữ nhiệt", pointsCost: 40, stock: 0, redeemable: false, blockedBy: "out_of_stock" }),
    reward(4, { name: "Giảm 20%", pointsCost: 40, eligibleTiers: ["gold"], redeemable: false, blockedBy: "tier_not_eligible" }),
    reward(5, { name: "Quà Tết", pointsCost: 40, eligibleTiers: ["gold", "diamond"], redeemable: false, blockedBy: "tier_not_eligible" }),
  ],
  available: 60,
};
const KEY_RE = /^[A-Za-z0-9._:-]{8,100}$/;

function rewardsApi(
  redeem: Parameters<typeof mockApi>[0][string] = {
    status: 200,
    body: { voucher: voucher(1, { rewardName: "Cà phê sữa đá" }), balance: 10, replayed: false },
  },
) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /rewards": { status: 200, body: CATALOG },
    "POST /members/me/redemptions": redeem,
    "GET /members/me/vouchers": { status: 200, body: { items: [voucher(1, { rewardName: "Cà phê sữa đá" })] } },
  });
}

async function openRewards() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Đổi quà" }));
  await screen.findByTestId("rewards-available");
  return app;
}

const card_ = (name: string) => screen.getByRole("article", { name });

async function askToRedeem(user: ReturnType<typeof renderApp>["user"]) {
  await user.click(within(card_("Cà phê sữa đá")).getByRole("button", { name: "Đổi quà" }));
  return screen.findByRole("dialog", { name: "Đổi 50 điểm lấy Cà phê sữa đá?" });
}

describe("rewards", () => {
  it("shows each reward with its cost and stock, and why the blocked ones cannot be redeemed", async () => {
    rewardsApi();
    await openRewards();

    expect(screen.getByTestId("rewards-available")).toHaveTextContent("Bạn có 60 điểm để đổi");
    const coffee = card_("Cà phê sữa đá");
    expect(coffee).toHaveTextContent("Một ly size M.");
    expect(coffee).toHaveTextContent("50 điểm");
    expect(coffee).toHaveTextContent("Còn 12 phần");
    expect(within(coffee).getByRole("button", { name: "Đổi quà" })).toBeEnabled();

    expect(within(card_("Bánh croissant")).getByTestId("reward-blocked")).toHaveTextContent("Cần thêm 20 điểm");
    expect(within(card_("Ly giữ nhiệt")).getByTestId("reward-blocked")).toHaveTextContent("Hết quà");
    expect(within(card_("Giảm 20%")).getByTestId("reward-blocked")).toHaveTextContent("Dành cho hạng Vàng");
    expect(within(card_("Quà Tết")).getByTestId("reward-blocked")).toHaveTextContent("Dành cho hạng Vàng hoặc Kim cương");
    for (const name of ["Bánh croissant", "Ly giữ nhiệt", "Giảm 20%", "Quà Tết"]) {
      expect(within(card_(name)).queryByRole("button")).not.toBeInTheDocument();
    }
  });

  it("confirms, redeems with an idempotency key, shows the voucher and refreshes the balance", async () => {
    const api = rewardsApi();
    const { user } = await openRewards();
    const dialog = await askToRedeem(user);
    expect(dialog).toHaveTextContent("Số điểm còn lại sau khi đổi: 10");
    const summaryReads = api.callsTo("GET /members/me/summary").length;

    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));

    const qr = await within(dialog).findByRole("img", { name: "Mã QR voucher" });
    expect(qr).toHaveAttribute("data-code", "LLV1.ABCD-EFGH-JKMN-PQ01");
    expect(within(dialog).getByTestId("voucher-code")).toHaveTextContent("ABCD-EFGH-JKMN-PQ01");
    expect(dialog).toHaveTextContent("Đổi quà thành công!");
    expect(dialog).toHaveTextContent("Hạn dùng: 20/12/2026");
    const [post] = api.callsTo("POST /members/me/redemptions");
    expect(post?.body).toEqual({ rewardId: COFFEE.id, idempotencyKey: expect.stringMatching(KEY_RE) });
    await waitFor(() => expect(api.callsTo("GET /members/me/summary").length).toBeGreaterThan(summaryReads));
    await waitFor(() => expect(api.callsTo("GET /rewards")).toHaveLength(2));

    await user.click(within(dialog).getByRole("button", { name: "Xem voucher của tôi" }));
    expect(await screen.findByRole("heading", { name: "Voucher của tôi" })).toBeInTheDocument();
  });

  it("retries after a network error with the same idempotency key, and uses a new one for the next redemption", async () => {
    const api = rewardsApi((_call: Call, nth: number) =>
      nth < 2
        ? "network-error"
        : { status: 200, body: { voucher: voucher(1, { rewardName: "Cà phê sữa đá" }), balance: 10, replayed: nth === 2 } },
    );
    const { user } = await openRewards();
    let dialog = await askToRedeem(user);
    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ");

    // Closing and asking again is still a retry of the same redemption.
    await user.click(within(dialog).getByRole("button", { name: "Huỷ" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    dialog = await askToRedeem(user);
    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ");
    await user.click(within(dialog).getByRole("button", { name: "Thử lại" }));
    await within(dialog).findByTestId("voucher-code");

    const keys = api.callsTo("POST /members/me/redemptions").map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);

    await user.click(within(dialog).getByRole("button", { name: "Xong" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    dialog = await askToRedeem(user);
    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));
    await within(dialog).findByTestId("voucher-code");
    const last = api.callsTo("POST /members/me/redemptions").at(-1)?.body as { idempotencyKey: string };
    expect(last.idempotencyKey).not.toBe(keys[0]);
  });

  it("explains a refusal and does not offer to retry it", async () => {
    const api = rewardsApi({ status: 409, body: apiError("out_of_stock") });
    const { user } = await openRewards();
    const dialog = await askToRedeem(user);
    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Quà này vừa hết.");
    expect(within(dialog).queryByRole("button", { name: "Thử lại" })).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Đóng" })).toBeInTheDocument();
    // The catalog is read again so the card shows the truth.
    await waitFor(() => expect(api.callsTo("GET /rewards")).toHaveLength(2));
  });
});
