import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setNavigationBarTitle } from "zmp-sdk/apis";
import { card, me, session, summary } from "./test-utils/fixtures";
import { mockApi } from "./test-utils/fetch-mock";
import { renderApp, resetDevice } from "./test-utils/render-app";

vi.mock("zmp-sdk/apis", async (original) => ({
  ...(await original<typeof import("zmp-sdk/apis")>()),
  setNavigationBarTitle: vi.fn(async () => undefined),
}));

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
  mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/ledger": { status: 200, body: { items: [], nextCursor: null } },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(setNavigationBarTitle).mockClear();
});

const onCard = () => screen.findByRole("button", { name: "Lịch sử điểm" });

/** What the browser's back button (or a phone's back gesture) does. */
async function browserBack() {
  // With nothing of the app's behind this page, the browser would go back out of the app.
  expect(window.history.length, "no browser history entry behind this page").toBeGreaterThan(1);
  await act(async () => {
    const popped = new Promise((resolve) => window.addEventListener("popstate", resolve, { once: true }));
    window.history.back();
    await popped;
  });
}

describe("back, in a browser", () => {
  it("the browser's back button goes back a page instead of leaving the app", async () => {
    const { user } = renderApp();
    await user.click(await onCard());
    expect(await screen.findByRole("heading", { name: "Lịch sử điểm", level: 1 })).toBeInTheDocument();

    await browserBack();

    await waitFor(() => expect(screen.queryByRole("heading", { name: "Lịch sử điểm", level: 1 })).not.toBeInTheDocument());
    expect(await onCard()).toBeInTheDocument();
  });

  it("the page's back arrow and the browser's back stay in step", async () => {
    const { user } = renderApp();
    await user.click(await onCard());
    await user.click(await screen.findByRole("button", { name: "Quay lại" }));
    await user.click(await onCard());
    await user.click(await screen.findByRole("button", { name: "Quay lại" }));
    await user.click(await screen.findByRole("button", { name: "Quyền lợi hạng thành viên" }));
    expect(await screen.findByRole("heading", { name: "Quyền lợi hạng thành viên", level: 1 })).toBeInTheDocument();

    // One step back from the tier benefits is the card, not a history page left earlier.
    await browserBack();
    expect(await onCard()).toBeInTheDocument();
    // Pages leave with a transition, so a page left earlier may still be in the DOM for a moment
    // on a busy machine: wait for the end state. Had back gone to the history page, its heading
    // would stay and this would fail.
    await waitFor(() => {
      expect(screen.queryByRole("heading", { name: "Lịch sử điểm", level: 1 })).not.toBeInTheDocument();
      expect(screen.queryByRole("heading", { name: "Quyền lợi hạng thành viên", level: 1 })).not.toBeInTheDocument();
    });
  });

  it("draws the page's own title and back arrow, and leaves Zalo's action bar alone", async () => {
    const { user } = renderApp();
    await user.click(await onCard());
    expect(await screen.findByRole("heading", { name: "Lịch sử điểm", level: 1 })).toBeVisible();
    expect(screen.getByRole("button", { name: "Quay lại" })).toBeInTheDocument();
    expect(setNavigationBarTitle).not.toHaveBeenCalled();
  });
});

describe("one header inside Zalo", () => {
  it("puts each page's title on Zalo's action bar and draws no second header or back arrow", async () => {
    vi.stubGlobal("ZJSBridge", {});
    const { user } = renderApp();
    await user.click(await onCard());
    await waitFor(() => expect(setNavigationBarTitle).toHaveBeenLastCalledWith({ title: "Lịch sử điểm" }));
    // Still a heading for screen readers, but not a second visible header, and no back arrow:
    // the action bar has Zalo's own.
    const heading = await screen.findByRole("heading", { name: "Lịch sử điểm", level: 1 });
    expect(heading.closest(".visually-hidden")).not.toBeNull();
    expect(screen.queryByRole("button", { name: "Quay lại" })).not.toBeInTheDocument();
    expect(document.querySelector(".page-title")).toBeNull();
  });

  it("names the card page after the brand when the shopper comes back to it", async () => {
    vi.stubGlobal("ZJSBridge", {});
    renderApp();
    await onCard();
    await waitFor(() => expect(setNavigationBarTitle).toHaveBeenLastCalledWith({ title: "Cà Phê Mây" }));
  });
});

describe("bottom tabs", () => {
  const tabNames = async () => {
    await onCard();
    const nav = document.querySelector(".bottom-nav");
    expect(nav).not.toBeNull();
    return within(nav as HTMLElement)
      .getAllByRole("button")
      .map((b) => b.textContent?.trim());
  };

  it("a member: Thẻ, Đổi quà, Trò chơi, Voucher, Tài khoản", async () => {
    renderApp();
    expect(await tabNames()).toEqual(["Thẻ", "Đổi quà", "Trò chơi", "Voucher", "Tài khoản"]);
  });

  it("the card drawn at the start has its tab lit, and the tabs go from there and back to it", async () => {
    const { user } = renderApp();
    const activeTab = () => document.querySelector(".bottom-nav .zaui-bottom-navigation-item-active")?.textContent?.trim();
    await onCard();
    // The start ("/") draws the card in place (routes.ts startScreen): the bar treats it as Thẻ.
    expect(activeTab()).toBe("Thẻ");
    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await waitFor(() => expect(activeTab()).toBe("Tài khoản"));
    await user.click(screen.getByRole("button", { name: "Thẻ" }));
    await onCard();
    await waitFor(() => expect(activeTab()).toBe("Thẻ"));
  });

  it("a member who is also counter staff: five tabs still, Nhân viên instead of Voucher, whose page opens from Tài khoản with a back arrow", async () => {
    mockApi({
      "GET /me": { status: 200, body: me({ role: "staff" }) },
      "GET /members/me/card": { status: 200, body: card() },
      "GET /members/me/summary": { status: 200, body: summary() },
      "GET /members/me/vouchers": { status: 200, body: { items: [] } },
    });
    window.history.replaceState(null, "", "/");
    const { user } = renderApp();
    // Counter staff open on the counter; their card is one tab away.
    await user.click(await screen.findByRole("button", { name: "Thẻ" }));
    expect(await tabNames()).toEqual(["Thẻ", "Đổi quà", "Trò chơi", "Nhân viên", "Tài khoản"]);

    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await user.click(await screen.findByRole("button", { name: "Voucher của tôi" }));
    expect(await screen.findByRole("heading", { name: "Voucher của tôi", level: 1 })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Quay lại" }));
    expect(await screen.findByRole("heading", { name: "Tài khoản", level: 1 })).toBeInTheDocument();
  });

  it("a member's account page has no voucher link: the Voucher tab is there", async () => {
    const { user } = renderApp();
    await onCard();
    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await screen.findByRole("heading", { name: "Tài khoản", level: 1 });
    expect(screen.queryByRole("button", { name: "Voucher của tôi" })).not.toBeInTheDocument();
  });
});
