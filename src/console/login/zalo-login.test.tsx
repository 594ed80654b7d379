import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { HEALTH_DEV, HEALTH_PROD } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { currentLocation, renderConsole } from "../test-support/render-console";

const leave = vi.hoisted(() => vi.fn());
vi.mock("../common/leave", () => ({ leaveFor: leave }));

const CONSENT = "https://oauth.zaloapp.com/v4/permission?app_id=1&code_challenge=x&state=y";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  leave.mockReset();
});

function server(overrides: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/health": { body: HEALTH_PROD },
    "POST /api/console/auth/refresh": apiError(401, "refresh_invalid"),
    "POST /api/console/auth/zalo/start": { body: { consentUrl: CONSENT, expiresAt: "2099-01-01T00:00:00.000Z" } },
    ...overrides,
  });
}

describe("signing in with Zalo", () => {
  it("offers Zalo where the server has a Zalo app, and sends the browser to Zalo's consent page", async () => {
    const api = server();
    renderConsole("/login");
    await userEvent.click(await screen.findByRole("button", { name: "Đăng nhập bằng Zalo" }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith(CONSENT));
    expect(api.to("POST", "/api/console/auth/zalo/start")).toHaveLength(1);
    // The one-time code stays as the fallback.
    expect(screen.getByRole("heading", { name: "Mã đăng nhập một lần" })).toBeInTheDocument();
  });

  it("does not offer Zalo in dev identity mode", async () => {
    const api = server({ "GET /api/health": { body: HEALTH_DEV } });
    renderConsole("/login");
    await waitFor(() => expect(api.to("GET", "/api/health")).toHaveLength(1));
    expect(await screen.findByRole("button", { name: "Quản lý" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Đăng nhập bằng Zalo" })).not.toBeInTheDocument();
  });

  it("says in words why the callback refused, and drops the code from the address bar", async () => {
    server();
    renderConsole("/login?zalo=not_linked");
    expect(await screen.findByRole("alert")).toHaveTextContent("Tài khoản Zalo này chưa được liên kết với người dùng console nào");
    await waitFor(() => expect(currentLocation().search).toBe(""));
  });

  it("translates a refused start (rate limit) and leaves nothing half-done", async () => {
    server({ "POST /api/console/auth/zalo/start": apiError(429, "rate_limited") });
    renderConsole("/login");
    await userEvent.click(await screen.findByRole("button", { name: "Đăng nhập bằng Zalo" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Bạn thử quá nhiều lần");
    expect(leave).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Đăng nhập bằng Zalo" })).toBeEnabled();
  });

  it("ignores a hand-edited result it does not know", async () => {
    const api = server();
    renderConsole("/login?zalo=%3Cscript%3E");
    await waitFor(() => expect(api.to("GET", "/api/health")).toHaveLength(1));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
