import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { HEALTH_DEV, HEALTH_PROD, SESSION, loginResponse, meResponse } from "../test-support/fixtures";
import { apiError, membersHandler, mockApi } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession, storedSession } from "../test-support/render-console";

const LINK_TOKEN = "tok_0123456789abcdef0123";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
});

/** The API of a dev-mode server where sign-in succeeds. */
function devServer(overrides: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/health": { body: HEALTH_DEV },
    "POST /api/console/auth/dev": ({ body }) => ({ body: loginResponse((body as { role: "manager" | "marketer" }).role) }),
    "POST /api/console/auth/link": { body: loginResponse() },
    "GET /api/me": { body: meResponse() },
    "GET /api/console/members": membersHandler,
    "POST /api/console/auth/logout": { status: 204 },
    ...overrides,
  });
}

describe("login page", () => {
  it("sends an unauthenticated visitor to /login", async () => {
    devServer();
    renderConsole("/members");
    expect(await screen.findByRole("heading", { level: 1, name: "LoyalLoop Console" })).toBeInTheDocument();
    expect(currentLocation().pathname).toBe("/login");
  });

  it("signs in with the dev manager button, stores the session and opens Members", async () => {
    const api = devServer();
    renderConsole("/login");

    await userEvent.click(await screen.findByRole("button", { name: "Quản lý" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Thành viên" })).toBeInTheDocument();
    expect(currentLocation().pathname).toBe("/members");
    expect(api.to("POST", "/api/console/auth/dev")[0]?.body).toEqual({ role: "manager" });
    expect(storedSession()).toEqual(SESSION);
    // The shell shows who signed in, with the Vietnamese role label.
    expect(screen.getByText("Đỗ Minh Châu")).toBeInTheDocument();
    expect(screen.getByText("Quản lý")).toBeInTheDocument();
    // Subsequent API calls carry the new access token.
    const membersCall = await waitFor(() => {
      const call = vi.mocked(fetch).mock.calls.find(([url]) => String(url).startsWith("/api/console/members"));
      expect(call).toBeDefined();
      return call!;
    });
    expect((membersCall[1]?.headers as Record<string, string>).authorization).toBe(`Bearer ${SESSION.accessToken}`);
  });

  it("signs in as marketer with the Marketer button", async () => {
    const api = devServer();
    renderConsole("/login");
    await userEvent.click(await screen.findByRole("button", { name: "Marketer" }));
    await screen.findByRole("heading", { level: 1, name: "Thành viên" });
    expect(api.to("POST", "/api/console/auth/dev")[0]?.body).toEqual({ role: "marketer" });
  });

  it("hides quick sign-in when the server is not in dev identity mode", async () => {
    const api = devServer({ "GET /api/health": { body: HEALTH_PROD } });
    renderConsole("/login");
    await waitFor(() => expect(api.to("GET", "/api/health")).toHaveLength(1));
    expect(screen.getByRole("heading", { name: "Mã đăng nhập một lần" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Đăng nhập nhanh (dev)" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Quản lý" })).not.toBeInTheDocument();
  });

  it("signs in automatically from a /login?token=… link and drops the token from the URL", async () => {
    const api = devServer();
    renderConsole(`/login?token=${LINK_TOKEN}`);

    expect(await screen.findByRole("heading", { level: 1, name: "Thành viên" })).toBeInTheDocument();
    expect(api.to("POST", "/api/console/auth/link").map((r) => r.body)).toEqual([{ token: LINK_TOKEN }]);
    expect(currentLocation().pathname).toBe("/members");
    expect(currentLocation().search).toBe("");
    expect(storedSession()).toEqual(SESSION);
  });

  it("shows why an invalid link failed and stays signed out", async () => {
    devServer({ "POST /api/console/auth/link": apiError(401, "login_link_invalid") });
    renderConsole(`/login?token=${LINK_TOKEN}`);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Mã đăng nhập không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy xin một liên kết mới.",
    );
    expect(currentLocation().pathname).toBe("/login");
    expect(currentLocation().searchParams.has("token")).toBe(false);
    expect(storedSession()).toBeNull();
  });

  it("accepts a pasted full sign-in link in the code form", async () => {
    const api = devServer({ "GET /api/health": { body: HEALTH_PROD } });
    renderConsole("/login");

    const input = screen.getByLabelText("Mã đăng nhập");
    expect(screen.getByRole("button", { name: "Đăng nhập" })).toBeDisabled();
    await userEvent.type(input, `https://loyalloop.example/console/login?token=${LINK_TOKEN}`);
    await userEvent.click(screen.getByRole("button", { name: "Đăng nhập" }));

    await screen.findByRole("heading", { level: 1, name: "Thành viên" });
    expect(api.to("POST", "/api/console/auth/link")[0]?.body).toEqual({ token: LINK_TOKEN });
  });

  it("explains dev_identity_disabled", async () => {
    devServer({ "POST /api/console/auth/dev": apiError(403, "dev_identity_disabled") });
    renderConsole("/login");
    await userEvent.click(await screen.findByRole("button", { name: "Quản lý" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Đăng nhập nhanh chỉ dùng được khi máy chủ chạy ở chế độ dev.");
    expect(storedSession()).toBeNull();
  });

  it("explains a network failure", async () => {
    devServer({ "POST /api/console/auth/link": "network-error" });
    renderConsole("/login");
    await userEvent.type(screen.getByLabelText("Mã đăng nhập"), LINK_TOKEN);
    await userEvent.click(screen.getByRole("button", { name: "Đăng nhập" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.");
    expect(currentLocation().pathname).toBe("/login");
  });

  it("returns to the page the user first asked for", async () => {
    devServer();
    renderConsole("/segments");
    await userEvent.click(await screen.findByRole("button", { name: "Quản lý" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Phân khúc" })).toBeInTheDocument();
    expect(currentLocation().pathname).toBe("/segments");
  });
});

describe("signed-in shell", () => {
  it("signs out: ends the server session, forgets the tokens and shows the login page", async () => {
    storeSession();
    const api = devServer();
    renderConsole("/members");

    await userEvent.click(await screen.findByRole("button", { name: "Đăng xuất" }));

    expect(await screen.findByRole("heading", { level: 1, name: "LoyalLoop Console" })).toBeInTheDocument();
    const logout = api.to("POST", "/api/console/auth/logout");
    expect(logout).toHaveLength(1);
    expect(logout[0]!.headers?.get("authorization")).toBe(`Bearer ${SESSION.accessToken}`);
    expect(storedSession()).toBeNull();
  });

  it("a new tab with only the session cookie is signed in: the access token comes from the cookie refresh", async () => {
    // No access token in this tab; the browser holds the httpOnly cookie (not visible here).
    const api = devServer({ "POST /api/console/auth/refresh": { body: SESSION } });
    renderConsole("/members");
    expect(await screen.findByRole("heading", { level: 1, name: "Thành viên" })).toBeInTheDocument();
    const refresh = api.to("POST", "/api/console/auth/refresh");
    expect(refresh).toHaveLength(1);
    // The CSRF header the server requires of cookie-authenticated requests.
    expect(refresh[0]!.headers?.get("x-loyalloop-console")).toBe("1");
    expect(storedSession()).toEqual(SESSION);
  });

  it("a new tab without a live cookie shows the login page", async () => {
    const api = devServer({ "POST /api/console/auth/refresh": apiError(401, "refresh_invalid") });
    renderConsole("/members");
    expect(await screen.findByRole("heading", { level: 1, name: "LoyalLoop Console" })).toBeInTheDocument();
    expect(api.to("POST", "/api/console/auth/refresh")).toHaveLength(1);
    expect(currentLocation().pathname).toBe("/login");
  });

  it("renews an expired access token through the cookie and retries", async () => {
    storeSession();
    let meCalls = 0;
    const api = devServer({
      "GET /api/me": () => (++meCalls === 1 ? apiError(401, "token_expired") : { body: meResponse() }),
      "POST /api/console/auth/refresh": { body: { ...SESSION, accessToken: "renewed-access-token" } },
    });
    renderConsole("/members");
    expect(await screen.findByRole("heading", { level: 1, name: "Thành viên" })).toBeInTheDocument();
    expect(api.to("POST", "/api/console/auth/refresh")).toHaveLength(1);
    expect(api.to("GET", "/api/me")[1]!.headers?.get("authorization")).toBe("Bearer renewed-access-token");
  });

  it("drops a stored session the server no longer accepts", async () => {
    storeSession();
    devServer({ "GET /api/me": apiError(401, "unauthenticated") });
    renderConsole("/members");
    expect(await screen.findByRole("heading", { level: 1, name: "LoyalLoop Console" })).toBeInTheDocument();
    expect(storedSession()).toBeNull();
  });

  it("switches the whole console to English and remembers it", async () => {
    storeSession();
    devServer();
    renderConsole("/members");
    expect(
      within(await screen.findByRole("navigation", { name: "Điều hướng chính" })).getByRole("link", { name: "Thành viên" }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "English" }));

    expect(within(screen.getByRole("navigation", { name: "Main navigation" })).getByRole("link", { name: "Members" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Members" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem("loyalloop.console.locale")).toBe("en");
  });
});
