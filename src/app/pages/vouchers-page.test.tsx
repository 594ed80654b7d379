import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { card, IDS, me, session, summary, voucher } from "../test-utils/fixtures";
import { mockApi, type Call } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

function vouchersApi(items: ReturnType<typeof voucher>[] | ((call: Call, nth: number) => ReturnType<typeof voucher>[])) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/vouchers": (call, nth) => ({ status: 200, body: { items: typeof items === "function" ? items(call, nth) : items } }),
    "GET /rewards": { status: 200, body: { items: [], available: 0 } },
  });
}

async function openVouchers(opts: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(opts);
  await app.user.click(await screen.findByRole("button", { name: "Voucher" }));
  return app;
}

describe("my vouchers", () => {
  it("lists vouchers with status badges, usable ones first, the rest greyed out and not tappable", async () => {
    vouchersApi([
      voucher(1, { rewardName: "Ly giữ nhiệt", status: "used", usedAt: "2026-11-21T03:00:00.000Z" }),
      voucher(2, { rewardName: "Cà phê sữa đá", status: "issued" }),
      voucher(3, { rewardName: "Bánh croissant", status: "expired" }),
    ]);
    await openVouchers();

    const list = await screen.findByRole("list", { name: "Voucher của tôi" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((i) => i.querySelector(".voucher-row__name")?.textContent)).toEqual([
      "Cà phê sữa đá",
      "Ly giữ nhiệt",
      "Bánh croissant",
    ]);
    expect(items[0]).toHaveTextContent("Chưa dùng");
    expect(items[0]).toHaveTextContent("Hạn dùng: 20/12/2026");
    expect(within(items[0]!).getByRole("button")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("Đã dùng");
    expect(items[1]).toHaveTextContent("Đã dùng ngày 21/11/2026");
    expect(items[2]).toHaveTextContent("Hết hạn");
    for (const inactive of [items[1]!, items[2]!]) {
      expect(within(inactive).queryByRole("button")).not.toBeInTheDocument();
      expect(inactive.querySelector(".voucher-row--inactive")).not.toBeNull();
    }
  });

  it("shows a voucher a manager cancelled as cancelled, with its points refunded, and not usable", async () => {
    vouchersApi([voucher(1, { rewardName: "Ly giữ nhiệt", status: "cancelled", cancelledAt: "2026-11-22T03:00:00.000Z" })]);
    await openVouchers();
    const list = await screen.findByRole("list", { name: "Voucher của tôi" });
    const [item] = within(list).getAllByRole("listitem");
    expect(item).toHaveTextContent("Đã huỷ");
    expect(item).toHaveTextContent("Huỷ ngày 22/11/2026, điểm đã được hoàn lại");
    expect(within(item!).queryByRole("button")).not.toBeInTheDocument();
  });

  it("opens a usable voucher as a big QR with its code and expiry", async () => {
    vouchersApi([voucher(2, { rewardName: "Cà phê sữa đá" })]);
    const { user } = await openVouchers();
    await user.click(await screen.findByRole("button", { name: /Cà phê sữa đá/ }));

    const dialog = await screen.findByRole("dialog", { name: "Cà phê sữa đá" });
    const qr = within(dialog).getByRole("img", { name: "Mã QR voucher" });
    expect(qr.tagName.toLowerCase()).toBe("svg");
    expect(qr).toHaveAttribute("data-code", "LLV1.ABCD-EFGH-JKMN-PQ02");
    expect(within(dialog).getByTestId("voucher-code")).toHaveTextContent("ABCD-EFGH-JKMN-PQ02");
    expect(dialog).toHaveTextContent("Hạn dùng: 20/12/2026");

    await user.click(within(dialog).getByRole("button", { name: "Đóng" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("notices while the QR is open that the cashier has used the voucher", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["setInterval", "clearInterval"] });
    try {
      const api = vouchersApi((_call, nth) => [voucher(2, nth === 0 ? {} : { status: "used", usedAt: "2026-11-23T04:00:00.000Z" })]);
      const { user } = await openVouchers({ advanceTimers: vi.advanceTimersByTime });
      await user.click(await screen.findByRole("button", { name: /Quà 2/ }));
      const dialog = await screen.findByRole("dialog", { name: "Quà 2" });
      expect(within(dialog).getByRole("img", { name: "Mã QR voucher" })).toBeInTheDocument();

      await act(() => vi.advanceTimersByTimeAsync(5000));
      expect(await within(dialog).findByText("Voucher đã được sử dụng. Cảm ơn bạn!")).toBeInTheDocument();
      expect(within(dialog).queryByRole("img", { name: "Mã QR voucher" })).not.toBeInTheDocument();
      expect(api.callsTo("GET /members/me/vouchers")).toHaveLength(2);

      // Closed: no more polling.
      await user.click(within(dialog).getByRole("button", { name: "Đóng" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
      await act(() => vi.advanceTimersByTimeAsync(15_000));
      expect(api.callsTo("GET /members/me/vouchers")).toHaveLength(2);
      expect(screen.getByRole("list", { name: "Voucher của tôi" })).toHaveTextContent("Đã dùng");
    } finally {
      vi.useRealTimers();
    }
  });

  it("points to the rewards when there is no voucher yet", async () => {
    vouchersApi([]);
    const { user } = await openVouchers();

    expect(await screen.findByRole("heading", { name: "Bạn chưa có voucher nào" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Xem quà" }));
    expect(await screen.findByRole("heading", { name: "Đổi quà", level: 1 })).toBeInTheDocument();
  });

  describe("offline (item 10)", () => {
    /** 10:47 in Hà Nội on 23/11/2026. */
    const LOADED_AT = Date.UTC(2026, 10, 23, 3, 47, 0);

    beforeEach(() => {
      vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date"] });
      vi.setSystemTime(LOADED_AT);
    });
    afterEach(() => vi.useRealTimers());

    /** One launch with signal: the list is read and kept on the phone. */
    async function loadOnceOnline() {
      vouchersApi([voucher(2, { rewardName: "Cà phê sữa đá" }), voucher(1, { rewardName: "Ly giữ nhiệt", status: "used" })]);
      const first = await openVouchers();
      await screen.findByRole("button", { name: /Cà phê sữa đá/ });
      first.unmount();
      vi.setSystemTime(LOADED_AT + 2 * 3_600_000);
    }

    it("shows the last list and a usable voucher's QR with no signal, saying when it was last updated", async () => {
      await loadOnceOnline();
      // The next launch: every API call fails (the session and /me are cached on the phone).
      mockApi({
        "GET /me": "network-error",
        "GET /members/me/card": "network-error",
        "GET /members/me/summary": "network-error",
        "GET /members/me/vouchers": "network-error",
      });
      const { user } = await openVouchers();

      const list = await screen.findByRole("list", { name: "Voucher của tôi" });
      expect(
        within(list)
          .getAllByRole("listitem")
          .map((i) => i.querySelector(".voucher-row__name")?.textContent),
      ).toEqual(["Cà phê sữa đá", "Ly giữ nhiệt"]);
      expect(await screen.findByText(/Đang ngoại tuyến — mã voucher vẫn dùng được/)).toHaveTextContent(
        "Cập nhật lần cuối: 23/11/2026 · 10:47",
      );
      expect(screen.queryByRole("alert")).not.toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: /Cà phê sữa đá/ }));
      const dialog = await screen.findByRole("dialog", { name: "Cà phê sữa đá" });
      expect(within(dialog).getByRole("img", { name: "Mã QR voucher" })).toHaveAttribute("data-code", "LLV1.ABCD-EFGH-JKMN-PQ02");
      expect(within(dialog).getByTestId("voucher-code")).toHaveTextContent("ABCD-EFGH-JKMN-PQ02");
      expect(dialog).toHaveTextContent("Cập nhật lần cuối: 23/11/2026 · 10:47");
    });

    it("keeps the list on screen when a refresh fails after a successful load", async () => {
      vouchersApi((_call, nth) => {
        if (nth > 0) throw new TypeError("Failed to fetch");
        return [voucher(2, { rewardName: "Cà phê sữa đá" })];
      });
      const { user } = await openVouchers();
      await screen.findByRole("button", { name: /Cà phê sữa đá/ });
      expect(screen.queryByText(/Cập nhật lần cuối/)).not.toBeInTheDocument();

      // Away and back (a page entry reads the list again): the network is gone by then.
      await user.click(screen.getByRole("button", { name: "Thẻ" }));
      await user.click(await screen.findByRole("button", { name: "Voucher" }));
      expect(await screen.findByText(/Cập nhật lần cuối: 23\/11\/2026 · 10:47/)).toBeInTheDocument();
      expect(screen.getByRole("button", { name: /Cà phê sữa đá/ })).toBeInTheDocument();
    });

    it("never shows another account's cached vouchers, and forgets them when another account signs in", async () => {
      await loadOnceOnline();
      expect(localStorage.getItem("ll.vouchers")).toContain("ABCD-EFGH-JKMN-PQ02");
      // Another Zalo account opens the Mini App on this phone, with signal for /me only.
      const other = { ...me(), user: { ...me().user, id: IDS.otherMember } };
      mockApi({
        "GET /me": { status: 200, body: other },
        "GET /members/me/card": "network-error",
        "GET /members/me/summary": "network-error",
        "GET /members/me/vouchers": "network-error",
      });
      await openVouchers();

      expect(await screen.findByRole("alert")).toBeInTheDocument();
      expect(screen.queryByText("Cà phê sữa đá")).not.toBeInTheDocument();
      expect(localStorage.getItem("ll.vouchers")).toBeNull();
    });
  });
});
