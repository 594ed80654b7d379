import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { card, me, session } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

async function openAccount() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Tài khoản" }));
  await screen.findByRole("heading", { name: "Tài khoản" });
  return app;
}

describe("account", () => {
  it("hides the test-mode role switcher when the server is not in dev identity mode", async () => {
    mockApi({ "GET /me": { status: 200, body: me({ devIdentity: false }) }, "GET /members/me/card": { status: 200, body: card() } });
    await openAccount();

    expect(screen.getByRole("heading", { name: "Nguyễn Minh Anh", level: 2 })).toBeInTheDocument();
    // Who you are here, in plain words: not "Vai trò: Khách hàng".
    expect(screen.getByTestId("account-role")).toHaveTextContent(/^Thành viên Cà Phê Mây$/);
    expect(screen.getByRole("radiogroup", { name: "Ngôn ngữ" })).toBeInTheDocument();
    expect(screen.queryByText("Chế độ thử nghiệm")).not.toBeInTheDocument();
    expect(screen.queryByRole("radiogroup", { name: "Vai trò thử nghiệm" })).not.toBeInTheDocument();
  });

  it("in dev identity mode switches to staff, keeps the new session and shows the staff tab", async () => {
    let role: "member" | "staff" = "member";
    const api = mockApi({
      "GET /me": () => ({ status: 200, body: me({ devIdentity: true, role }) }),
      "GET /members/me/card": { status: 200, body: card() },
      "POST /dev/role": () => {
        role = "staff";
        return { status: 200, body: { session: session("staff"), user: me({ role: "staff" }).user } };
      },
    });
    const { user } = await openAccount();
    expect(screen.queryByRole("button", { name: "Nhân viên" })).not.toBeInTheDocument();

    const switcher = screen.getByRole("radiogroup", { name: "Vai trò thử nghiệm" });
    expect(within(switcher).getByRole("radio", { name: "Khách hàng" })).toHaveAttribute("aria-checked", "true");
    await user.click(within(switcher).getByRole("radio", { name: "Nhân viên" }));

    expect(await screen.findByRole("button", { name: "Nhân viên" })).toBeInTheDocument();
    expect(api.callsTo("POST /dev/role")[0]?.body).toEqual({ role: "staff" });
    expect(JSON.parse(localStorage.getItem("ll.session") ?? "null")).toMatchObject({ accessToken: "access-staff" });
    // /me is read again with the new session.
    expect(api.callsTo("GET /me").at(-1)?.authorization).toBe("Bearer access-staff");
    expect(screen.getByTestId("account-role")).toHaveTextContent(/^Nhân viên Cà Phê Mây$/);
    expect(within(switcher).getByRole("radio", { name: "Nhân viên" })).toHaveAttribute("aria-checked", "true");
  });

  it("offers members their preferences, privacy choices, data, the stores and surveys", async () => {
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": { status: 200, body: card() } });
    const { user } = await openAccount();

    const links = screen.getByRole("navigation", { name: "Hồ sơ & quyền riêng tư" });
    expect(
      within(links)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Sở thích của tôi", "Quyền riêng tư & đồng ý", "Dữ liệu của tôi", "Cửa hàng", "Khảo sát"]);
    await user.click(within(links).getByRole("button", { name: "Dữ liệu của tôi" }));
    expect(await screen.findByRole("heading", { name: "Dữ liệu của tôi", level: 1 })).toBeInTheDocument();
  });

  it("has no member data screens for someone who has not joined", async () => {
    mockApi({
      "GET /me": { status: 200, body: me({ isMember: false, role: "staff" }) },
      "GET /members/me/card": { status: 200, body: card() },
    });
    await openAccount();
    expect(screen.queryByRole("navigation", { name: "Hồ sơ & quyền riêng tư" })).not.toBeInTheDocument();
  });

  it("switches the language to English and remembers it", async () => {
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": { status: 200, body: card() } });
    const { user } = await openAccount();

    await user.click(screen.getByRole("radio", { name: "English" }));
    expect(await screen.findByRole("heading", { name: "Account" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Card" })).toBeInTheDocument();
    expect(localStorage.getItem("ll.locale")).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    await user.click(screen.getByRole("radio", { name: "Tiếng Việt" }));
    expect(await screen.findByRole("heading", { name: "Tài khoản" })).toBeInTheDocument();
  });

  it("signs out: ends the server session and forgets the local one and the cached card", async () => {
    const api = mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card() },
      "POST /auth/logout": { status: 204 },
    });
    const { user } = await openAccount();
    await waitFor(() => expect(localStorage.getItem("ll.card")).not.toBeNull());

    await user.click(screen.getByRole("button", { name: "Đăng xuất" }));

    expect(await screen.findByRole("button", { name: "Đăng nhập lại" })).toBeInTheDocument();
    expect(api.callsTo("POST /auth/logout")[0]?.body).toEqual({ refreshToken: session().refreshToken });
    expect(localStorage.getItem("ll.session")).toBeNull();
    expect(localStorage.getItem("ll.card")).toBeNull();
    expect(localStorage.getItem("ll.me")).toBeNull();
  });

  it("does not ask for a phone the member already shared, even when the card had not loaded", async () => {
    mockApi({
      "GET /me": { status: 200, body: me() },
      // The card could not be read when the app opened (no network, nothing cached yet).
      "GET /members/me/card": (_call, nth) => (nth === 0 ? "network-error" : { status: 200, body: card({ phoneMasked: "0912 *** 678" }) }),
    });
    await openAccount();

    expect(await screen.findByText("0912 *** 678")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Thêm số điện thoại" })).not.toBeInTheDocument();
  });

  it("offers to add a phone only when none is on file", async () => {
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": { status: 200, body: card({ phoneMasked: null }) } });
    await openAccount();
    expect(await screen.findByRole("button", { name: "Thêm số điện thoại" })).toBeInTheDocument();
  });

  it("has no Log out inside Zalo (it would sign straight back in), and keeps it in the browser", async () => {
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": { status: 200, body: card() } });
    vi.stubGlobal("ZJSBridge", {});
    const inside = await openAccount();
    expect(screen.getByRole("radiogroup", { name: "Ngôn ngữ" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Đăng xuất" })).not.toBeInTheDocument();
    inside.unmount();

    vi.unstubAllGlobals();
    mockApi({ "GET /me": { status: 200, body: me() }, "GET /members/me/card": { status: 200, body: card() } });
    await openAccount();
    expect(screen.getByRole("button", { name: "Đăng xuất" })).toBeInTheDocument();
  });
});
