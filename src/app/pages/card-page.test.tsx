import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memberQrCode } from "../../domain/member-qr/member-qr";
import { card, IDS, me, QR_SECRET, session, summary } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

/** Five seconds into a 30 s QR step (steps start at multiples of 30 s since the epoch). */
const T0 = Date.UTC(2026, 10, 23, 4, 0, 5);

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
  // shouldAdvanceTime: Testing Library's polling still runs while we control Date and intervals.
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function qrCodeText() {
  const qr = await screen.findByRole("img", { name: "Mã QR thành viên" });
  return qr.getAttribute("data-code");
}

describe("member card", () => {
  it("shows the member, tier and a QR of the current code", async () => {
    mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card({ tier: "gold", pointsBalance: 1250, serverTime: new Date(T0).toISOString() }) },
    });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    const qr = await screen.findByRole("img", { name: "Mã QR thành viên" });
    expect(qr.tagName.toLowerCase()).toBe("svg");
    expect(qr.querySelector("path")?.getAttribute("d")).toMatch(/^M\d/);
    expect(qr.getAttribute("data-code")).toBe(memberQrCode(IDS.member, QR_SECRET, T0));
    expect(screen.getByRole("heading", { name: "Nguyễn Minh Anh" })).toBeInTheDocument();
    expect(screen.getByText("Vàng")).toBeInTheDocument();
    expect(screen.getByTestId("member-no")).toHaveTextContent("00000042");
    // Intl vi-VN groups thousands with a dot.
    expect(screen.getByTestId("points-balance")).toHaveTextContent("1.250 điểm");
    expect(screen.getByText("Mã mới sau 25 giây")).toBeInTheDocument();
  });

  it("draws a new code when the 30-second step changes", async () => {
    mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card({ serverTime: new Date(T0).toISOString() }) },
    });
    renderApp({ advanceTimers: vi.advanceTimersByTime });
    const first = await qrCodeText();
    expect(first).toBe(memberQrCode(IDS.member, QR_SECRET, T0));

    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(await qrCodeText()).toBe(first);
    expect(screen.getByText("Mã mới sau 5 giây")).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(6_000));
    const second = await qrCodeText();
    expect(second).not.toBe(first);
    expect(second).toBe(memberQrCode(IDS.member, QR_SECRET, T0 + 30_000));
    expect(screen.getByText("Mã mới sau 29 giây")).toBeInTheDocument();
  });

  it("follows the server clock, not the phone's", async () => {
    const serverAhead = 95_000;
    mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card({ serverTime: new Date(T0 + serverAhead).toISOString() }) },
    });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await qrCodeText()).toBe(memberQrCode(IDS.member, QR_SECRET, T0 + serverAhead));
  });

  it("still draws the cached card's QR offline, with an offline hint", async () => {
    localStorage.setItem("ll.card", JSON.stringify({ card: card(), clockOffsetMs: 0 }));
    localStorage.setItem("ll.me", JSON.stringify(me()));
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": "network-error" });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await screen.findByText("Đang ngoại tuyến — mã QR vẫn dùng được")).toBeInTheDocument();
    expect(await qrCodeText()).toBe(memberQrCode(IDS.member, QR_SECRET, T0));
  });

  it("opens on the cached card when even sign-in has no network", async () => {
    localStorage.setItem("ll.card", JSON.stringify({ card: card(), clockOffsetMs: 0 }));
    localStorage.setItem("ll.me", JSON.stringify(me()));
    mockApi({ "GET /me": "network-error", "GET /members/me/card": "network-error" });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await screen.findByText("Đang ngoại tuyến — mã QR vẫn dùng được")).toBeInTheDocument();
    expect(await qrCodeText()).toBe(memberQrCode(IDS.member, QR_SECRET, T0));
  });

  it("never shows a cached card that belongs to another account", async () => {
    localStorage.setItem("ll.card", JSON.stringify({ card: card({ displayName: "Người khác" }), clockOffsetMs: 0 }));
    localStorage.setItem("ll.me", JSON.stringify({ ...me(), user: { ...me().user, id: IDS.otherMember } }));
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": "network-error" });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await screen.findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ");
    expect(screen.queryByText("Người khác")).not.toBeInTheDocument();
    expect(screen.queryByRole("img", { name: "Mã QR thành viên" })).not.toBeInTheDocument();
  });

  it("sends someone who is no longer a member back to onboarding", async () => {
    mockApi({
      // Membership removed on the server after this app last read /me.
      "GET /me": (_call, nth) => ({ status: 200, body: me({ isMember: nth === 0 }) }),
      "GET /members/me/card": { status: 403, body: { error: { code: "not_a_member", message: "x" } } },
    });
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await screen.findByRole("button", { name: "Trở thành thành viên" })).toBeInTheDocument();
  });
});

describe("member summary under the card", () => {
  function summaryApi(body = summary()) {
    return mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card({ pointsBalance: 0, serverTime: new Date(T0).toISOString() }) },
      "GET /members/me/summary": { status: 200, body },
    });
  }

  it("shows the tier, the spend to the next tier, points about to expire, and the balance from the summary", async () => {
    const api = summaryApi();
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    const progress = await screen.findByTestId("tier-progress");
    expect(progress).toHaveTextContent("Chi tiêu thêm 1.250.000 ₫ để lên hạng Vàng");
    expect(screen.getByRole("heading", { name: "Hạng Bạc" })).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Tiến độ lên hạng Vàng" })).toHaveAttribute("aria-valuenow", "75");
    expect(screen.getByTestId("points-expiry")).toHaveTextContent("50 điểm sẽ hết hạn vào 31/12/2026");
    // The card said 0; the summary is fresher.
    expect(screen.getByTestId("points-balance")).toHaveTextContent("1.250 điểm");
    expect(api.callsTo("GET /members/me/summary")[0]?.query).toEqual({ locale: "vi" });
  });

  it("says so at the top tier and has no expiry line when nothing expires", async () => {
    summaryApi(summary({ nextTier: null, remainingVnd: 0, progress: 1, nextExpiry: null }));
    renderApp({ advanceTimers: vi.advanceTimersByTime });

    expect(await screen.findByTestId("tier-progress")).toHaveTextContent("Bạn đang ở hạng cao nhất");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(screen.queryByTestId("points-expiry")).not.toBeInTheDocument();
  });

  it("opens the tier benefits with the rules in plain words", async () => {
    summaryApi();
    const { user } = renderApp({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole("button", { name: "Quyền lợi hạng thành viên" }));

    const current = await screen.findByRole("region", { name: "Bạc" });
    expect(within(current).getByText("Hạng hiện tại của bạn")).toBeInTheDocument();
    expect(within(current).getByText("Quà sinh nhật")).toBeInTheDocument();
    const next = screen.getByRole("region", { name: "Vàng" });
    expect(within(next).getByText("Ưu đãi riêng cho hạng Vàng")).toBeInTheDocument();
    expect(within(next).getByText("Khi chi tiêu từ 5.000.000 ₫")).toBeInTheDocument();
    const rules = within(screen.getByTestId("tier-rules"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(rules).toEqual(["Chi tiêu 2.000.000 ₫ trong 12 tháng gần nhất để lên hạng Bạc", "Hạng được xét lại mỗi ngày"]);
  });

  it("reads the summary again in English when the shopper switches language", async () => {
    const api = summaryApi();
    const { user } = renderApp({ advanceTimers: vi.advanceTimersByTime });
    await screen.findByTestId("tier-progress");
    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await user.click(await screen.findByRole("radio", { name: "English" }));
    await user.click(await screen.findByRole("button", { name: "Card" }));

    expect(await screen.findByText("Spend 1,250,000 ₫ more to reach Vàng")).toBeInTheDocument();
    expect(screen.getByTestId("points-expiry")).toHaveTextContent("50 points expire on 31/12/2026");
    expect(api.callsTo("GET /members/me/summary").map((c) => c.query.locale)).toContain("en");
  });
});
